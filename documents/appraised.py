"""What the office's appraisal found, read from the campaign's dossiers for its tờ trình (documents/appraisal.py)."""

from documents.inputs import Appraised, Case
from schemas.dossier import DossierState, Nominee
from schemas.dossier_actions import NomineeStatus, Stage
from workflows.dossier_corrections import MEETING_REASON

NOT_SENT = {Stage.draft, Stage.minutes_recorded, Stage.withdrawn}
NOT_PROPOSED = {NomineeStatus.proposed, NomineeStatus.not_selected}  # the unit's meeting did not select them
FAILED = {NomineeStatus.failed, NomineeStatus.disqualified}
PASSED = {NomineeStatus.passed, NomineeStatus.approved, NomineeStatus.not_approved, NomineeStatus.awarded}


def _since_meeting(nominee: Nominee) -> list[str]:
    """A nominee's reasons after its unit's meeting: the appraisal's verdict, a hold, a bar."""
    return [reason for reason in nominee.reasons if not reason.startswith(MEETING_REASON)]


def appraised(dossiers: list[DossierState]) -> Appraised:
    """The dossiers received, the nominees they propose, those passed, failed (with why) and held."""
    sent = [dossier for dossier in dossiers if dossier.stage not in NOT_SENT]
    proposed = [(d, n) for d in sent for n in d.nominees if n.status not in NOT_PROPOSED]
    rejected = [(d, n) for d, n in proposed if d.stage == Stage.rejected]  # the whole dossier returned
    failed = [
        Case(name=n.name, unit_name=d.unit_name, reasons=[d.stage_reason] if d.stage_reason else [])
        for d, n in rejected
    ] + [
        Case(name=n.name, unit_name=d.unit_name, reasons=_since_meeting(n))
        for d, n in proposed
        if d.stage != Stage.rejected and n.status in FAILED
    ]
    held = [
        Case(name=n.name, unit_name=d.unit_name, reasons=_since_meeting(n))
        for d, n in proposed
        if d.stage != Stage.rejected and n.status == NomineeStatus.suspended
    ]
    collectives = sum(n.group == "collective" for _, n in proposed)
    return Appraised(
        dossiers=len(sent),
        units=len({d.unit_id for d in sent}),
        collectives=collectives,
        individuals=len(proposed) - collectives,
        passed=sum(d.stage != Stage.rejected and n.status in PASSED for d, n in proposed),
        failed=failed,
        held=held,
    )
