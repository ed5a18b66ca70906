"""Questions about a campaign's dossiers, asked by both the API and the campaign workflow's activities."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import case, func
from sqlmodel import Session, col, select

from common.text import VN_TZ
from common.workdays import WorkCalendar
from db import models
from schemas.campaign import EmulationPlan
from schemas.council import Candidate, CampaignState
from schemas.dossier_actions import NomineeStatus, Role, Stage
from schemas.ranking import WOMEN_SHARE_PERCENT

# A dossier counts as submitted from submission on, unless it was withdrawn or lapsed.
SUBMITTED_STAGES = [s.value for s in Stage if s not in (Stage.draft, Stage.minutes_recorded, Stage.withdrawn, Stage.lapsed)]
IN_APPRAISAL = [Stage.submitted.value, Stage.under_appraisal.value, Stage.supplement_requested.value]


def campaign_issuer(session: Session, campaign_code: str) -> int:
    """The id of the issuer whose campaign this is."""
    return session.exec(select(models.Campaign.issuer_id).where(models.Campaign.code == campaign_code)).one()


def units_not_submitted(session: Session, campaign_code: str, unit_kinds: list[str]) -> list[models.Unit]:
    """The campaign's issuer's active units of the kinds it considers that have no dossier submitted."""
    submitted = select(models.Dossier.unit_id).where(
        models.Dossier.campaign_code == campaign_code, col(models.Dossier.stage).in_(SUBMITTED_STAGES)
    )
    return list(
        session.exec(
            select(models.Unit)
            .where(
                models.Unit.issuer_id == campaign_issuer(session, campaign_code),
                models.Unit.active,
                col(models.Unit.kind).in_(unit_kinds),
                col(models.Unit.id).not_in(submitted),
            )
            .order_by(models.Unit.name)
        )
    )


def unit_dossiers_in_preparation(session: Session, campaign_code: str, unit_id: int) -> list[str]:
    return list(
        session.exec(
            select(models.Dossier.id).where(
                models.Dossier.campaign_code == campaign_code,
                models.Dossier.unit_id == unit_id,
                col(models.Dossier.stage).in_([Stage.draft, Stage.minutes_recorded]),
            )
        )
    )


def dossiers_in_appraisal(session: Session, campaign_code: str) -> list[models.Dossier]:
    return list(
        session.exec(
            select(models.Dossier).where(
                models.Dossier.campaign_code == campaign_code, col(models.Dossier.stage).in_(IN_APPRAISAL)
            )
        )
    )


def appraisal_order(campaign_code: str):
    """Per dossier of the campaign, when its appraisal ended: the `at` of the history row that moved it into
    the stage appraised. The history is append-only and a dossier leaves that stage only for the council (or
    withdrawn), so later saves of the dossier (a record cleared, a nominee appraised again, a person linked)
    never move it; its last update time would."""
    entered = (
        select(
            models.HistoryEntry.dossier_id,
            func.min(models.HistoryEntry.at).label("appraised_at"),
        )
        .join(models.Dossier, models.HistoryEntry.dossier_id == models.Dossier.id)
        .where(
            models.Dossier.campaign_code == campaign_code,
            models.HistoryEntry.stage_after == Stage.appraised.value,
            models.HistoryEntry.stage_before != Stage.appraised.value,
        )
        .group_by(models.HistoryEntry.dossier_id)
    )
    return entered.subquery("appraisal_order")


def council_candidates(session: Session, campaign_code: str) -> list[Candidate]:
    """The nominees that passed appraisal in the campaign's appraised dossiers, in the order appraised.

    The order is the dossiers' appraisal order (`appraisal_order`: when each entered the stage appraised),
    then the dossier's id (two appraisals saved at the same instant), then the nominee's order in its
    dossier. The council's ranking keeps it among equal votes (workflows/tally.py).
    """
    appraised = appraisal_order(campaign_code)
    rows = session.exec(
        select(models.Nominee, models.Dossier.id, models.Dossier.unit_name, models.Person.sex, models.Person.category)
        .join(models.Dossier, models.Nominee.dossier_id == models.Dossier.id)
        .join(appraised, appraised.c.dossier_id == models.Dossier.id, isouter=True)
        .join(models.Person, models.Nominee.person_id == models.Person.id, isouter=True)
        .where(
            models.Dossier.campaign_code == campaign_code,
            models.Dossier.stage == Stage.appraised,
            models.Nominee.status == NomineeStatus.passed,
        )
        # A dossier without that row (none is known) comes after those with it, never first.
        .order_by(
            case((appraised.c.appraised_at.is_(None), 1), else_=0),
            appraised.c.appraised_at,
            models.Dossier.id,
            models.Nominee.id,
        )
    )
    rows = list(rows)
    units = unit_people(session, [n.unit_id for n, *_ in rows if n.group == "collective" and n.unit_id is not None])
    candidates = []
    for nominee, dossier_id, unit_name, sex, category in rows:
        people, women = units.get(nominee.unit_id, (None, None)) if nominee.group == "collective" else (None, None)
        women_percent = women * 100 // people if people else None
        if nominee.group == "individual":
            woman = sex == "nu"
        else:  # NĐ 152/2025 Điều 4: a collective with at least 70% women (schemas/ranking.py)
            woman = women_percent is not None and women * 100 >= WOMEN_SHARE_PERCENT * people
        candidates.append(
            Candidate(
                ref=f"{dossier_id}/{nominee.key}",
                dossier_id=dossier_id,
                nominee_key=nominee.key,
                name=nominee.name,
                group=nominee.group,
                position=nominee.position,
                unit_name=unit_name,
                woman=woman,
                direct=nominee.group == "individual" and category == "truc_tiep",
                people=people,
                women_percent=women_percent,
            )
        )
    return candidates


def unit_people(session: Session, unit_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per registry unit, its active people and how many of them are registered as women (sex "nu"); a unit
    with no active person is left out (its size is not known)."""
    if not unit_ids:
        return {}
    rows = session.exec(
        select(
            models.Person.unit_id,
            func.count(models.Person.id),
            func.sum(case((models.Person.sex == "nu", 1), else_=0)),
        )
        .where(col(models.Person.unit_id).in_(set(unit_ids)), models.Person.active)
        .group_by(models.Person.unit_id)
    )
    return {unit_id: (people, int(women or 0)) for unit_id, people, women in rows}


