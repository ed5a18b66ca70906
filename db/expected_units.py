"""The units a campaign expects a dossier from, and those of them that have not submitted, with their deadline.

Expected: where the plan makes registration a condition of being proposed (registration.mode "required"), the
units that registered (a withdrawn registration counts as none); otherwise the campaign's issuer's active units
of the collective kinds the plan considers, as the office's list of units not submitted has always counted them
(queries.units_not_submitted). A unit has submitted once one of its dossiers of the campaign is submitted and
neither withdrawn nor lapsed. Its deadline: its extension's, or the campaign's.
"""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from db import models, queries
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState


@dataclass
class WaitingUnit:
    id: int
    name: str
    before: date | None  # dossiers are taken before this day begins (None: no day, or not dated yet)
    extended: bool  # the day is an extension's
    reason: str | None = None  # the extension's reason


def expected_units(session: Session, campaign: models.Campaign, plan: EmulationPlan) -> list[models.Unit]:
    if plan.registration.mode == "required":
        registered = select(models.Registration.unit_id).where(
            models.Registration.campaign_code == campaign.code, models.Registration.withdrawn == False  # noqa: E712
        )
        query = select(models.Unit).where(models.Unit.issuer_id == campaign.issuer_id, col(models.Unit.id).in_(registered))
    else:
        kinds = [k.code for k in plan.subject_kinds if k.group == "collective"]
        query = select(models.Unit).where(
            models.Unit.issuer_id == campaign.issuer_id, models.Unit.active, col(models.Unit.kind).in_(kinds)
        )
    return list(session.exec(query.order_by(models.Unit.name)))


def waiting_units(session: Session, campaign: models.Campaign) -> list[WaitingUnit]:
    """The expected units with no dossier submitted, each with the day its dossiers are late from."""
    plan = EmulationPlan.model_validate(campaign.settings)
    submitted = set(
        session.exec(
            select(models.Dossier.unit_id).where(
                models.Dossier.campaign_code == campaign.code, col(models.Dossier.stage).in_(queries.SUBMITTED_STAGES)
            )
        )
    )
    run = session.get(models.CampaignRun, campaign.code)
    state = CampaignState.model_validate(run.state) if run else None
    general = state.submit_before if state else campaign.submit_before
    rows = []
    for unit in expected_units(session, campaign, plan):
        if unit.id in submitted:
            continue
        extension = state.extensions.get(unit.id) if state else None
        rows.append(
            WaitingUnit(
                id=unit.id, name=unit.name, before=extension.until if extension else general,
                extended=extension is not None, reason=extension.reason if extension else None,
            )
        )
    return rows
