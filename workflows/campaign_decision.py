"""The campaign workflow's steps on its decision: signed in the service (sign_decision) or in the province's e-office
and uploaded by the office (file_signed_decision), each with the office's number claimed first; then publicised
(recognise).

Both ways of signing are one step, saved as the same "sign_decision" event with the same state after it: the
awardees checked a last time in their dossiers, the bonuses by the law in force on the day, the number and the
date, the signer; then the decision's file recorded with its hash, made by the service or the PDF uploaded.

A mixin of CampaignWorkflow (its state, `_record`, `_tell`, `_read`, `_check`, `_bonus`, `_today`), kept apart
for its size.
"""

import asyncio
from datetime import timedelta

from temporalio import workflow
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.campaign import CampaignActivities
    from activities.documents import DocumentActivities
    from common.text import vn_date
    from schemas.council import (
        Awardee, CampaignEvent, CandidateResult, CouncilOutcome, Decision, DecisionNotice, DossierMessage,
        NomineeOutcome, Phase, SignDecision,
    )
    from schemas.dossier import Act
    from schemas.errors import user_error

DB_TIMEOUT = timedelta(seconds=30)
# Council steps read the dossiers and tell them as regular activities (see _read and _tell); campaigns
# that went through a step before replay it with the local activities of their day.
DURABLE_STEPS = "durable-council-steps"
# The awardees' refs checked before signing in batches: no event of the history over 64 KB at 10,000 awardees.
REFS_IN_BATCHES = "approved-refs-in-batches"
REFS_BATCH = 2000  # a running campaign replays with it: another size needs a patch of its own
# Decisions signed from this change on record the signer as the decision prints it (a Giấy khen decision is the
# Chairman's own: "CHỦ TỊCH", not "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH"); decisions signed before keep their text.
SIGNED_AS_PRINTED = "signer-as-printed"


# What a nominee's result says where the council does not sit (report_appraisal).
WITHOUT_COUNCIL = ("không họp xét (khen thưởng không qua Hội đồng theo quy định thường trực của cơ quan); đạt thẩm "
                   "định, Phòng trình Chủ tịch quyết định.")


