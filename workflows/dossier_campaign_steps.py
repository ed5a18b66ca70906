"""The dossier's steps the campaign workflow tells it of: an extension, new rules, the council, the decision, the
recognition (a part of workflows/dossier.py's DossierWorkflow)."""

from temporalio import workflow

# Plain models and rules, deterministic: passed through so each workflow run doesn't re-import them.
with workflow.unsafe.imports_passed_through():
    from activities.campaign import CampaignActivities
    from common.text import vn_date
    from schemas.council import CouncilOutcome, DeadlineNotice, DecisionNotice
    from schemas.campaign_changes import RulesChanged
    from schemas.dossier import Decision
    from schemas.dossier_actions import FINAL_STAGES, NomineeStatus, Stage
    from workflows.dossier_terms import SAVE_TIMEOUT

# From this change on, the council's opening is saved with the check that follows it, in one save: at 10,000
# candidates, 500 saves fewer of the dossiers' whole states. Before, each was saved on its own.
OPENING_SAVED_WITH_CHECK = "council-opening-saved-with-its-check"


class CampaignSteps:
    """Updates sent by the campaign's activities after its step is saved: each returns only once the dossier has
    saved the fact, so a read right after a campaign step shows every dossier moved. A retry carries the same
    update id."""

    @workflow.update
    async def extend_deadline(self, notice: DeadlineNotice) -> int:
        self.rules.submit_before = notice.until
        detail = f"Được gia hạn nộp trước ngày {vn_date(notice.until)}. Lý do: {notice.reason}"
        return await self._record("extend_deadline", None, self.state.stage, detail)

    @extend_deadline.validator
    def check_extend_deadline(self, notice: DeadlineNotice) -> None:
        self._check_stage("extend_deadline")

    @workflow.update
    async def rules_changed(self, notice: RulesChanged) -> None:
        """The campaign's settings or deadlines changed: the rules are read again, as the campaign saved them."""
        before = self.rules.model_copy(deep=True)
        await self._read_rules(notice.campaign_seq)
        if self.rules != before and self.state.stage not in FINAL_STAGES:
            detail = notice.detail
            if self.rules.submit_before != before.submit_before and self.rules.submit_before:
                detail += f". Hạn nộp: trước ngày {vn_date(self.rules.submit_before)}"
            await self._record("rules_changed", None, self.state.stage, detail)

    @rules_changed.validator
    def check_rules_changed(self, notice: RulesChanged) -> None:
        self._check_stage("rules_changed")

    async def _read_rules(self, seq: int = 0) -> None:
        notice = await workflow.execute_local_activity_method(
            CampaignActivities.dossier_rules_now, args=[self.state.campaign_code, self.state.unit_id],
            start_to_close_timeout=SAVE_TIMEOUT,
        )
        # Reads may come back out of order: the rules of the newest campaign event win.
        if max(notice.campaign_seq, seq) >= self.rules_seq:
            self.rules = notice.rules
            self.rules_seq = max(notice.campaign_seq, seq)

    @workflow.update
    async def council_opened(self) -> int:
        self.state.stage = Stage.in_council
        if not workflow.patched(OPENING_SAVED_WITH_CHECK):
            await self._record("council_opened", None, Stage.appraised)
            return await self._check_eligibility("council")
        return await self._check_eligibility("council", preceded_by=("council_opened", Stage.appraised))

    @workflow.update
    async def recheck_before_signing(self) -> int:
        """The last check: a nominee suspended or barred now is left out of the decision."""
        return await self._check_eligibility("signing")

    @recheck_before_signing.validator
    def check_recheck_before_signing(self) -> None:
        self._check_stage("decision_signed")

    @council_opened.validator
    def check_council_opened(self) -> None:
        self._check_stage("council_opened")

    @workflow.update
    async def council_outcome(self, result: CouncilOutcome) -> int:
        for outcome in result.outcomes:
            nominee = self.state.nominee(outcome.nominee_key)
            status = NomineeStatus.approved if outcome.approved else NomineeStatus.not_approved
            nominee.reasons.append(f"Hội đồng: {outcome.reason}")
            if nominee.status == NomineeStatus.suspended:  # the result waits for the record's conclusion
                nominee.suspended_from = status
            elif nominee.status == NomineeStatus.passed:
                nominee.status = status
        approved = sum(n.status == NomineeStatus.approved for n in self.state.nominees)
        waiting = any(n.status == NomineeStatus.suspended for n in self.state.nominees)
        if approved or waiting:
            self.state.stage = Stage.decided
        else:
            self.state.stage = Stage.rejected
            self.state.stage_reason = "Hội đồng không đề nghị khen thưởng tập thể, cá nhân nào của hồ sơ."
        return await self._record("council_outcome", None, Stage.in_council, f"{approved} được đề nghị khen thưởng")

    @council_outcome.validator
    def check_council_outcome(self, result: CouncilOutcome) -> None:
        self._check_stage("council_outcome")
        for outcome in result.outcomes:
            self._nominee(outcome.nominee_key)

    @workflow.update
    async def decision_signed(self, notice: DecisionNotice) -> int:
        self.state.decision = Decision(number=notice.number, signed_on=notice.signed_on, signed_by=notice.signer)
        for nominee in self.state.nominees:
            if nominee.status == NomineeStatus.approved:
                nominee.status = NomineeStatus.awarded
                nominee.reasons.append(f"Quyết định số {notice.number} ngày {vn_date(notice.signed_on)}.")
        self.state.stage = Stage.signed
        detail = f"Quyết định số {notice.number} ngày {vn_date(notice.signed_on)}"
        return await self._record("decision_signed", None, Stage.decided, detail)

    @decision_signed.validator
    def check_decision_signed(self, notice: DecisionNotice) -> None:
        self._check_stage("decision_signed")

    @workflow.update
    async def recognised(self) -> int:
        self.state.stage = Stage.recognised
        return await self._record("recognised", None, Stage.signed)

    @recognised.validator
    def check_recognised(self) -> None:
        self._check_stage("recognised")
