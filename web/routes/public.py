"""What anyone may read without logging in: the honour roll of a campaign, and what an award's code opens.

Neither shows an ID number, a date of birth or an address: only what the decision itself prints.
"""

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel
from sqlmodel import select

from db import models
from db.award_codes import codes_of, find_award, revoked_by
from documents.assemble import DocumentError
from schemas.council import CampaignState, Phase
from web.deps import SessionDep
from web.errors import ServiceError
from web.routes.documents import DocumentsDep, integrity

router = APIRouter(prefix="/api/public", tags=["public"])


class Awardee(BaseModel):
    name: str
    group: str
    position: str | None
    unit_name: str
    award_form: str
    code: str | None = None  # the award's code: its verification page


class AwardVerification(BaseModel):
    """An award as a certificate's code finds it: who, what, by which decision, and whether it still stands."""

    code: str
    name: str
    group: str
    position: str | None
    unit_name: str
    award_form: str
    campaign_title: str
    issuer_name: str
    decision_number: str
    signed_on: date
    signer: str | None  # as the decision prints it: "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH Nguyễn Văn A"
    decision_intact: bool | None  # the decision's file against its hash at signing; None: no file recorded
    decision_message: str
    standing: Literal["in_force", "under_review", "revoked"]
    standing_message: str


UNDER_REVIEW = (
    "Khen thưởng này đang được xem xét theo Chương VII Luật Thi đua, khen thưởng 2022 (có vụ việc, đơn thư liên "
    "quan đến người hoặc tập thể được khen); kết quả sẽ được cập nhật tại đây."
)
IN_FORCE = "Khen thưởng còn hiệu lực."
REVOKED = "Quyết định khen thưởng này đã bị hủy bỏ theo {by} (Luật Thi đua, khen thưởng 2022, Điều 93 khoản 2)."


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
    codes = codes_of(session, code) if decision else {}
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
                code=codes.get(a.candidate.ref),
            )
            for a in (decision.awardees if decision else [])
        ],
    )


@router.get("/verify/{code}", response_model=AwardVerification)
def verify(code: str, session: SessionDep, documents: DocumentsDep) -> AwardVerification:
    """What a certificate's code (or its QR code) opens: the award as the signed decision made it."""
    found = find_award(session, code[:40])
    if found is None:
        raise ServiceError("AWARD_CODE_NOT_FOUND", typed=code[:40])
    try:
        plan, _, decision = documents.signed(found.campaign_code)
    except DocumentError:  # a code is written only at signing: its decision cannot be unsigned
        raise ServiceError("AWARD_CODE_NOT_FOUND", typed=found.code) from None
    awardee = next(a for a in decision.awardees if a.candidate.ref == found.candidate_ref)
    candidate = awardee.candidate
    nominee = session.exec(
        select(models.Nominee).where(
            models.Nominee.dossier_id == candidate.dossier_id, models.Nominee.key == candidate.nominee_key
        )
    ).first()
    under_review = nominee is not None and nominee.revocation_review
    revoked = revoked_by(session, found)
    row = documents.signed_decision(found.campaign_code)
    checked = integrity(documents, row) if row is not None else None
    return AwardVerification(
        code=found.code,
        name=candidate.name,
        group=candidate.group,
        position=candidate.position,
        unit_name=candidate.unit_name,
        award_form=awardee.award_form,
        campaign_title=plan.plan.title,
        issuer_name=plan.issuer.name,
        decision_number=decision.number,
        signed_on=decision.signed_on,
        signer=decision.signer,
        decision_intact=checked.intact if checked else None,
        decision_message=checked.message if checked else "Chưa có tệp Quyết định đã ký được lưu để đối chiếu.",
        standing="revoked" if revoked else "under_review" if under_review else "in_force",
        standing_message=REVOKED.format(by=revoked) if revoked else UNDER_REVIEW if under_review else IN_FORCE,
    )
