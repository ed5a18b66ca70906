"""What anyone may read without logging in: the honour roll of a campaign."""

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel
from sqlmodel import select

from db import models
from schemas.dossier import NomineeStatus, Stage
from web.deps import SessionDep
from web.errors import ServiceError

router = APIRouter(prefix="/api/public", tags=["public"])


class Awardee(BaseModel):
    name: str
    group: str
    position: str | None
    unit_name: str
    decision_number: str
    signed_on: date


class HonourRoll(BaseModel):
    campaign_code: str
    campaign_title: str
    issuer_name: str
    awardees: list[Awardee]


@router.get("/campaigns/{code}/honour-roll", response_model=HonourRoll)
def honour_roll(code: str, session: SessionDep) -> HonourRoll:
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == code)).first()
    if campaign is None:
        raise ServiceError("CAMPAIGN_NOT_FOUND", campaign=code)
    rows = session.exec(
        select(models.Nominee, models.Dossier)
        .join(models.Dossier, models.Nominee.dossier_id == models.Dossier.id)
        .where(
            models.Dossier.campaign_code == code,
            models.Dossier.stage == Stage.recognised,
            models.Nominee.status == NomineeStatus.awarded,
        )
        .order_by(models.Nominee.group, models.Nominee.name)
    ).all()
    return HonourRoll(
        campaign_code=code,
        campaign_title=campaign.title,
        issuer_name=campaign.issuer_name,
        awardees=[
            Awardee(
                name=nominee.name,
                group=nominee.group,
                position=nominee.position,
                unit_name=dossier.unit_name,
                decision_number=dossier.decision_number,
                signed_on=dossier.decision_signed_on,
            )
            for nominee, dossier in rows
        ],
    )
