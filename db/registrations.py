"""Registrations (đăng ký thi đua) of a campaign: entered, withdrawn, listed, and checked when a unit nominates.

What a plan asks is in schemas/registration.py. A registration is a unit's: of the unit itself, or of a
collective or an individual it names (compared without diacritics or case). The unit's head enters it online
before the deadline; the office enters a paper one it received before the deadline, with the day received. A
withdrawn registration counts as none; registering again brings it back with what is sent then.
"""

from dataclasses import dataclass
from datetime import date, timezone

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from common.text import VN_TZ, fold, nfc, vn_date
from common.workdays import default_calendar
from db import models
from db.models import utcnow
from schemas.campaign import EmulationPlan
from schemas.council import CampaignState
from schemas.registration import REGISTRANT_NAMES, Registration


class RegistrationRefused(Exception):
    """A registration, or a nomination, the plan's rules refuse: a code of schemas/errors.py and its details."""

    def __init__(self, code: str, **details) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def plan_of(campaign: models.Campaign) -> EmulationPlan:
    return EmulationPlan.model_validate(campaign.settings)


def deadline_of(session: Session, campaign: models.Campaign, plan: EmulationPlan | None = None) -> date | None:
    """The first day a registration of the campaign is late (None: none, or it hangs on an event not yet dated,
    whose date the campaign's run holds once the office enters it)."""
    plan = plan or plan_of(campaign)
    run = session.get(models.CampaignRun, campaign.code) if plan.registration.on_event else None
    event_dates = CampaignState.model_validate(run.state).event_dates if run else {}
    return plan.registration.deadline(plan.plan.date, event_dates, default_calendar())


def office_of(campaign: models.Campaign, plan: EmulationPlan) -> str:
    return plan.registration.receiving_office(campaign.receiving_office)


def registered_day(row: models.Registration) -> date:
    """The day in Vietnam the registration was entered (SQLite gives the moment back without its zone: UTC)."""
    moment = row.registered_at
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(VN_TZ).date()


def _deadline_text(deadline: date | None) -> str:
    return f"trước ngày {vn_date(deadline)}" if deadline else "không có hạn"


# --- entering and withdrawing ---------------------------------------------------------------------


def register(
    session: Session, campaign: models.Campaign, unit: models.Unit, user: models.User, registrant: str,
    name: str | None, targets: list[str], today: date, received_on: date | None = None,
) -> models.Registration:
    """Enter a registration of `unit` (online when `received_on` is None; else a paper one the office received
    that day), after the plan's rules; RegistrationRefused when they refuse it."""
    plan = plan_of(campaign)
    rules = plan.registration
    _check_asked(campaign, rules, registrant)
    name = nfc(name) if registrant != "unit" and name and name.strip() else None
    if registrant != "unit" and name is None:
        raise RegistrationRefused("REGISTRATION_NAME_REQUIRED", registrant=REGISTRANT_NAMES[registrant])
    targets = [nfc(target) for target in targets if target.strip()]
    if rules.targets_required and not targets:
        raise RegistrationRefused("REGISTRATION_TARGETS_REQUIRED")
    if len(targets) > rules.max_targets:
        raise RegistrationRefused("REGISTRATION_TOO_MANY_TARGETS", count=len(targets), max=rules.max_targets)
    _check_on_time(session, campaign, plan, today, received_on)
    key = fold(name) if name else ""
    row = session.exec(
        select(models.Registration).where(
            models.Registration.campaign_code == campaign.code,
            models.Registration.unit_id == unit.id,
            models.Registration.registrant == registrant,
            models.Registration.name_key == key,
        )
    ).first()
    if row is not None and not row.withdrawn:
        raise RegistrationRefused(
            "REGISTRATION_EXISTS", name=name or unit.name, registered_on=vn_date(row.received_on or registered_day(row))
        )
    row = row or models.Registration(campaign_code=campaign.code, unit_id=unit.id, registrant=registrant, name_key=key)
    row.name, row.targets = name, targets
    row.entered_by_user_id, row.entered_by_name = user.id, user.full_name
    row.paper, row.received_on = received_on is not None, received_on
    row.registered_at, row.withdrawn, row.withdrawn_at = utcnow(), False, None
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # the same registration entered at the same moment by another request
        session.rollback()
        raise RegistrationRefused("REGISTRATION_EXISTS", name=name or unit.name, registered_on=vn_date(today)) from None
    session.refresh(row)
    return row


def _check_asked(campaign: models.Campaign, rules: Registration, registrant: str) -> None:
    if not rules.asked:
        raise RegistrationRefused("REGISTRATION_NOT_ASKED", campaign=campaign.code)
    if registrant not in rules.who:
        raise RegistrationRefused(
            "REGISTRANT_NOT_ASKED", registrant=REGISTRANT_NAMES.get(registrant, registrant), allowed=rules.who_text()
        )


