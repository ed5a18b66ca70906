"""One workflow per nomination dossier, from the unit's draft to public recognition.

Every human action is an Update: its validator refuses a wrong role, unit, stage or input before
anything is written to the workflow's history, and its handler changes the state and saves the event
to the database through an activity. The only timer is the supplement deadline.
"""

import asyncio
from datetime import date, datetime, time, timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

# Plain models and rules, deterministic: passed through so each workflow run doesn't re-import them.
with workflow.unsafe.imports_passed_through():
    from activities.dossier import DossierActivities
    from common.text import VN_TZ, vn_date
    from schemas.dossier import (
        Act,
        AddNominee,
        AttachDocument,
        CheckFindings,
        Document,
        DossierEvent,
        DossierStart,
        DossierState,
        Minutes,
        Nominee,
        NomineeInput,
        RecordMinutes,
        SaveDossier,
    )
    from schemas.dossier_actions import (
        ACTIONS,
        FINAL_STAGES,
        NOMINEE_STATUS_NAMES,
        Actor,
        NomineeStatus,
        Stage,
        check_actor,
        wrong_stage,
    )
    from schemas.errors import user_error
    from schemas.quotas import QuotaClaim, UnitCount
    from schemas.corrections import document_rule, is_other
    from workflows.dossier_appraisal import Appraisal
    from workflows.dossier_campaign_steps import CampaignSteps
    from workflows.dossier_corrections import Corrections
    from workflows.dossier_recall import Recall
    from workflows.dossier_records import RecordsAndChecks
    from workflows.dossier_terms import (
        MINUTES_DOCUMENT,
        PROPOSED_WITHOUT_MEETING,
        QUOTA_REFUSALS,
        RULES_FROM_CAMPAIGN,
        SAME_CONTENT,
        SAVE_TIMEOUT,
    )
    from workflows.mail import deliver_later


