"""Reform (CCHC) reports: a unit head sends the unit's periodic report; anyone signed in reads the record.

The report is recorded as it arrives, on time or late, with the service's clock; a late report is
accepted and recorded as late. No workflow is involved: a report is one row, written here.
"""

from datetime import datetime, timezone

from fastapi import APIRouter, Response
from pydantic import ValidationError
from sqlmodel import Session

from common.bounds import Id
from common.text import VN_TZ, vn_date
from db import models
from db.reform import (
    ReformReportCreate,
    ReformReportPublic,
    find_report,
    list_reports,
    reform_plan,
    report_public,
    save_report,
    unit_reform_record,
)
from schemas.dossier_actions import ROLE_NAMES, Role
from schemas.reform import ReportFigures, find_period, report_periods
from web.deps import CurrentUser, SessionDep
from web.errors import ServiceError
from web.scope import unit_of_user, visible_campaigns

router = APIRouter(prefix="/api/reform-reports", tags=["reform reports"])

SEND = "Gửi báo cáo cải cách hành chính"


def _problems(error: ValidationError) -> str:
    return "; ".join(issue["msg"] for issue in error.errors())


def _own_unit(user: models.User, unit_id: int | None) -> int | None:
    """The unit a unit head may act on or read: their own, whatever was asked."""
    if not user.holds(Role.unit_head):
        return unit_id
    if unit_id is not None and unit_id != user.unit_id:
        raise ServiceError("OTHER_UNIT")
    return user.unit_id


def _unit(session: Session, user: models.User, unit_id: int) -> models.Unit:
    """The unit, if of the user's issuer: another issuer's is not found."""
    return unit_of_user(session, user, unit_id)


def _plans_of(session: Session, user: models.User) -> set[str]:
    return {campaign.code for campaign in visible_campaigns(session, user, kind="reform_plan")}


@router.post(
    "", response_model=ReformReportPublic, status_code=201, summary="Gửi báo cáo CCHC định kỳ (thủ trưởng đơn vị)"
)
def send_report(
    body: ReformReportCreate, session: SessionDep, user: CurrentUser, response: Response
) -> ReformReportPublic:
    """The period's report, or a new version of it (200): figures replaced, the first arrival's verdict kept."""
    if not user.holds(Role.unit_head):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=SEND)
    unit_id = _own_unit(user, body.unit_id)
    if unit_id is None:
        raise ServiceError("OTHER_UNIT")
    unit = _unit(session, user, unit_id)
    plan = reform_plan(session, body.campaign_code) if body.campaign_code in _plans_of(session, user) else None
    if plan is None:
        raise ServiceError("REFORM_PLAN_NOT_FOUND", campaign=body.campaign_code)
    period = find_period(plan, body.period_code)
    if period is None:
        allowed = ", ".join(f"{p.code} ({p.name})" for p in report_periods(plan)) or "không có"
        raise ServiceError("UNKNOWN_REPORT_PERIOD", campaign=plan.code, period=body.period_code, allowed=allowed)
    now = datetime.now(timezone.utc)
    if now.astimezone(VN_TZ).date() < period.opens_on:
        raise ServiceError("REPORT_PERIOD_NOT_OPEN", period_name=period.name, opens_on=vn_date(period.opens_on))
    try:
        report = ReportFigures.for_plan(plan, body.figures, body.summary)
    except ValidationError as error:
        raise ServiceError("REPORT_FIGURES_INVALID", problems=_problems(error)) from None
    sent_before = find_report(session, plan.code, unit.id, period.code) is not None
    row = save_report(
        session, campaign_code=plan.code, unit_id=unit.id, period=period, report=report, user_id=user.id,
        received_at=now,
    )
    if sent_before:
        response.status_code = 200
    return report_public(row, unit.name)


@router.get("", response_model=list[ReformReportPublic], summary="Các báo cáo CCHC đã nhận")
def list_received(
    session: SessionDep,
    user: CurrentUser,
    campaign: str | None = None,
    unit_id: Id | None = None,
    period: str | None = None,
) -> list[ReformReportPublic]:
    """Reports received, newest period first; a unit head sees their own unit's only."""
    if user.holds(Role.unit_head):
        unit_id = user.unit_id
    return list_reports(session, user.issuer_id, campaign_code=campaign, unit_id=unit_id, period_code=period)


@router.get(
    "/units/{unit_id}", response_model=list[ReformReportPublic], summary="Hồ sơ báo cáo CCHC của một đơn vị"
)
def unit_record(
    unit_id: Id, session: SessionDep, user: CurrentUser, campaign: str | None = None
) -> list[ReformReportPublic]:
    """Every report the unit sent, and every period already due that it has not sent: the appraisal evidence."""
    _unit(session, user, unit_id)
    _own_unit(user, unit_id)
    return unit_reform_record(session, unit_id, datetime.now(VN_TZ).date(), campaign_code=campaign)
