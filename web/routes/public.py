"""What anyone may read without logging in: the honour roll of a campaign."""

from datetime import date

from fastapi import APIRouter
from pydantic import BaseModel
from sqlmodel import select

from db import models
from schemas.council import CampaignState, Phase
from web.deps import SessionDep
from web.errors import ServiceError

router = APIRouter(prefix="/api/public", tags=["public"])


class Awardee(BaseModel):
    name: str
    group: str
    position: str | None
    unit_name: str
    award_form: str


class HonourRoll(BaseModel):
    campaign_code: str
    campaign_title: str
    issuer_name: str
    decision_number: str | None
    signed_on: date | None
    awardees: list[Awardee]  # empty until the awards are publicised


@router.get("/campaigns/{code}/honour-roll", response_model=HonourRoll)
def honour_roll(code: str, session: SessionDep) -> HonourRoll:
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == code)).first()
    if campaign is None:
        raise ServiceError("CAMPAIGN_NOT_FOUND", campaign=code)
    run = session.get(models.CampaignRun, code)
    state = CampaignState.model_validate(run.state) if run else None
    published = state is not None and state.phase == Phase.recognised
    decision = state.decision if published else None
    return HonourRoll(
        campaign_code=code,
        campaign_title=campaign.title,
        issuer_name=campaign.issuer_name,
        decision_number=decision and decision.number,
        signed_on=decision and decision.signed_on,
        awardees=[
            Awardee(
                name=a.candidate.name,
                group=a.candidate.group,
                position=a.candidate.position,
                unit_name=a.candidate.unit_name,
                award_form=a.award_form,
            )
            for a in (decision.awardees if decision else [])
        ],
    )