def _check_on_time(
    session: Session, campaign: models.Campaign, plan: EmulationPlan, today: date, received_on: date | None
) -> None:
    deadline = deadline_of(session, campaign, plan)
    if received_on is not None:
        if received_on > today:
            raise RegistrationRefused(
                "REGISTRATION_RECEIVED_IN_FUTURE", received_on=vn_date(received_on), today=vn_date(today)
            )
        if deadline is not None and received_on >= deadline:
            raise RegistrationRefused(
                "REGISTRATION_RECEIVED_LATE", received_on=vn_date(received_on), deadline=vn_date(deadline)
            )
    elif deadline is not None and today >= deadline:
        raise RegistrationRefused("REGISTRATION_LATE", deadline=vn_date(deadline), office=office_of(campaign, plan))


def withdraw(session: Session, row: models.Registration) -> models.Registration:
    if row.withdrawn:
        raise RegistrationRefused("REGISTRATION_WITHDRAWN", registration_id=row.id)
    row.withdrawn, row.withdrawn_at = True, utcnow()
    session.add(row)
    session.commit()
    session.refresh(row)
    return row


# --- reading --------------------------------------------------------------------------------------


def registrations(session: Session, code: str, unit_id: int | None = None, withdrawn: bool = False) -> list[models.Registration]:
    """The campaign's registrations (of one unit, if given), active ones unless `withdrawn`, in the order entered."""
    query = select(models.Registration).where(models.Registration.campaign_code == code)
    if unit_id is not None:
        query = query.where(models.Registration.unit_id == unit_id)
    if not withdrawn:
        query = query.where(col(models.Registration.withdrawn).is_(False))
    return list(session.exec(query.order_by(col(models.Registration.id))))


def expected_units(session: Session, campaign: models.Campaign, plan: EmulationPlan | None = None) -> list[models.Unit]:
    """The units asked to register: the issuer's active units of the kinds of collective the plan considers (all
    its active units when the plan considers no kind of collective), by name."""
    plan = plan or plan_of(campaign)
    kinds = [kind.code for kind in plan.subject_kinds if kind.group == "collective"]
    query = select(models.Unit).where(models.Unit.issuer_id == campaign.issuer_id, col(models.Unit.active).is_(True))
    if kinds:
        query = query.where(col(models.Unit.kind).in_(kinds))
    return list(session.exec(query.order_by(models.Unit.name)))


@dataclass
class Overview:
    registered: list[tuple[models.Unit, list[models.Registration]]]
    not_registered: list[models.Unit]


def overview(session: Session, campaign: models.Campaign) -> Overview:
    """Who has registered and who has not, of the units asked to (a unit with any active registration has);
    a registration of a unit not asked (another kind, since deactivated) is listed among the registered too."""
    rows = registrations(session, campaign.code)
    by_unit: dict[int, list[models.Registration]] = {}
    for row in rows:
        by_unit.setdefault(row.unit_id, []).append(row)
    expected = expected_units(session, campaign)
    others = [session.get(models.Unit, unit_id) for unit_id in by_unit if unit_id not in {u.id for u in expected}]
    registered = [(unit, by_unit[unit.id]) for unit in [*expected, *sorted(others, key=lambda u: u.name)] if unit.id in by_unit]
    return Overview(registered, [unit for unit in expected if unit.id not in by_unit])


def units_not_registered(session: Session, campaign: models.Campaign) -> list[models.Unit]:
    return overview(session, campaign).not_registered


# --- the rule at nomination -----------------------------------------------------------------------


@dataclass
class NominationCheck:
    mode: str  # the plan's: none | encouraged | required
    missing: list[str]  # who is not registered: the unit's name, or a nominee's
    deadline: date | None
    office: str

    def details(self) -> dict:
        return {"names": ", ".join(self.missing), "deadline": _deadline_text(self.deadline), "office": self.office}


def check_nomination(
    session: Session, campaign: models.Campaign, unit: models.Unit, nominees: list[tuple[str, str]]
) -> NominationCheck:
    """Who of the unit's (group, name) nominees is not registered as the plan asks: the unit itself where units
    register, a collective where collectives do (the unit's own registration covers a collective of its own
    name), an individual where individuals do, names compared without diacritics or case."""
    plan = plan_of(campaign)
    rules = plan.registration
    check = NominationCheck(rules.mode, [], deadline_of(session, campaign, plan), office_of(campaign, plan))
    if not rules.asked:
        return check
    rows = registrations(session, campaign.code, unit.id)
    unit_registered = any(row.registrant == "unit" for row in rows)
    names = {(row.registrant, row.name_key) for row in rows}
    if "unit" in rules.who and not unit_registered:
        check.missing.append(unit.name)
    for group, name in nominees:
        key = fold(name)
        if group == "collective" and "collective" in rules.who:
            covered = ("collective", key) in names or (unit_registered and key == fold(unit.name))
        elif group == "individual" and "individual" in rules.who:
            covered = ("individual", key) in names
        else:
            continue
        if not covered and name not in check.missing:
            check.missing.append(name)
    return check
