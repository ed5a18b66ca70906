"""The lists of dossiers (the unit's, the appraisal queue, the office's "Tất cả hồ sơ"): searched, filtered, sorted
and paged in SQL, with each shown dossier's campaign title, receipt and due date.

Overdue is what each page marks "Quá hạn": a supplement asked past its day (supplement_due); a dossier in
appraisal past its appraisal's last day (db.queries.appraisal_due: working days after its receipt, no later than
the campaign's own day); a dossier still in preparation once the unit's deadline (the campaign's, or the
extension granted to the unit) has begun. The same rules give the SQL filter (through, per campaign, the last
receipt day that is late by today) and each row's mark.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import and_, false, func, or_
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from common.text import VN_TZ, fold
from common.workdays import WorkCalendar
from db import models
from db.queries import appraisal_due, vn_day
from db.search import page_of
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState
from schemas.dossier_actions import Stage

PREPARING = [Stage.draft.value, Stage.minutes_recorded.value]
APPRAISING = [Stage.submitted.value, Stage.under_appraisal.value]
LONGEST_SCAN = 800  # days looked back for the last late receipt (appraisal periods are bounded far below)

DOSSIER_SORTS = {
    "newest": "Mới lập trước",
    "oldest": "Lập lâu nhất trước",
    "received": "Nhận sớm nhất trước",
    "title": "Tên hồ sơ (A-Z)",
    "unit": "Đơn vị (A-Z)",
    "campaign": "Đợt thi đua (A-Z)",
}


@dataclass
class CampaignTerms:
    """What a campaign's dossiers are due by: its appraisal period and day, its deadline and extensions."""

    code: str
    title: str
    appraisal_days: int
    appraisal_until: date | None  # the campaign's own last day of appraisal
    submit_before: date | None
    extensions: dict[int, date]  # unit id → accepted before this day


@dataclass
class DossierRow:
    dossier: models.Dossier
    campaign_title: str
    received_on: date | None  # submitted or last supplemented, Vietnam time
    due: date | None
    overdue: bool


def search_text(title: str, unit_name: str, dossier_id: str, nominee_names: list[str]) -> str:
    """A dossier's text for the search, folded (common.text.fold), a line each: its title, unit, id and each
    nominee's name. A search key is folded and on one line, so it matches within one of them."""
    return "\n".join(fold(text) for text in (title, unit_name, dossier_id, *nominee_names))


def campaign_terms(session: Session, codes: Any) -> dict[str, CampaignTerms]:
    """The terms of the campaigns whose codes the subquery (or list) gives."""
    terms = {}
    rows = session.exec(
        select(models.Campaign, models.CampaignRun)
        .join(models.CampaignRun, models.CampaignRun.code == models.Campaign.code, isouter=True)
        .where(col(models.Campaign.code).in_(codes), models.Campaign.kind == "emulation")
    )
    for campaign, run in rows:
        plan = EmulationPlan.model_validate(campaign.settings)
        state = CampaignState.model_validate(run.state) if run else None
        terms[campaign.code] = CampaignTerms(
            code=campaign.code,
            title=campaign.title,
            appraisal_days=plan.deadlines.appraisal_working_days,
            appraisal_until=state.appraisal_due if state else None,
            submit_before=(state.submit_before if state else None) or campaign.submit_before,
            extensions={int(unit): e.until for unit, e in (state.extensions.items() if state else ())},
        )
    return terms


def received_moments() -> Any:
    """Per dossier, the moment it last came in complete: its submission or its latest supplement."""
    return (
        select(models.HistoryEntry.dossier_id, func.max(models.HistoryEntry.at).label("received_at"))
        .where(col(models.HistoryEntry.action).in_(["submit", "supplement"]))
        .group_by(models.HistoryEntry.dossier_id)
        .subquery("received")
    )


def _vn_midnight(day: date) -> datetime:
    """The moment a Vietnam day begins, in UTC (as stored)."""
    return datetime.combine(day, time(), VN_TZ).astimezone(timezone.utc)


def last_late_receipt(calendar: WorkCalendar, terms: CampaignTerms, today: date) -> date | None:
    """The last day a dossier of the campaign may have been received and be overdue in appraisal today (any
    earlier one is too: the due day never comes earlier for a later receipt); None: none is."""
    day = today
    for _ in range(LONGEST_SCAN):
        if appraisal_due(calendar, day, terms.appraisal_days, terms.appraisal_until) < today:
            return day
        day -= timedelta(days=1)
    return None


