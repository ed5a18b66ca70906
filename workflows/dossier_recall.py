"""A unit recalls the dossier it submitted, until the office starts the appraisal (a part of workflows/dossier.py's
DossierWorkflow).

The dossier goes back to the stage before its submission (the minutes recorded, or the draft where the plan asks
for no meeting), with the reason in its history; its claim on the unit's quotas is released by the save
(activities/dossier.py, db/unit_quotas.py) and the office is mailed (mail/events.py). The campaign reads which
units submitted from the dossiers' stages in the database (db/queries.py), so it sees the recall at once.

A new Update, with refusals in its validator only: the commands of the histories from before are unchanged.
"""

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from schemas.dossier import Act
    from schemas.dossier_actions import ACTIONS, STAGE_NAMES, NomineeStatus, Stage, check_actor, wrong_stage
    from schemas.errors import user_error
    from common.text import vn_date
    from workflows.dossier_terms import PROPOSED_WITHOUT_MEETING

# The stages a dossier reaches once the office has taken it in: too late to recall.
TAKEN_IN = {
    Stage.under_appraisal,
    Stage.supplement_requested,
    Stage.appraised,
    Stage.in_council,
    Stage.decided,
    Stage.signed,
    Stage.recognised,
    Stage.rejected,
}


class Recall:
    """The unit takes its submitted dossier back, to correct it and submit it again."""

    @workflow.update
    async def recall(self, request: Act) -> int:
        before = self.state.stage
        without_meeting = self.state.minutes is None  # submitted from the draft: its nominees went in as proposed
        self.state.stage = Stage.draft if without_meeting else Stage.minutes_recorded
        if without_meeting:
            for nominee in self.state.nominees:
                if nominee.status == NomineeStatus.selected:
                    nominee.status = NomineeStatus.proposed
                elif nominee.status == NomineeStatus.suspended and nominee.suspended_from == NomineeStatus.selected:
                    nominee.suspended_from = NomineeStatus.proposed
                if PROPOSED_WITHOUT_MEETING in nominee.reasons:
                    nominee.reasons.remove(PROPOSED_WITHOUT_MEETING)
        # Exclusive, as a submission's save: a submission sent meanwhile is counted after the claim is released.
        return await self._record("recall", request.actor, before, f"Lý do: {request.reason.strip()}", exclusive=True)

    @recall.validator
    def check_recall(self, request: Act) -> None:
        rule, actor, stage = ACTIONS["recall"], request.actor, self.state.stage
        check_actor("recall", actor, self.state.unit_id, self.rules.office_lodges)
        if stage in (Stage.draft, Stage.minutes_recorded):
            raise user_error("RECALL_NOT_SUBMITTED", stage_name=STAGE_NAMES[stage])
        if self.submitting:  # the submission's save, which may still refuse it, is under way
            raise user_error("RECALL_NOT_SUBMITTED", stage_name="đang nộp, chưa lưu xong")
        if stage in TAKEN_IN:
            raise user_error("RECALL_APPRAISAL_STARTED", stage_name=STAGE_NAMES[stage])
        if stage not in rule.stages:
            raise user_error("WRONG_STAGE", **wrong_stage("recall", stage))
        self._require_reason("recall", request.reason)
        if self.rules.is_late(workflow.now()):  # back in the draft, it could not be submitted again
            raise user_error("RECALL_TOO_LATE", deadline=vn_date(self.rules.submit_before))
