"""Storing a validated campaign settings file as a campaign."""

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.issuers import issuer_id_of
from db.models import Campaign, utcnow
from schemas.campaign import EmulationPlan, ReformPlan

Plan = EmulationPlan | ReformPlan


class CampaignExists(ValueError):
    """A plan whose code is already loaded: the stored campaign, left as it was."""

    def __init__(self, campaign: Campaign) -> None:
        super().__init__(campaign.code)
        self.campaign = campaign


def _columns(session: Session, settings: Plan) -> dict:
    emulation = isinstance(settings, EmulationPlan)
    return {
        "issuer_id": issuer_id_of(session, settings.issuer.code),
        "kind": settings.kind,
        "title": settings.plan.title,
        "issuer_name": settings.issuer.name,
        "receiving_office": settings.receiving_office if emulation else settings.reports.to_office,
        "submit_before": settings.deadlines.submit_before if emulation else None,
        "settings": settings.model_dump(mode="json"),
        "loaded_at": utcnow(),
    }


def _loaded(session: Session, codes: list[str]) -> Campaign | None:
    return session.exec(select(Campaign).where(col(Campaign.code).in_(codes)).order_by(Campaign.code)).first()


def add_campaigns(session: Session, plans: Sequence[Plan]) -> list[Campaign]:
    """Insert the campaigns of a loaded file (a yearly plan has several), all or none.

    A code already loaded, by either kind of plan, is refused with CampaignExists: its workflow holds the
    settings it started with, so a row replaced under it would tell another story than the workflow. A
    changed plan is loaded under a new code.
    """
    codes = [plan.code for plan in plans]
    existing = _loaded(session, codes)
    if existing is not None:
        raise CampaignExists(existing)
    campaigns = [Campaign(code=plan.code, **_columns(session, plan)) for plan in plans]
    session.add_all(campaigns)
    try:
        session.commit()
    except IntegrityError:  # the same code loaded meanwhile by another request
        session.rollback()
        raise CampaignExists(_loaded(session, codes)) from None
    for campaign in campaigns:
        session.refresh(campaign)
    return campaigns


def save_campaign(session: Session, settings: Plan) -> Campaign:
    """Insert the campaign, or replace the settings of the one with the same code: for the demo data and
    tests, which set a campaign up before its workflows start. A file an administrator loads goes through
    add_campaigns, which never replaces."""
    campaign = session.exec(select(Campaign).where(Campaign.code == settings.code)).first() or Campaign(
        code=settings.code
    )
    campaign.sqlmodel_update(_columns(session, settings))
    session.add(campaign)
    session.commit()
    session.refresh(campaign)
    return campaign