@workflow.defn
class DossierWorkflow(Appraisal, CampaignSteps, RecordsAndChecks, Recall, Corrections):
    # @workflow.init: the state exists before the first update handler runs, even one sent with the start.
    @workflow.init
    def __init__(self, start: DossierStart) -> None:
        self.rules = start.rules
        self.state = DossierState(
            dossier_id=start.dossier_id,
            title=start.title,
            campaign_code=start.rules.campaign_code,
            unit_id=start.unit_id,
            unit_name=start.unit_name,
        )
        for nominee in start.nominees:
            self._add(nominee)
        self.saved_seq = 0
        self.submitting = False  # a submission's save, which may refuse it, is under way
        self.rules_seq = 0  # the campaign event the rules follow (RulesChanged.campaign_seq)

    @workflow.run
    async def run(self, start: DossierStart) -> Stage:
        await self._record("create", start.created_by, Stage.draft, f"{len(self.state.nominees)} đề nghị")
        if workflow.patched(RULES_FROM_CAMPAIGN):
            # After the save: a campaign change saved before it is read here, one saved after tells this dossier.
            await self._read_rules()
        while self.state.stage not in FINAL_STAGES:
            if self.state.stage == Stage.supplement_requested:
                await self._wait_for_supplement()
            else:
                stage = self.state.stage
                await workflow.wait_condition(lambda: self.state.stage != stage)
        # Let an update that ended the dossier finish saving and reply before the workflow completes.
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self.state.stage

    async def _wait_for_supplement(self) -> None:
        request = self.state.supplement
        assert request is not None
        # "By the due date" ends when the next day begins in Vietnam.
        deadline = datetime.combine(request.due_date + timedelta(days=1), time(), VN_TZ)
        try:
            # A durable timer: it survives worker restarts, and the supplement update ends the wait early.
            await workflow.wait_condition(
                lambda: self.state.stage != Stage.supplement_requested or self.state.supplement is not request,
                timeout=max(deadline - workflow.now(), timedelta(seconds=1)),
            )
        except asyncio.TimeoutError:
            self.state.stage = Stage.lapsed
            self.state.stage_reason = f"Đơn vị không bổ sung hồ sơ trong hạn (hạn {vn_date(request.due_date)})."
            await self._record("lapse", None, Stage.supplement_requested, self.state.stage_reason)

    # --- reads ------------------------------------------------------------------------------------

    @workflow.query
    def current(self) -> DossierState:
        return self.state

    @workflow.update
    async def created(self) -> int:
        """Sent with the start: replies once the dossier's first event is in the database."""
        await workflow.wait_condition(lambda: self.saved_seq >= 1)
        return self.state.seq

    # --- the unit ---------------------------------------------------------------------------------

    @workflow.update
    async def add_nominee(self, request: AddNominee) -> int:
        if self._same_nominee(request.nominee) and workflow.patched(SAME_CONTENT):
            return await self._as_saved()
        nominee = self._add(request.nominee)
        return await self._record("add_nominee", request.actor, Stage.draft, nominee.name)

    @add_nominee.validator
    def check_add_nominee(self, request: AddNominee) -> None:
        self._check("add_nominee", request.actor)
        nominee = request.nominee
        if self._same_nominee(nominee):
            return  # a retry: the nominee is there already, as sent
        others = [(n.group, n.name) for n in self.state.nominees]
        self.rules.check_nominee(nominee.group, nominee.subject_kind, nominee.name, others)

    @workflow.update
    async def record_minutes(self, request: RecordMinutes) -> int:
        if self._same_minutes(request) and workflow.patched(SAME_CONTENT):
            return await self._as_saved()
        before = self.state.stage
        rule = self.rules.unit_meeting
        self.state.minutes = Minutes.model_validate(request.model_dump(exclude={"actor"}))
        for nominee in self.state.nominees:
            votes = request.votes[nominee.key]
            selected = rule.is_selected(votes, request.present, request.members)
            nominee.status = NomineeStatus.selected if selected else NomineeStatus.not_selected
            tally = f"{votes}/{request.present if rule.majority_of == 'present' else request.members} phiếu"
            nominee.reasons = [f"Họp bình xét ngày {vn_date(request.meeting_date)}: {tally}."]
        self.state.stage = Stage.minutes_recorded
        selected = sum(n.status == NomineeStatus.selected for n in self.state.nominees)
        detail = f"Họp ngày {vn_date(request.meeting_date)}, có mặt {request.present}/{request.members}; {selected} được bình xét"
        return await self._record("record_minutes", request.actor, before, detail)

    @record_minutes.validator
    def check_record_minutes(self, request: RecordMinutes) -> None:
        self._check("record_minutes", request.actor)
        if not self.state.nominees:
            raise user_error("NO_NOMINEES")
        if request.meeting_date > self._today():
            raise user_error("MINUTES_DATE_IN_FUTURE", meeting_date=vn_date(request.meeting_date))
        if request.present > request.members:
            raise user_error(
                "INVALID_INPUT", problems=f"số người dự họp ({request.present}) lớn hơn số thành viên ({request.members})."
            )
        rule = self.rules.unit_meeting
        needed = rule.quorum_needed(request.members)
        if request.present < needed:
            raise user_error("MINUTES_NO_QUORUM", present=request.present, members=request.members, required=needed)
        for key in request.votes:
            self._nominee(key)
        missing = [n.name for n in self.state.nominees if n.key not in request.votes]
        if missing:
            raise user_error("MINUTES_MISSING_VOTES", names=", ".join(missing))
        for nominee in self.state.nominees:
            if request.votes[nominee.key] > request.present:
                raise user_error(
                    "MINUTES_VOTES_INVALID", name=nominee.name, votes=request.votes[nominee.key], present=request.present
                )
        if not any(
            rule.is_selected(request.votes[n.key], request.present, request.members) for n in self.state.nominees
        ):
            basis = "số người dự họp" if rule.majority_of == "present" else "tổng số thành viên"
            raise user_error("MINUTES_NOBODY_SELECTED", threshold=rule.majority, basis=basis)

    @workflow.update
    async def attach_document(self, request: AttachDocument) -> int:
        if self._same_document(request) and workflow.patched(SAME_CONTENT):
            return await self._as_saved()
        document = Document(
            id=f"D{self.state.seq + 1}",  # named after the event that attaches it
            title=document_rule(self.rules, request.kind).title,  # the plan's, or "Tài liệu khác"
            uploaded_at=workflow.now(),
            uploaded_by=request.actor.name,
            **request.model_dump(exclude={"actor"}),
        )
        self.state.documents.append(document)
        owner = f" của {self._nominee(request.nominee_key).name}" if request.nominee_key else ""
        note = f": {document.description}" if document.description else ""  # what a "Tài liệu khác" is
        return await self._record("attach_document", request.actor, self.state.stage, f"{document.title}{owner}{note}")

    @attach_document.validator
    def check_attach_document(self, request: AttachDocument) -> None:
        self._check("attach_document", request.actor)
        required = document_rule(self.rules, request.kind)
        if required is None:
            allowed = ", ".join(d.kind for d in self.rules.required_documents)
            raise user_error("UNKNOWN_DOCUMENT_KIND", kind=request.kind, allowed=allowed)
        if is_other(self.rules, request.kind):  # "Tài liệu khác": of the dossier, or of one of its nominees
            if request.nominee_key:
                self._nominee(request.nominee_key)
            return
        if required.per == "dossier" and request.nominee_key:
            raise user_error("DOCUMENT_FOR_DOSSIER", title=required.title)
        if required.per == "nominee":
            if not request.nominee_key:
                raise user_error("DOCUMENT_NEEDS_NOMINEE", title=required.title)
            nominee = self._nominee(request.nominee_key)
            if required.group and nominee.group != required.group:
                raise user_error("INVALID_INPUT", problems=f"«{required.title}» không dành cho «{nominee.name}».")

    @workflow.update
    async def submit(self, request: Act) -> int:
        """Submit: the nominees going in are counted with the unit's other dossiers against its quotas by the
        save itself, in its transaction (activities/dossier.py), which refuses over a limit: the submission then
        fails with its code and the dossier is as it was. From the draft (a plan that asks for no unit meeting),
        the nominees go in as the unit proposes them.

        The command is the save of before, its input only grown by the claim: dossiers submitted before replay
        as they ran (tests/test_replay.py), and no marker is added to the history (a patch marker here made the
        next refused Update persist an empty workflow task: tests/test_rejections.py).
        """
        before = self.state.stage
        going_in = self._going_in()
        claim = QuotaClaim(
            campaign_code=self.state.campaign_code,
            dossier_id=self.state.dossier_id,
            unit_id=self.state.unit_id,
            count=UnitCount(
                collectives=sum(n.group == "collective" for n in going_in),
                individuals=sum(n.group == "individual" for n in going_in),
            ),
        )
        proposed = self._propose_as_selected() if before == Stage.draft else []
        self.state.stage = Stage.submitted
        try:
            await self._record("submit", request.actor, before, claim=claim)
        except (ActivityError, ApplicationError) as error:
            cause = error.cause if isinstance(error, ActivityError) else error  # a local activity's: as it raised it
            if not (isinstance(cause, ApplicationError) and cause.type in QUOTA_REFUSALS):
                raise
            if self.state.stage == Stage.submitted:  # as it was, unless another action moved it meanwhile
                self.state.stage = before
            for nominee in proposed:
                if nominee.status == NomineeStatus.selected:
                    nominee.status = NomineeStatus.proposed
                    nominee.reasons.remove(PROPOSED_WITHOUT_MEETING)
                elif nominee.suspended_from == NomineeStatus.selected:
                    nominee.suspended_from = NomineeStatus.proposed
            raise user_error(cause.type, **(cause.details[0] if cause.details else {})) from None
        # Warnings for the unit, which may still fix or withdraw: they do not stop the submission.
        return await self._check_eligibility("submit")

    def _propose_as_selected(self) -> list[Nominee]:
        """Without a meeting, each nominee proposed goes in (one held by a record resumes as going in)."""
        changed = []
        for nominee in self.state.nominees:
            if nominee.status == NomineeStatus.proposed:
                nominee.status = NomineeStatus.selected
                nominee.reasons.append(PROPOSED_WITHOUT_MEETING)
                changed.append(nominee)
            elif nominee.status == NomineeStatus.suspended and nominee.suspended_from == NomineeStatus.proposed:
                nominee.suspended_from = NomineeStatus.selected
                changed.append(nominee)
        return changed

    @submit.validator
    def check_submit(self, request: Act) -> None:
        self._check("submit", request.actor)
        if self.state.stage == Stage.draft:
            if self.rules.unit_meeting.required:  # the meeting's minutes come first
                raise user_error("WRONG_STAGE", **wrong_stage("submit", self.state.stage, {Stage.minutes_recorded}))
            if not self._going_in():
                raise user_error("NO_NOMINEES")
        if self.rules.is_late(workflow.now()):
            raise user_error("SUBMISSION_LATE", deadline=vn_date(self.rules.submit_before))
        self._check_documents()

    @workflow.update
    async def supplement(self, request: Act) -> int:
        self.state.stage = Stage.under_appraisal
        return await self._record("supplement", request.actor, Stage.supplement_requested, request.reason)

    @supplement.validator
    def check_supplement(self, request: Act) -> None:
        self._check("supplement", request.actor)
        self._check_documents()

    @workflow.update
    async def withdraw(self, request: Act) -> int:
        before = self.state.stage
        self.state.stage = Stage.withdrawn
        self.state.stage_reason = request.reason
        return await self._record("withdraw", request.actor, before, request.reason)

    @withdraw.validator
    def check_withdraw(self, request: Act) -> None:
        self._check("withdraw", request.actor)
        self._require_reason("withdraw", request.reason)

    async def _record(
        self, action: str, actor: Actor | None, before: Stage, detail: str | None = None, claim: QuotaClaim | None = None,
        exclusive: bool = False, findings: CheckFindings | None = None, preceded_by: tuple[str, Stage] | None = None,
    ) -> int:
        """Number the event and save it with a snapshot of the state; the save is idempotent on (dossier, seq).

        A local activity: a short database write run by this worker, without a round trip through the
        server's task queue (about 12 ms an update instead of 50, bench/latency.py). A submission's save counts
        its `claim` against the unit's quotas and may refuse it: meanwhile every other event waits, so that none
        is numbered or saved with a state the refusal takes back. A recall's save, which releases the claim, is
        `exclusive` in the same way. `preceded_by` (an action of the service, the stage before it) is numbered
        just before the event, from that stage to the present one, and saved in the same save.

        Returns the event's number, the reply of the Update that made it: the state is read from the database or
        the `current` query, so that the history keeps no copy of the whole state at each step.
        """
        if self.submitting:  # never in histories from before quotas: nothing changes in their replay
            await workflow.wait_condition(lambda: not self.submitting)
        if claim is not None or exclusive:
            self.submitting = True
        earlier = [self._numbered(preceded_by[0], None, preceded_by[1])] if preceded_by else []
        event = self._numbered(action, actor, before, detail)
        # The save also writes the event's mails to the outbox, in the same transaction, and returns their keys.
        try:
            mails = await workflow.execute_local_activity_method(
                DossierActivities.save_dossier,
                SaveDossier.of(self.state, event, earlier=earlier, claim=claim, findings=findings),
                start_to_close_timeout=SAVE_TIMEOUT,
            )
        except (ActivityError, ApplicationError):
            if claim is not None:  # refused: the event was not saved, its number is free again
                self.state.seq -= 1
            raise
        finally:
            if claim is not None or exclusive:
                self.submitting = False
        self.saved_seq = max(self.saved_seq, event.seq)
        # Histories from before event mails carry no keys here (tests/histories).
        if mails and workflow.patched("event-mails"):
            await deliver_later(mails)
        return event.seq

    def _numbered(self, action: str, actor: Actor | None, before: Stage, detail: str | None = None) -> DossierEvent:
        self.state.seq += 1  # the next event, from `before` to the present stage
        return DossierEvent(
            seq=self.state.seq, action=action, actor=actor, stage_before=before, stage_after=self.state.stage,
            detail=detail, at=workflow.now(),
        )

    # A retry sent without its request id, after the first went through, is told apart by its content: the same
    # nominee, the same minutes, the same file (by its SHA-256) as the same kind for the same nominee. It adds
    # nothing and answers as the first did. (Dossiers that took such a repeat before this rule replay it.)

    def _same_nominee(self, nominee: NomineeInput) -> bool:
        sent = nominee.model_dump()
        return any(n.model_dump(include=set(sent)) == sent for n in self.state.nominees)

    def _same_minutes(self, request: RecordMinutes) -> bool:
        minutes = Minutes.model_validate(request.model_dump(exclude={"actor"}))
        return self.state.stage == Stage.minutes_recorded and self.state.minutes == minutes

    def _same_document(self, request: AttachDocument) -> bool:
        sent = (request.sha256, request.kind, request.nominee_key)
        return any((d.sha256, d.kind, d.nominee_key) == sent for d in self.state.documents)

    async def _as_saved(self) -> int:
        """The last event's number once every event so far is saved, so that a read right after the reply agrees."""
        await workflow.wait_condition(lambda: self.saved_seq >= self.state.seq)
        return self.state.seq

    def _check(self, action: str, actor: Actor) -> None:
        """Role, then unit, then stage: the order a person fixes them in."""
        check_actor(action, actor, self.state.unit_id, self.rules.office_lodges)
        self._check_stage(action)

    def _check_stage(self, action: str) -> None:
        if self.state.stage not in ACTIONS[action].stages:
            raise user_error("WRONG_STAGE", **wrong_stage(action, self.state.stage))

    def _going_in(self) -> list[Nominee]:
        """The nominees a submission now sends: those the unit's meeting selected or, submitted from the draft
        (no meeting asked), those proposed; one held by a record under review counts where it was."""
        wanted = {NomineeStatus.selected, NomineeStatus.proposed} if self.state.stage == Stage.draft else {NomineeStatus.selected}
        return [
            n for n in self.state.nominees
            if n.status in wanted or (n.status == NomineeStatus.suspended and n.suspended_from in wanted)
        ]

    def _check_documents(self) -> None:
        attached = {(d.kind, d.nominee_key) for d in self.state.documents}
        # A plan that asks for no meeting asks for its minutes only of a unit that held one anyway.
        no_minutes = not self.rules.unit_meeting.required and self.state.minutes is None
        going_in = {n.key for n in self._going_in()} if self.state.stage == Stage.draft else set()
        missing = []
        for required in self.rules.required_documents:
            if no_minutes and required.kind == MINUTES_DOCUMENT:
                continue
            if required.per == "dossier":
                if (required.kind, None) not in attached:
                    missing.append(required.title)
                continue
            for nominee in self.state.nominees:
                wanted = required.group in (None, nominee.group)
                counted = nominee.status == NomineeStatus.selected or nominee.key in going_in
                if wanted and counted and (required.kind, nominee.key) not in attached:
                    missing.append(f"{required.title} của {nominee.name}")
        if missing:
            raise user_error("MISSING_DOCUMENTS", missing="; ".join(missing), items=missing)

    def _require_reason(self, action: str, reason: str | None) -> None:
        if not (reason and reason.strip()):
            raise user_error("REASON_REQUIRED", action=ACTIONS[action].name)

    def _nominee(self, key: str) -> Nominee:
        nominee = self.state.nominee(key)
        if nominee is None:
            raise user_error("UNKNOWN_NOMINEE", nominee=key)
        return nominee

    def _not_in_play(self, nominee: Nominee, action: str) -> ApplicationError:
        return user_error(
            "NOMINEE_NOT_IN_PLAY",
            name=nominee.name,
            status_name=NOMINEE_STATUS_NAMES[nominee.status],
            action=ACTIONS[action].name,
        )

    def _add(self, nominee: NomineeInput) -> Nominee:
        # A removed nominee's key is not given again (workflows/dossier_corrections.py).
        number = len(self.state.nominees) + len(self.state.removed_nominees) + 1
        added = Nominee(key=f"N{number}", **nominee.model_dump())
        self.state.nominees.append(added)
        return added

    def _today(self) -> date:
        return workflow.now().astimezone(VN_TZ).date()
