"""One workflow per campaign (per year for a yearly one): deadlines, extensions, the council, the decision.

It closes submissions when the deadline comes, grants units extensions, watches the appraisal deadline,
runs the council session over every appraised nominee, drafts the one decision of the campaign, has it
signed with a number of the issuer's series, and tells each dossier workflow its nominees' outcome.
"""

import asyncio
from datetime import date, datetime, time, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.campaign import CampaignActivities
    from common.text import VN_TZ, vn_date
    from schemas.campaign import EmulationPlan
    from schemas.council import (
        ACTIONS,
        BEFORE_SESSION,
        Awardee,
        CallSession,
        CampaignEvent,
        CampaignStart,
        CampaignState,
        CastBallot,
        CloseSession,
        CouncilOutcome,
        Decision,
        DeadlineNotice,
        DossierMessage,
        Extension,
        GrantExtension,
        HigherAnswer,
        NomineeOutcome,
        OpenSession,
        Phase,
        RecordHigherAnswer,
        RecordWrittenOpinion,
        SaveCampaign,
        Session,
        SessionCall,
        wrong_phase,
    )
    from schemas.dossier_actions import ROLE_NAMES, Actor
    from schemas.errors import user_error
    from workflows.mail import deliver_later
    from workflows.ballot_pages import BallotPages
    from workflows.campaign_decision import DURABLE_STEPS, CampaignDecision
    from workflows.campaign_settings import CampaignSettingsSteps
    from workflows.council_opening import CouncilOpening
    from workflows.council_ties import CouncilTies
    from workflows.dossier_telling import HEARTBEAT_TIMEOUT, DossierTelling
    from workflows.tally import count_votes, tally

DB_TIMEOUT = timedelta(seconds=30)
# Sessions opened from this change on rank women first among equal votes (Session.women_first).
WOMEN_FIRST = "council-ties-women-first"
# Sessions opened from this change on rank by the plan's chain (Session.ranking) and send a tie at a hard
# quota's edge to a re-vote, then to the chair, instead of cutting it by the appraisal order.
RANKING_CHAIN = "council-ranking-chain"
GROUP_NAMES = {"collective": "tập thể", "individual": "cá nhân"}


def start_of(day: date) -> datetime:
    """The moment a day begins in Vietnam."""
    return datetime.combine(day, time(), VN_TZ)