def participants(session: Session, campaign_code: str, plan: EmulationPlan) -> dict[str, int]:
    """Those taking part, for an award quota that is a share of them: the campaign's issuer's active units of
    the collective kinds the plan considers, and the active people of those units."""
    kinds = [k.code for k in plan.subject_kinds if k.group == "collective"]
    units = select(models.Unit.id).where(
        models.Unit.issuer_id == campaign_issuer(session, campaign_code),
        models.Unit.active,
        col(models.Unit.kind).in_(kinds),
    )
    unit_count = session.exec(select(func.count()).select_from(units.subquery())).one()
    people = session.exec(
        select(func.count(models.Person.id)).where(models.Person.active, col(models.Person.unit_id).in_(units))
    ).one()
    return {"collective": unit_count, "individual": people}


def approved_refs(session: Session, refs: list[str]) -> list[str]:
    """Of candidate refs "<dossier id>/<nominee key>", those whose nominee's status is approved."""
    dossier_ids = sorted({ref.split("/")[0] for ref in refs})
    rows = session.exec(select(models.Nominee.dossier_id, models.Nominee.key).where(
        col(models.Nominee.dossier_id).in_(dossier_ids), models.Nominee.status == NomineeStatus.approved))
    approved = {f"{dossier_id}/{key}" for dossier_id, key in rows}
    return [ref for ref in refs if ref in approved]


def users_holding(session: Session, roles: Iterable[str], issuer_id: int) -> list[models.User]:
    """The issuer's active users with one of `roles`, in the order they were added: never another issuer's.

    Roles are a list in each user's row: an issuer has a few dozen users, read and sorted here."""
    query = select(models.User).where(models.User.active, models.User.issuer_id == issuer_id)
    return [user for user in session.exec(query.order_by(models.User.id)) if user.holds(*roles)]


def council_members(session: Session, issuer_id: int) -> list[models.User]:
    """The issuer's council members (Hội đồng Thi đua - Khen thưởng): no one of another issuer's council."""
    return users_holding(session, [Role.council_member], issuer_id=issuer_id)


@dataclass
class QueueEntry:
    """A dossier waiting for the appraising office, or for its unit's supplement, and by when."""

    dossier: models.Dossier
    received_on: date | None  # submitted or last supplemented, Vietnam time
    due: date | None  # appraisal: working days after receipt, no later than the campaign's own date
    overdue: bool


def appraisal_queue(session: Session, calendar: WorkCalendar, today: date, issuer_id: int | None) -> list[QueueEntry]:
    """The issuer's dossiers (None: every issuer's) submitted and not yet appraised, the oldest receipt first."""
    entries = []
    query = select(models.Dossier).where(col(models.Dossier.stage).in_(IN_APPRAISAL))
    if issuer_id is not None:
        codes = select(models.Campaign.code).where(models.Campaign.issuer_id == issuer_id)
        query = query.where(col(models.Dossier.campaign_code).in_(codes))
    dossiers = session.exec(query)
    for dossier in dossiers:
        received_on = received_complete(session, dossier.id)
        if dossier.stage == Stage.supplement_requested:
            due = dossier.supplement_due
        else:
            campaign = session.exec(select(models.Campaign).where(models.Campaign.code == dossier.campaign_code)).one()
            days = EmulationPlan.model_validate(campaign.settings).deadlines.appraisal_working_days
            run = session.get(models.CampaignRun, dossier.campaign_code)
            fixed = run and CampaignState.model_validate(run.state).appraisal_due
            due = received_on and appraisal_due(calendar, received_on, days, fixed)
        entries.append(QueueEntry(dossier, received_on, due, bool(due and today > due)))
    return sorted(entries, key=lambda e: (e.received_on or today, e.dossier.id))


def received_complete(session: Session, dossier_id: str) -> date | None:
    """The day the dossier last came in complete: its submission, or its latest supplement."""
    return last_event_day(session, dossier_id, ["submit", "supplement"])


def last_event_day(session: Session, dossier_id: str, actions: list[str]) -> date | None:
    """The day, in Vietnam, of the dossier's latest event among these actions."""
    at = session.exec(
        select(models.HistoryEntry.at)
        .where(models.HistoryEntry.dossier_id == dossier_id, col(models.HistoryEntry.action).in_(actions))
        .order_by(col(models.HistoryEntry.seq).desc())
    ).first()
    return at and vn_day(at)


def appraisal_due(calendar: WorkCalendar, received_on: date, working_days: int, campaign_due: date | None) -> date:
    """The last day of the appraisal: `working_days` after receipt, or the campaign's own day if earlier."""
    due = calendar.add_working_days(received_on, working_days)
    return min(due, campaign_due) if campaign_due else due


def vn_day(moment: datetime) -> date:
    """The day of a stored moment in Vietnam time (SQLite gives moments back without their zone: UTC)."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(VN_TZ).date()
