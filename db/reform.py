"""Reform reports: each unit's periodic CCHC reports, when they arrived, and the record shown at appraisal.

One row per campaign, unit and period. A unit may send a period's report again: the new one replaces the
figures and summary, but the arrival that counts for "on time" stays the first. The verdict is the fact
appraisal looks at ("báo cáo định kỳ đầy đủ, đúng thời gian"), and a later correction must neither make a
late report on time nor an on-time report late. `last_received_at` shows when it was last replaced.
"""

from datetime import date, datetime, timezone
from typing import Literal

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlalchemy.exc import IntegrityError
from sqlmodel import Field, Session, SQLModel, col, select

from common.bounds import Id
from common.text import InputModel
from db.models import AwareDateTime, Campaign, Unit, VnTimes
from schemas.campaign import ReformPlan
from schemas.reform import ReportFigures, ReportPeriod, is_on_time, report_periods, verdict_text

ReportStatus = Literal["on_time", "late", "missing"]


class ReformReportBase(SQLModel):
    campaign_code: str = Field(foreign_key="campaign.code", index=True)
    period_code: str  # "2025-Q3", "2025-CN"
    period_name: str  # "Báo cáo CCHC quý III năm 2025", as the plan named it when the report arrived
    kind: str  # quarterly | yearly
    due_before: date
    summary: str | None = None