def overdue_condition(terms: dict[str, CampaignTerms], calendar: WorkCalendar, today: date, received: Any) -> Any:
    """The SQL condition a dossier is overdue today (the module's text)."""
    dossier = models.Dossier
    conditions = [and_(dossier.stage == Stage.supplement_requested.value, col(dossier.supplement_due) < today)]
    for code, term in terms.items():
        late = last_late_receipt(calendar, term, today)
        if late is not None:
            conditions.append(and_(
                dossier.campaign_code == code, col(dossier.stage).in_(APPRAISING),
                received.c.received_at < _vn_midnight(late + timedelta(days=1)),
            ))
        units = list(term.extensions)
        late_units = [unit for unit, until in term.extensions.items() if until <= today]
        preparing = [col(dossier.unit_id).in_(late_units)] if late_units else []
        if term.submit_before is not None and term.submit_before <= today:
            preparing.append(col(dossier.unit_id).not_in(units) if units else dossier.unit_id.is_not(None))
        if preparing:
            conditions.append(and_(dossier.campaign_code == code, col(dossier.stage).in_(PREPARING), or_(*preparing)))
    return or_(*conditions) if conditions else false()


def row_due(calendar: WorkCalendar, dossier: models.Dossier, term: CampaignTerms | None,
            received_on: date | None, today: date) -> tuple[date | None, bool]:
    """A shown dossier's due day and whether it is overdue, by the same rules as overdue_condition."""
    if dossier.stage == Stage.supplement_requested:
        return dossier.supplement_due, bool(dossier.supplement_due and today > dossier.supplement_due)
    if term is None:
        return None, False
    if dossier.stage in APPRAISING:
        due = received_on and appraisal_due(calendar, received_on, term.appraisal_days, term.appraisal_until)
        return due, bool(due and today > due)
    if dossier.stage in PREPARING:
        deadline = term.extensions.get(dossier.unit_id, term.submit_before)
        return deadline, bool(deadline and deadline <= today)
    return None, False


def list_dossiers(
    session: Session, base: Any, codes: Any, *, key: str, campaign: str | None, unit_id: int | None,
    stage: str | None, overdue: bool, sort: str, page: int, size: int, calendar: WorkCalendar, today: date,
) -> tuple[list[DossierRow], int, int]:
    """A page of the dossiers `base` selects (a select of Dossier scoped to the user: its conditions), of the campaigns
    `codes` (a subquery), how many match in all, and the page's number.

    The count reads the dossiers' indexes only (their receipts where the overdue filter asks for them); the page
    leaves out each dossier's snapshot (`state`, kilobytes a row), which no list shows."""
    dossier = models.Dossier
    received = received_moments()
    terms = campaign_terms(session, codes)
    conditions = [base.whereclause]
    if key:
        conditions.append(col(dossier.search_key).contains(key, autoescape=True))
    if campaign:
        conditions.append(dossier.campaign_code == campaign)
    if unit_id is not None:
        conditions.append(dossier.unit_id == unit_id)
    if stage:
        conditions.append(dossier.stage == stage)
    if overdue:
        conditions.append(overdue_condition(terms, calendar, today, received))
    counted = select(dossier.id).where(*conditions)
    if overdue:
        counted = counted.join(received, received.c.dossier_id == dossier.id, isouter=True)
    query = (
        select(dossier, models.Campaign.title, received.c.received_at)
        .options(defer(dossier.state))
        .where(*conditions)
        .join(models.Campaign, models.Campaign.code == dossier.campaign_code)
        .join(received, received.c.dossier_id == dossier.id, isouter=True)
    )
    order = {
        "newest": [col(dossier.created_at).desc()],
        "oldest": [col(dossier.created_at)],
        "received": [received.c.received_at.is_(None), received.c.received_at],
        "title": [func.lower(dossier.title)],
        "unit": [func.lower(dossier.unit_name)],
        "campaign": [func.lower(models.Campaign.title)],
    }[sort] + [dossier.id]
    rows, total, page = page_of(session, query, order, page, size, counted=counted)
    shown = []
    for found, title, received_at in rows:
        received_on = received_at and vn_day(received_at)
        due, late = row_due(calendar, found, terms.get(found.campaign_code), received_on, today)
        shown.append(DossierRow(found, title, received_on, due, late))
    return shown, total, page