@workflow.defn
class CampaignWorkflow(CampaignSettingsSteps, CampaignDecision, CouncilTies, CouncilOpening, BallotPages, DossierTelling):
    @workflow.init
    def __init__(self, start: CampaignStart) -> None:
        self.settings: EmulationPlan = start.settings
        # The deadlines the plan fixes; those hanging on an event wait for its date (workflows/campaign_settings.py).
        due = self.settings.deadlines.resolve({})
        last_submission = due.get("submission")
        self.state = CampaignState(
            code=self.settings.code,
            title=self.settings.plan.title,
            submit_before=last_submission + timedelta(days=1) if last_submission else None,
            appraisal_due=due.get("appraisal"),
            due=due,
        )
        self.woken = False  # set by every handler that may move a deadline
        self.appraisal_reported = False
        self.opening = False  # the session's candidates are being read: a second opening must wait
        self.saved_seq = 0
        # ("ballot", member's user id) or ("opinion", absent member's id) → the pages received (workflows/ballot_pages.py)
        self.held_votes = {}

    @workflow.run
    async def run(self, start: CampaignStart) -> Phase:
        await self._record("start", None, f"Hạn nộp: {self._deadline_text()}")
        while not self._finished():
            deadline, on_expiry = self._next_deadline()
            self.woken = False
            try:
                # A durable timer to the nearest deadline; a handler that moves a deadline wakes it early.
                await workflow.wait_condition(
                    lambda: self.woken,
                    timeout=None if deadline is None else max(deadline - workflow.now(), timedelta(seconds=1)),
                )
            except asyncio.TimeoutError:
                await on_expiry()
        await workflow.wait_condition(workflow.all_handlers_finished)
        return self.state.phase

    def _finished(self) -> bool:
        waiting_for_higher = bool(self.state.higher_proposal) and self.state.higher_answer is None
        return self.state.phase == Phase.recognised and not waiting_for_higher

    def _next_deadline(self):
        """The nearest pending deadline and what to do when it passes, or (None, None)."""
        pending = []
        if self.state.phase == Phase.open and self.state.submit_before:
            pending.append((start_of(self.state.submit_before), self._close_submissions))
        if self.state.appraisal_due and not self.appraisal_reported and self.state.phase in BEFORE_SESSION:
            pending.append((start_of(self.state.appraisal_due + timedelta(days=1)), self._appraisal_overdue))
        pending += self._overdue_deadlines()  # the council's and the signature's, where the plan sets them
        return min(pending, key=lambda item: item[0]) if pending else (None, None)

    async def _close_submissions(self) -> None:
        if self.state.phase != Phase.open:  # the session opened while the timer fired
            return
        self.state.phase = Phase.closed
        kinds = [k.code for k in self.settings.subject_kinds if k.group == "collective"]
        missing = await workflow.execute_local_activity_method(
            CampaignActivities.units_not_submitted, args=[self.state.code, kinds], start_to_close_timeout=DB_TIMEOUT
        )
        detail = "Đơn vị chưa nộp: " + (", ".join(missing) if missing else "không có")
        await self._record("close_submissions", None, detail)

    async def _appraisal_overdue(self) -> None:
        self.appraisal_reported = True
        late = await workflow.execute_local_activity_method(
            CampaignActivities.dossiers_not_appraised, self.state.code, start_to_close_timeout=DB_TIMEOUT
        )
        if late:
            detail = f"Hạn thẩm định {vn_date(self.state.appraisal_due)} đã qua; chưa xong: " + "; ".join(late)
            await self._record("appraisal_overdue", None, detail)

    # --- reads ------------------------------------------------------------------------------------

    @workflow.query
    def current(self) -> CampaignState:
        return self.state

    @workflow.update
    async def started(self) -> None:
        """Replies once the campaign's first event is in the database, so that a read finds it."""
        await workflow.wait_condition(lambda: self.saved_seq >= 1)

    # --- deadlines --------------------------------------------------------------------------------

    @workflow.update
    async def grant_extension(self, request: GrantExtension) -> CampaignEvent:
        extension = Extension(**request.model_dump(exclude={"actor"}))
        self.state.extensions[extension.unit_id] = extension
        self.woken = True
        detail = f"{extension.unit_name}: nộp trước ngày {vn_date(extension.until)}. Lý do: {extension.reason}"
        saved = await self._record("grant_extension", request.actor, detail)
        dossiers = await workflow.execute_local_activity_method(
            CampaignActivities.unit_dossiers, args=[self.state.code, extension.unit_id], start_to_close_timeout=DB_TIMEOUT
        )
        payload = DeadlineNotice(until=extension.until, reason=extension.reason).model_dump(mode="json")
        messages = [DossierMessage(dossier_id=d, payload=payload) for d in dossiers]
        # Named after this event: a second extension for the same unit is a new update, not a retry.
        await self._tell("extend_deadline", messages, occasion=f"-{saved.seq}")
        return saved

    @grant_extension.validator
    def check_grant_extension(self, request: GrantExtension) -> None:
        self._check("grant_extension", request.actor)
        if not request.reason.strip():
            raise user_error("REASON_REQUIRED", action=ACTIONS["grant_extension"].name)
        today = self._today()
        if request.until <= today:
            raise user_error("DUE_DATE_PASSED", due_date=vn_date(request.until), today=vn_date(today))
        if self.state.submit_before and request.until <= self.state.submit_before:
            raise user_error(
                "INVALID_INPUT",
                problems=f"hạn gia hạn phải sau hạn chung (trước ngày {vn_date(self.state.submit_before)}).",
            )

    # set_event_date: workflows/campaign_settings.py, with the settings' versions.

    # --- the council session ----------------------------------------------------------------------

    @workflow.update
    async def call_session(self, request: CallSession) -> CampaignEvent:
        self.state.call = SessionCall(**request.model_dump(exclude={"actor"}))
        detail = f"Họp ngày {vn_date(request.session_date)}"
        if request.session_time:
            detail += f", {request.session_time}"
        if request.location:
            detail += f", tại {request.location}"
        return await self._record("call_session", request.actor, detail)

    @call_session.validator
    def check_call_session(self, request: CallSession) -> None:
        self._check("call_session", request.actor)
        today = self._today()
        if request.session_date < today:
            raise user_error("SESSION_DATE_PASSED", session_date=vn_date(request.session_date), today=vn_date(today))

    @workflow.update
    async def open_session(self, request: OpenSession) -> CampaignEvent:
        candidates = request.candidates or []
        if workflow.patched(DURABLE_STEPS):
            # The workflow reads its candidates itself, and the read is in its history before any dossier
            # is told: a retry after a crash opens the session over the same list, whatever moved since.
            self.opening = True
            try:
                candidates = await self._candidates()
            finally:
                self.opening = False
            if not candidates:
                raise user_error("NO_CANDIDATES")
        session = request.model_dump(exclude={"actor", "candidates", "early_reason", "waiting_units"})
        self.state.session = Session(**session, candidates=candidates)
        early = self._note_early_opening(request, self.state.session)  # before the phase moves on
        # Women first among equal votes (NĐ 152/2025 Điều 4): decided here, in the handler, for the whole
        # session, since the closing's validator ranks too and cannot ask; sessions opened before rank without.
        if workflow.patched(WOMEN_FIRST):
            self.state.session.women_first = True
        if workflow.patched(RANKING_CHAIN):
            self.state.session.ranking = self.settings.council.ranking.model_copy(deep=True)
        self.state.phase = Phase.in_session
        self.woken = True
        detail = (
            f"Phiên họp ngày {vn_date(request.session_date)}: có mặt {len(request.present)}/{len(request.members)} "
            f"thành viên; {len(candidates)} tập thể, cá nhân được trình{early}"
        )
        saved = await self._record("open_session", request.actor, detail)
        dossiers = sorted({c.dossier_id for c in candidates})
        await self._tell("council_opened", [DossierMessage(dossier_id=d) for d in dossiers])
        return saved

    @open_session.validator
    def check_open_session(self, request: OpenSession) -> None:
        self._check("open_session", request.actor)
        if self.opening:
            raise user_error("SESSION_OPENING")
        if request.candidates is not None and not request.candidates:  # sent by the web before (histories)
            raise user_error("NO_CANDIDATES")
        members = {m.user_id for m in request.members}
        for user_id in request.present:
            if user_id not in members:
                raise user_error("NOT_A_MEMBER", name=f"Người dùng số {user_id}")
        needed = self.settings.council.quorum_needed(len(members))
        present = len(set(request.present))
        if present < needed:
            raise user_error("COUNCIL_NO_QUORUM", present=present, members=len(members), required=needed)
        self._check_early_opening(request)

    @workflow.update
    async def cast_ballot(self, request: CastBallot) -> CampaignEvent:
        self.state.session.ballots[request.actor.user_id] = request.votes
        return await self._record("cast_ballot", request.actor, f"{request.actor.name} đã bỏ phiếu")

    @cast_ballot.validator
    def check_cast_ballot(self, request: CastBallot) -> None:
        self._check_ballot(request, whole=True)

    @workflow.update
    async def record_written_opinion(self, request: RecordWrittenOpinion) -> CampaignEvent:
        self.state.session.written_opinions[request.member_id] = request.votes
        member = self._member(request.member_id)
        return await self._record("record_written_opinion", request.actor, f"Ý kiến bằng văn bản của {member.name}")

    @record_written_opinion.validator
    def check_record_written_opinion(self, request: RecordWrittenOpinion) -> None:
        self._check_written_opinion(request, whole=True)

    @workflow.update
    async def close_session(self, request: CloseSession) -> CampaignEvent:
        session = self.state.session
        results = count_votes(self.settings, session)
        reasons = {group: reason.strip() for group, reason in request.over_quota_reasons.items() if reason.strip()}
        if session.open_tie():  # its ballots, or its decision, are in (the validator saw to it): counted now
            session.open_tie().closed = True
        outcome = tally(self.settings, session, results, reasons)
        if outcome.ties:  # never cut silently: the council takes the tie again, the session stays open
            return await self._tie_round(request, outcome.ties[0])
        self.state.results = results
        form = self.settings.award_forms[0]
        # By the law in force today; signing computes it again by the decision's date.
        awardees = [
            Awardee(candidate=r.candidate, award_form=form.name, bonus_vnd=self._bonus(r.candidate.group, self._today()))
            for r in results
            if r.awarded
        ]
        self.state.decision = Decision(
            awardees=awardees, total_bonus_vnd=sum(a.bonus_vnd for a in awardees), over_quota_reasons=reasons
        )
        self.state.higher_proposal = request.propose_higher
        self.state.phase = Phase.decided
        self.woken = True
        detail = f"{len(awardees)}/{len(results)} được đề nghị khen thưởng"
        if request.propose_higher:
            detail += f"; {len(request.propose_higher)} đề nghị {self.settings.higher_award.name}"
        saved = await self._record("close_session", request.actor, detail)
        by_dossier: dict[str, list[NomineeOutcome]] = {}
        for result in results:
            outcome = NomineeOutcome(
                nominee_key=result.candidate.nominee_key, approved=result.awarded, reason=result.reason
            )
            by_dossier.setdefault(result.candidate.dossier_id, []).append(outcome)
        messages = [
            DossierMessage(dossier_id=dossier_id, payload=CouncilOutcome(outcomes=outcomes).model_dump(mode="json"))
            for dossier_id, outcomes in sorted(by_dossier.items())
        ]
        await self._tell("council_outcome", messages)
        return saved

    @close_session.validator
    def check_close_session(self, request: CloseSession) -> None:
        self._check("close_session", request.actor)
        session = self.state.session
        missing = [m.name for m in session.members if m.user_id in session.present and m.user_id not in session.ballots]
        if missing:
            raise user_error("BALLOTS_MISSING", names=", ".join(missing))
        self._check_tie_closed()
        results = count_votes(self.settings, session)
        reasons = {group: reason for group, reason in request.over_quota_reasons.items() if reason.strip()}
        outcome = tally(self.settings, session, results, reasons)
        for group in outcome.unexplained:
            count = sum(1 for r in results if r.passed_threshold and r.candidate.group == group)
            raise user_error(
                "QUOTA_REASON_REQUIRED", group=group, group_name=GROUP_NAMES[group], count=count,
                max=outcome.limits[group].number,
            )
        if outcome.ties:  # this closing opens a round on the tie; the proposals wait for the closing after it
            return
        if request.propose_higher:
            if self.settings.higher_award is None:
                raise user_error("NO_HIGHER_AWARD")
            awarded = {r.candidate.ref for r in results if r.awarded}
            for ref in request.propose_higher:
                self._candidate(ref)
            not_awarded = [ref for ref in request.propose_higher if ref not in awarded]
            if not_awarded:
                names = ", ".join(self._candidate(ref).name for ref in not_awarded)
                raise user_error("HIGHER_NOT_AWARDED", names=names)

    # --- the decision: sign_decision, file_signed_decision, recognise in workflows/campaign_decision.py ----

    @workflow.update
    async def record_higher_answer(self, request: RecordHigherAnswer) -> CampaignEvent:
        self.state.higher_answer = HigherAnswer(**request.model_dump(exclude={"actor"}))
        self.woken = True
        names = ", ".join(self._candidate(ref).name for ref in request.accepted) or "không có"
        detail = f"Quyết định số {request.decision_number} ngày {vn_date(request.decided_on)}: được khen thưởng: {names}"
        return await self._record("record_higher_answer", request.actor, detail)

    @record_higher_answer.validator
    def check_record_higher_answer(self, request: RecordHigherAnswer) -> None:
        self._check("record_higher_answer", request.actor)
        if not self.state.higher_proposal:
            raise user_error("NO_HIGHER_AWARD")
        for ref in request.accepted:
            if ref not in self.state.higher_proposal:
                raise user_error("UNKNOWN_CANDIDATE", ref=ref)

    # --- helpers ----------------------------------------------------------------------------------

    async def _record(self, action: str, actor: Actor | None, detail: str | None = None) -> CampaignEvent:
        """Save the event and the state after it; the event is the step's reply (the state is read elsewhere)."""
        self.state.seq += 1
        event = CampaignEvent(seq=self.state.seq, action=action, actor=actor, detail=detail, at=workflow.now())
        # A local activity: a short database write by this worker, no round trip through a task queue.
        # It writes the event's mails to the outbox in the same transaction, and returns their keys.
        mails = await workflow.execute_local_activity_method(
            CampaignActivities.save_campaign_run,
            SaveCampaign.of(self.state, event),
            start_to_close_timeout=DB_TIMEOUT,
        )
        self.saved_seq = max(self.saved_seq, event.seq)
        # Histories from before event mails carry no keys here (tests/histories).
        if mails and workflow.patched("event-mails"):
            await deliver_later(mails)
        return event

    async def _read(self, activity, arg):
        """A read of the database recorded in the history, by a regular activity (see DURABLE_STEPS)."""
        return await workflow.execute_activity_method(
            activity, arg, start_to_close_timeout=DB_TIMEOUT, heartbeat_timeout=HEARTBEAT_TIMEOUT
        )

    def _check(self, action: str, actor: Actor) -> None:
        rule = ACTIONS[action]
        if actor.role not in rule.roles:
            raise user_error("WRONG_ROLE", role=ROLE_NAMES[actor.role], action=rule.name)
        if self.state.phase not in rule.phases:
            raise user_error("CAMPAIGN_WRONG_PHASE", **wrong_phase(action, self.state.phase))

    def _member(self, user_id: int, name: str | None = None):
        member = next((m for m in self.state.session.members if m.user_id == user_id), None)
        if member is None:
            raise user_error("NOT_A_MEMBER", name=name or f"Người dùng số {user_id}")
        return member

    def _candidate(self, ref: str):
        candidate = next((c for c in self.state.session.candidates if c.ref == ref), None)
        if candidate is None:
            raise user_error("UNKNOWN_CANDIDATE", ref=ref)
        return candidate

    def _awarded_dossiers(self) -> list[str]:
        return sorted({a.candidate.dossier_id for a in self.state.decision.awardees})

    def _bonus(self, group, on: date) -> int:
        return self.settings.bonus_vnd(self.settings.award_forms[0], group, on)

    def _today(self) -> date:
        return workflow.now().astimezone(VN_TZ).date()
