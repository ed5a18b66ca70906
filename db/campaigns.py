"""Storing a validated campaign settings file as a campaign."""

from sqlmodel import Session, select

from db.models import Campaign, utcnow
from schemas.campaign import EmulationPlan, ReformPlan


def save_campaign(session: Session, settings: EmulationPlan | ReformPlan) -> Campaign:
    """Insert the campaign, or replace the settings of the one with the same code."""
    campaign = session.exec(select(Campaign).where(Campaign.code == settings.code)).first() or Campaign(
        code=settings.code
    )
    emulation = isinstance(settings, EmulationPlan)
    campaign.sqlmodel_update(
        {
            "kind": settings.kind,
            "title": settings.plan.title,
            "issuer_name": settings.issuer.name,
            "receiving_office": settings.receiving_office if emulation else settings.reports.to_office,
            "submit_before": settings.deadlines.submit_before if emulation else None,
            "settings": settings.model_dump(mode="json"),
            "loaded_at": utcnow(),
        }
    )
    session.add(campaign)
    session.commit()
    session.refresh(campaign)
    return campaign
