"""A record registered or concluded in the registry reaches the dossiers in progress that it concerns.

Registering a complaint is an external event for a dossier: it is sent as a Signal, to each dossier
whose nominee the record names, and only for campaigns that count that kind of record.
"""

from sqlmodel import Session, col, or_, select
from temporalio.client import Client

from db import models
from db.records import Record, to_facts
from schemas.campaign import EmulationPlan
from schemas.dossier import RecordNotice
from schemas.dossier_actions import FINAL_STAGES
from schemas.eligibility import SUSPENDING_KINDS, describe
from workflows.dossier import DossierWorkflow


async def announce_record(session: Session, client: Client, record: Record) -> list[str]:
    """Tell each concerned dossier: opened (hold the nominee) or concluded (resume, or out). Returns their ids."""
    if record.kind not in SUSPENDING_KINDS or record.match_status != "matched":
        return []
    subject = [
        condition
        for condition in (
            models.Nominee.person_id == record.person_id if record.person_id else None,
            models.Nominee.unit_id == record.unit_id if record.unit_id else None,
        )
        if condition is not None
    ]
    rows = session.exec(
        select(models.Nominee, models.Dossier, models.Campaign)
        .join(models.Dossier, models.Nominee.dossier_id == models.Dossier.id)
        .join(models.Campaign, models.Campaign.code == models.Dossier.campaign_code)
        .where(or_(*subject), col(models.Dossier.stage).not_in([s.value for s in FINAL_STAGES]))
    ).all()
    by_dossier: dict[str, list[str]] = {}
    for nominee, dossier, campaign in rows:
        if record.kind in EmulationPlan.model_validate(campaign.settings).eligibility.record_kinds:
            by_dossier.setdefault(dossier.id, []).append(nominee.key)
    summary = describe(to_facts(record))
    opened = record.status == "open"
    for dossier_id, keys in by_dossier.items():
        handle = client.get_workflow_handle(f"dossier-{dossier_id}")
        notice = RecordNotice(
            record_id=record.id, nominee_keys=keys, summary=summary, founded=None if opened else record.outcome == "founded"
        )
        await handle.signal(DossierWorkflow.record_opened if opened else DossierWorkflow.record_concluded, notice)
    return sorted(by_dossier)
