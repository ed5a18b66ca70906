"""The decision's number, as an office numbers it (Nghị định 30/2020 Điều 15): the next free number of its series
proposed, a number from the office's own register checked before signing, and where the service's series
starts for a year.
"""

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from common.text import VN_TZ, InputModel
from db import numbers
from schemas.campaign import EmulationPlan
from schemas.dossier_actions import Role
from web.deps import CurrentUser, SessionDep
from web.errors import ServiceError
from web.routes.documents import COMMITTEE, allow
from web.scope import campaign_of_user

router = APIRouter(prefix="/api", tags=["decision numbers"])
DECISION = "QĐ"
THIS_CENTURY = Field(ge=2000, le=2100)


class NextNumber(BaseModel):
    year: int
    next_free: int  # what the series gives next, proposed to the clerk
    series: str  # "QĐ-UBND": what follows the number


class SeriesStart(InputModel):
    year: int = THIS_CENTURY
    type_code: str = Field(DECISION, pattern="^(QĐ|TTr)$")
    first_number: int = Field(ge=1, le=numbers.MAX_NUMBER)


def plan_of(session: SessionDep, code: str, user: CurrentUser) -> EmulationPlan:
    return EmulationPlan.model_validate(campaign_of_user(session, user, code).settings)


def refuse_if_taken(session: SessionDep, plan: EmulationPlan, year: int, number: int) -> None:
    """Before the signing is sent: a number another document holds is refused, and nothing is sent."""
    key = f"campaign-{plan.code}-decision"
    if numbers.taken_for(session, key) is None and not numbers.is_free(session, plan.issuer.name, year, DECISION, number):
        next_free = numbers.next_free(session, plan.issuer.name, year, DECISION)
        raise ServiceError("DECISION_NUMBER_TAKEN", number=number, next_free=next_free)


@router.get("/campaigns/{code}/decision/next-number", response_model=NextNumber)
def next_number(code: str, session: SessionDep, user: CurrentUser, year: int | None = None) -> NextNumber:
    allow(user, COMMITTEE, "Xem số quyết định tiếp theo")
    plan = plan_of(session, code, user)
    year = year if year and 2000 <= year <= 2100 else datetime.now(VN_TZ).year
    next_free = numbers.next_free(session, plan.issuer.name, year, DECISION)
    return NextNumber(year=year, next_free=next_free, series=f"{DECISION}-{plan.issuer.body_code}")


@router.put("/campaigns/{code}/number-series", response_model=NextNumber)
def start_series(code: str, body: SeriesStart, session: SessionDep, user: CurrentUser) -> NextNumber:
    """The admin starts the issuer's series for a year at the number its register has reached."""
    allow(user, {Role.admin}, "Đặt số bắt đầu của sổ văn bản")
    plan = plan_of(session, code, user)
    try:
        numbers.start_series(session, plan.issuer.name, body.year, body.type_code, body.first_number)
    except numbers.NumberTaken as taken:
        raise ServiceError(
            "NUMBER_SERIES_PASSED", type_code=body.type_code, year=body.year, last=taken.next_free - 1,
            first_number=body.first_number,
        ) from None
    next_free = numbers.next_free(session, plan.issuer.name, body.year, body.type_code)
    return NextNumber(year=body.year, next_free=next_free, series=f"{body.type_code}-{plan.issuer.body_code}")