class ReformReport(ReformReportBase, table=True):
    __table_args__ = (UniqueConstraint("campaign_code", "unit_id", "period_code"),)
    id: int | None = Field(default=None, primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    figures: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # target code → number
    received_at: datetime = AwareDateTime(nullable=False)  # the first arrival: the one the verdict is of
    on_time: bool
    last_received_at: datetime = AwareDateTime(nullable=False)  # the latest version's arrival
    submitted_by_user_id: int = Field(foreign_key="user.id")  # who sent the latest version


class ReformReportCreate(SQLModel, InputModel):
    """The body of a report: figures per target of the plan, and a summary."""

    multiline = frozenset({"summary"})

    campaign_code: str
    period_code: str  # one of the plan's periods: "2025-Q3", "2025-CN"
    unit_id: Id | None = None  # the sender's own unit when left out
    figures: dict[str, float] = {}
    summary: str | None = Field(default=None, max_length=10_000)


class ReformReportPublic(ReformReportBase, VnTimes):
    id: int | None  # None: a report not sent
    unit_id: int
    unit_name: str
    figures: dict
    received_at: datetime | None
    last_received_at: datetime | None
    on_time: bool
    status: ReportStatus
    verdict: str  # "Đúng hạn", "Trễ hạn (hạn: trước ngày 10/09/2025)", "Chưa nộp (hạn: trước ngày …)"
    submitted_by_user_id: int | None


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives moments back without their zone, in UTC."""
    if moment is None or moment.tzinfo:
        return moment
    return moment.replace(tzinfo=timezone.utc)


def report_public(report: ReformReport, unit_name: str) -> ReformReportPublic:
    return ReformReportPublic.model_validate(
        report,
        update={
            "unit_name": unit_name,
            "received_at": _aware(report.received_at),
            "last_received_at": _aware(report.last_received_at),
            "status": "on_time" if report.on_time else "late",
            "verdict": verdict_text(report.on_time, report.due_before),
        },
    )


def missing_public(campaign_code: str, unit: Unit, period: ReportPeriod) -> ReformReportPublic:
    """A period already due that the unit has not sent."""
    return ReformReportPublic(
        id=None,
        campaign_code=campaign_code,
        period_code=period.code,
        period_name=period.name,
        kind=period.kind,
        due_before=period.due_before,
        summary=None,
        unit_id=unit.id,
        unit_name=unit.name,
        figures={},
        received_at=None,
        last_received_at=None,
        on_time=False,
        status="missing",
        verdict=verdict_text(None, period.due_before),
        submitted_by_user_id=None,
    )


def reform_plan(session: Session, campaign_code: str) -> ReformPlan | None:
    """The reform plan stored under this code; None when there is none, or the campaign is not one."""
    campaign = session.exec(select(Campaign).where(Campaign.code == campaign_code)).first()
    if campaign is None or campaign.kind != "reform_plan":
        return None
    return ReformPlan.model_validate(campaign.settings)


def reform_plans(session: Session, issuer_id: int, campaign_code: str | None = None) -> list[ReformPlan]:
    """The issuer's reform plans (the one of `campaign_code`, if given)."""
    query = select(Campaign).where(Campaign.kind == "reform_plan", Campaign.issuer_id == issuer_id).order_by(Campaign.code)
    if campaign_code:
        query = query.where(Campaign.code == campaign_code)
    return [ReformPlan.model_validate(campaign.settings) for campaign in session.exec(query).all()]


def find_report(session: Session, campaign_code: str, unit_id: int, period_code: str) -> ReformReport | None:
    return session.exec(
        select(ReformReport).where(
            ReformReport.campaign_code == campaign_code,
            ReformReport.unit_id == unit_id,
            ReformReport.period_code == period_code,
        )
    ).first()


def save_report(
    session: Session,
    *,
    campaign_code: str,
    unit_id: int,
    period: ReportPeriod,
    report: ReportFigures,
    user_id: int,
    received_at: datetime,
) -> ReformReport:
    """Record a report that arrived at `received_at`: the first for its period, or a resend.

    The first arrival sets the verdict for good; a resend replaces figures and summary only.
    """
    # Stored in UTC: SQLite keeps the wall-clock time and drops the zone.
    received_at = _aware(received_at).astimezone(timezone.utc)
    for attempt in range(2):
        row = find_report(session, campaign_code, unit_id, period.code)
        if row is None:
            row = ReformReport(
                campaign_code=campaign_code,
                unit_id=unit_id,
                period_code=period.code,
                period_name=period.name,
                kind=period.kind,
                due_before=period.due_before,
                received_at=received_at,
                on_time=is_on_time(received_at, period.due_before),
                last_received_at=received_at,
                submitted_by_user_id=user_id,
            )
        row.figures = dict(report.figures)
        row.summary = report.summary
        row.last_received_at = received_at
        row.submitted_by_user_id = user_id
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            # Two first sends at once: the other one arrived first; this one becomes its resend.
            session.rollback()
            if attempt:
                raise
            continue
        session.refresh(row)
        return row
    raise AssertionError("unreachable")


def _newest_first(entries: list[ReformReportPublic]) -> list[ReformReportPublic]:
    """Latest due date first; the year's report before its fourth quarter's, which falls due with it."""
    entries = sorted(entries, key=lambda e: (e.campaign_code, e.unit_name))
    return sorted(entries, key=lambda e: (e.due_before, e.kind == "yearly"), reverse=True)


def list_reports(
    session: Session, issuer_id: int | None, campaign_code: str | None = None, unit_id: int | None = None,
    period_code: str | None = None,
) -> list[ReformReportPublic]:
    """The reports received under the issuer's reform plans, newest period first."""
    query = (
        select(ReformReport, Unit.name)
        .join(Unit, col(Unit.id) == ReformReport.unit_id)
        .join(Campaign, col(Campaign.code) == ReformReport.campaign_code)
        .where(Campaign.issuer_id == issuer_id)
    )
    if campaign_code:
        query = query.where(ReformReport.campaign_code == campaign_code)
    if unit_id is not None:
        query = query.where(ReformReport.unit_id == unit_id)
    if period_code:
        query = query.where(ReformReport.period_code == period_code.strip().upper())
    return _newest_first([report_public(report, name) for report, name in session.exec(query).all()])


def unit_reform_record(
    session: Session, unit_id: int, today: date, campaign_code: str | None = None
) -> list[ReformReportPublic]:
    """A unit's CCHC reporting record, the evidence shown where the unit is appraised.

    Every report it sent under its issuer's reform plans (or the one given), and every period already due
    on `today` (its due day has begun) that it has not sent, as "Chưa nộp"; newest period first.
    Periods not yet due and not sent are left out: nothing is missing yet.
    """
    unit = session.get(Unit, unit_id)
    if unit is None:
        raise LookupError(f"no unit {unit_id}")
    entries = list_reports(session, unit.issuer_id, campaign_code=campaign_code, unit_id=unit_id)
    sent = {(entry.campaign_code, entry.period_code) for entry in entries}
    for plan in reform_plans(session, unit.issuer_id, campaign_code):
        for period in report_periods(plan):
            if period.due_before <= today and (plan.code, period.code) not in sent:
                entries.append(missing_public(plan.code, unit, period))
    return _newest_first(entries)