class CampaignDecision:
    @workflow.update
    async def report_appraisal(self, request: Act) -> CampaignEvent:
        """Where the council does not sit (council.sits false: a one-off award whose standing rules say so), the
        office reports its appraisal to the head: every nominee that passed it goes on the draft decision, and the
        office's tờ trình reports the appraisal (documents/appraisal.py). A new step: no campaign took it before,
        so the histories saved replay as they were."""
        candidates = await self._candidates()
        if not candidates:
            raise user_error("NOTHING_APPRAISED")
        self.state.results = [
            CandidateResult(candidate=c, votes_for=0, voting=0, members=0, passed_threshold=True, awarded=True,
                            reason=WITHOUT_COUNCIL)
            for c in candidates
        ]
        form = self.settings.award_forms[0]
        awardees = [
            Awardee(candidate=c, award_form=form.name, bonus_vnd=self._bonus(c.group, self._today())) for c in candidates
        ]
        self.state.decision = Decision(awardees=awardees, total_bonus_vnd=sum(a.bonus_vnd for a in awardees))
        self.state.phase = Phase.decided
        self.woken = True
        saved = await self._record("report_appraisal", request.actor, f"{len(awardees)} tập thể, cá nhân đạt thẩm "
                                   "định được trình Chủ tịch, không qua Hội đồng")
        # The dossiers take the same two steps as after a council's session: their last check, then the outcome.
        dossiers = sorted({c.dossier_id for c in candidates})
        await self._tell("council_opened", [DossierMessage(dossier_id=d) for d in dossiers])
        messages = [
            DossierMessage(dossier_id=d, payload=CouncilOutcome(outcomes=[
                NomineeOutcome(nominee_key=c.nominee_key, approved=True, reason=WITHOUT_COUNCIL)
                for c in candidates if c.dossier_id == d
            ]).model_dump(mode="json"))
            for d in dossiers
        ]
        await self._tell("council_outcome", messages)
        return saved

    @report_appraisal.validator
    def check_report_appraisal(self, request: Act) -> None:
        self._check("report_appraisal", request.actor)
        if self.settings.council.sits:
            raise user_error("COUNCIL_SITS", campaign=self.settings.plan.title)

    @workflow.update
    async def sign_decision(self, request: SignDecision) -> CampaignEvent:
        return await self._sign(request)

    @sign_decision.validator
    def check_sign_decision(self, request: SignDecision) -> None:
        self._check("sign_decision", request.actor)
        if request.signed_file_sha256:  # an uploaded file comes by its own step, which the office may take
            raise user_error("INVALID_INPUT", problems="tệp quyết định đã ký số được nộp ở bước riêng.")

    @workflow.update
    async def file_signed_decision(self, request: SignDecision) -> CampaignEvent:
        """The decision signed in the e-office: its PDF, verified and stored by the web, becomes the signed decision
        with the number and date the office confirmed. (A new step: no campaign took it before.)"""
        return await self._sign(request)

    @file_signed_decision.validator
    def check_file_signed_decision(self, request: SignDecision) -> None:
        self._check("file_signed_decision", request.actor)
        if not request.signed_file_sha256 or request.number is None or request.signed_on is None:
            raise user_error("INVALID_INPUT", problems="cần tệp đã ký số, số và ngày của quyết định.")

    async def _sign(self, request: SignDecision) -> CampaignEvent:
        signed_on = request.signed_on or self._today()
        issuer = self.settings.issuer
        key = f"campaign-{self.state.code}-decision"
        # The number the office's register gave it, claimed first: another document's, the signing is refused
        # with nothing changed. (Only a request that names a number takes this path: none did before.)
        claimed = await self._claim_number(issuer.name, signed_on.year, key, request.number) if request.number else None
        # The last check, in each dossier: whoever is now suspended or barred leaves the decision's list.
        # (Campaigns started before the checks existed replay without them.)
        if workflow.patched("recheck-before-signing"):
            await self._tell("recheck_before_signing", [DossierMessage(dossier_id=d) for d in self._awarded_dossiers()])
            refs = [a.candidate.ref for a in self.state.decision.awardees]
            if workflow.patched(REFS_IN_BATCHES):  # each batch in the history before the list changes, at once
                batches = [refs[start:start + REFS_BATCH] for start in range(0, len(refs), REFS_BATCH)]
                read = await asyncio.gather(*(self._read(CampaignActivities.approved_nominees, b) for b in batches))
                approved = {ref for batch in read for ref in batch}
            elif workflow.patched(DURABLE_STEPS):  # in the history before the list changes: a retry sees the same
                approved = await self._read(CampaignActivities.approved_nominees, refs)
            else:
                approved = await workflow.execute_local_activity_method(
                    CampaignActivities.approved_nominees, refs, start_to_close_timeout=DB_TIMEOUT
                )
            self._leave_out([a for a in self.state.decision.awardees if a.candidate.ref not in approved])
        # The bonuses by the law in force on the day the decision is signed (campaigns decided before replay as
        # they were computed at the council's close).
        if workflow.patched("bonus-by-law-in-force"):
            for awardee in self.state.decision.awardees:
                awardee.bonus_vnd = self._bonus(awardee.candidate.group, signed_on)
            self.state.decision.total_bonus_vnd = sum(a.bonus_vnd for a in self.state.decision.awardees)
        # Else the number comes from the issuer's yearly series; taking it again for this decision gives the same.
        number = claimed or await workflow.execute_local_activity_method(
            CampaignActivities.take_number, args=[issuer.name, signed_on.year, "QĐ", key], start_to_close_timeout=DB_TIMEOUT
        )
        decision = self.state.decision
        decision.number = f"{number:02d}/QĐ-{issuer.body_code}"
        decision.signed_on = signed_on
        decision.signer = self._signer_text()
        self.state.phase = Phase.signed
        self.woken = True
        detail = f"Quyết định số {decision.number} ngày {vn_date(signed_on)}, {decision.signer}"
        if request.signed_file_sha256:
            detail += "; bản ký số trên hệ thống quản lý văn bản, chữ ký đã được kiểm tra"
        saved = await self._record("sign_decision", request.actor, detail)
        await self._store_decision(request.signed_file_sha256)
        notice = DecisionNotice(number=decision.number, signed_on=signed_on, signer=decision.signer)
        payload = notice.model_dump(mode="json")
        await self._tell("decision_signed", [DossierMessage(dossier_id=d, payload=payload) for d in self._awarded_dossiers()])
        return saved

    async def _store_decision(self, uploaded_sha256: str | None) -> None:
        """The decision as signed, recorded now with its hash: a later change to the file shows. A local activity
        on this worker, after the save it reads; campaigns signed before documents existed replay without it."""
        if uploaded_sha256:
            activity, args = DocumentActivities.file_signed_decision, [self.state.code, uploaded_sha256]
        elif workflow.patched("decision-document"):
            activity, args = DocumentActivities.issue_decision, [self.state.code]
        else:
            return
        try:
            await workflow.execute_local_activity_method(activity, args=args, start_to_close_timeout=DB_TIMEOUT)
        except (ActivityError, ApplicationError):  # a local activity's failure comes as its own error
            # The decision stands as signed; its file fails its own download, which says why.
            workflow.logger.error("The signed decision of %s could not be recorded as a file", self.state.code)

    async def _claim_number(self, issuer: str, year: int, key: str, number: int) -> int:
        try:
            return await workflow.execute_local_activity_method(
                CampaignActivities.claim_number, args=[issuer, year, "QĐ", key, number], start_to_close_timeout=DB_TIMEOUT
            )
        except (ActivityError, ApplicationError) as error:
            cause = error.cause if isinstance(error, ActivityError) else error  # a local activity's: as it raised it
            if isinstance(cause, ApplicationError) and cause.type == "DECISION_NUMBER_TAKEN":
                raise user_error(cause.type, **cause.details[0]) from None
            raise

    def _leave_out(self, awardees: list[Awardee]) -> None:
        """Take awardees off the decision's list before it is signed, and say why in their results."""
        decision = self.state.decision
        for awardee in awardees:
            decision.awardees.remove(awardee)
            result = next(r for r in self.state.results if r.candidate.ref == awardee.candidate.ref)
            result.awarded = False
            result.reason += " Không đưa vào quyết định: không còn đủ điều kiện khi ký (xem hồ sơ)."
        decision.total_bonus_vnd = sum(a.bonus_vnd for a in decision.awardees)

    def _signer_text(self) -> str:
        signer, issuer = self.settings.signer, self.settings.issuer
        if workflow.patched(SIGNED_AS_PRINTED):
            titles = signer.lines(issuer, self.settings.signatures.of("decision"))
        else:
            titles = signer.titles(issuer)
        return " / ".join([*titles, signer.name])

    @workflow.update
    async def recognise(self, request: Act) -> CampaignEvent:
        self.state.phase = Phase.recognised
        self.woken = True
        publisher = self.settings.publicised_by or "UBND"
        detail = f"Công bố {len(self.state.decision.awardees)} tập thể, cá nhân được khen thưởng ({publisher})"
        saved = await self._record("recognise", request.actor, detail)
        await self._tell("recognised", [DossierMessage(dossier_id=d) for d in self._awarded_dossiers()])
        return saved

    @recognise.validator
    def check_recognise(self, request: Act) -> None:
        self._check("recognise", request.actor)
