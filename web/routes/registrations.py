"""Registration (đăng ký thi đua) in a campaign: a unit head registers the unit (or the collectives and individuals
the plan asks for) and reads the unit's; the office (appraisers, the office head) enters a paper registration
received on time and sees who has and has not registered. No workflow: a registration is a row, written here
(db/registrations.py). Another issuer's campaign is not found.
"""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sqlmodel import Session, select

from common.bounds import Day, Id
from common.text import VN_TZ, InputModel
from db import models
from db import registrations as store
from schemas.dossier_actions import APPRAISERS, ROLE_NAMES, Role
from schemas.registration import (
    MAX_TARGETS,
    MODE_NAMES,
    NOT_REGISTERED_WARNING,
    REGISTRANT_NAMES,
    TARGET_LENGTH,
    Registrant,
)
from web.deps import CurrentUser, SessionDep
from web.errors import ServiceError
from web.scope import campaign_of_user, unit_of_user

router = APIRouter(prefix="/api/campaigns/{code}/registrations", tags=["registrations"])

REGISTER = "Đăng ký thi đua"
ENTER_PAPER = "Nhập bản đăng ký thi đua bằng giấy"
READ = "Xem đăng ký thi đua"
WITHDRAW = "Rút đăng ký thi đua"
READERS = {*APPRAISERS, Role.admin}  # who sees every unit's registrations of the issuer

Target = Annotated[str, Field(min_length=1, max_length=TARGET_LENGTH)]


class RegistrationCreate(InputModel):
    registrant: Registrant = "unit"  # the unit itself, or a collective or an individual it names
    name: str | None = Field(None, max_length=300)  # the collective's or the individual's name
    targets: list[Target] = Field(default_factory=list, max_length=MAX_TARGETS)  # the pledged targets


class PaperRegistration(RegistrationCreate):
    unit_id: Id
    received_on: Day  # the day the office received the paper registration


class RegistrationPublic(BaseModel):
    id: int
    unit_id: int
    unit_name: str
    registrant: str
    registrant_name: str
    name: str | None
    targets: list[str]
    paper: bool
    received_on: date | None
    registered_on: date
    entered_by_name: str
    withdrawn: bool


class UnitRow(BaseModel):
    unit_id: int
    unit_name: str
    registrations: list[RegistrationPublic] = []


class RegistrationList(BaseModel):
    campaign_code: str
    mode: str
    mode_name: str
    deadline: date | None  # the first day a registration is late ("trước ngày …")
    office: str
    who: list[str]
    form: str | None
    targets_required: bool
    max_targets: int
    registrations: list[RegistrationPublic]  # a unit head's: the unit's, withdrawn ones too; the office's: all active
    unit_registered: bool | None = None  # a unit head's: whether the unit has an active registration
    # the office's (and the admin's): the units asked to register, registered or not
    registered: list[UnitRow] | None = None
    not_registered: list[UnitRow] | None = None


def today() -> date:
    return datetime.now(VN_TZ).date()


def public(session: Session, row: models.Registration) -> RegistrationPublic:
    unit = session.get(models.Unit, row.unit_id)
    return RegistrationPublic(
        id=row.id, unit_id=row.unit_id, unit_name=unit.name, registrant=row.registrant,
        registrant_name=REGISTRANT_NAMES.get(row.registrant, row.registrant), name=row.name, targets=row.targets,
        paper=row.paper, received_on=row.received_on, registered_on=store.registered_day(row),
        entered_by_name=row.entered_by_name, withdrawn=row.withdrawn,
    )


def emulation_campaign(session: Session, user: models.User, code: str) -> models.Campaign:
    """The campaign of the user's issuer (another's: 404), an emulation one (a reform plan asks no registration)."""
    campaign = campaign_of_user(session, user, code)
    if campaign.kind != "emulation":
        raise ServiceError("REGISTRATION_NOT_ASKED", campaign=code)
    return campaign


def _refuse_role(user: models.User, action: str) -> ServiceError:
    return ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=action)


def registration_list(session: Session, user: models.User, campaign: models.Campaign) -> RegistrationList:
    plan = store.plan_of(campaign)
    rules = plan.registration
    result = RegistrationList(
        campaign_code=campaign.code, mode=rules.mode, mode_name=MODE_NAMES[rules.mode],
        deadline=store.deadline_of(session, campaign, plan), office=store.office_of(campaign, plan), who=rules.who,
        form=rules.form, targets_required=rules.targets_required, max_targets=rules.max_targets, registrations=[],
    )
    if user.holds(Role.unit_head):
        rows = store.registrations(session, campaign.code, user.unit_id, withdrawn=True)
        result.registrations = [public(session, row) for row in rows]
        result.unit_registered = any(not row.withdrawn for row in rows)
        return result
    if not user.holds(*READERS):
        raise _refuse_role(user, READ)
    overview = store.overview(session, campaign)
    result.registrations = [public(session, row) for _unit, rows in overview.registered for row in rows]
    result.registered = [
        UnitRow(unit_id=unit.id, unit_name=unit.name, registrations=[public(session, row) for row in rows])
        for unit, rows in overview.registered
    ]
    result.not_registered = [UnitRow(unit_id=unit.id, unit_name=unit.name) for unit in overview.not_registered]
    return result


@router.get("", response_model=RegistrationList, summary="Đăng ký thi đua: của đơn vị mình, hoặc ai đã và chưa đăng ký")
def list_registrations(code: str, session: SessionDep, user: CurrentUser) -> RegistrationList:
    return registration_list(session, user, emulation_campaign(session, user, code))


def _enter(
    session: Session, user: models.User, campaign: models.Campaign, unit: models.Unit, body: RegistrationCreate,
    received_on: date | None,
) -> RegistrationPublic:
    try:
        row = store.register(
            session, campaign, unit, user, body.registrant, body.name, body.targets, today(), received_on
        )
    except store.RegistrationRefused as refusal:
        raise ServiceError(refusal.code, **refusal.details) from None
    return public(session, row)


@router.post("", response_model=RegistrationPublic, status_code=201, summary="Đăng ký thi đua (thủ trưởng đơn vị)")
def register(code: str, body: RegistrationCreate, session: SessionDep, user: CurrentUser) -> RegistrationPublic:
    campaign = emulation_campaign(session, user, code)
    if not user.holds(Role.unit_head) or user.unit_id is None:
        raise _refuse_role(user, REGISTER)
    return _enter(session, user, campaign, session.get(models.Unit, user.unit_id), body, None)


@router.post(
    "/paper", response_model=RegistrationPublic, status_code=201,
    summary="Nhập bản đăng ký thi đua bằng giấy đã nhận (cán bộ thẩm định, trưởng phòng)",
)
def enter_paper(code: str, body: PaperRegistration, session: SessionDep, user: CurrentUser) -> RegistrationPublic:
    campaign = emulation_campaign(session, user, code)
    if not user.holds(*APPRAISERS):
        raise _refuse_role(user, ENTER_PAPER)
    unit = unit_of_user(session, user, body.unit_id)  # another issuer's unit: not found
    if unit.issuer_id != campaign.issuer_id or not unit.active:
        raise ServiceError("UNIT_NOT_FOUND", unit_id=body.unit_id)
    return _enter(session, user, campaign, unit, body, body.received_on)


@router.post("/{registration_id}/withdraw", response_model=RegistrationPublic, summary="Rút đăng ký thi đua")
def withdraw(code: str, registration_id: Id, session: SessionDep, user: CurrentUser) -> RegistrationPublic:
    campaign = emulation_campaign(session, user, code)
    row = session.get(models.Registration, registration_id)
    if row is None or row.campaign_code != campaign.code:
        raise ServiceError("REGISTRATION_NOT_FOUND", registration_id=registration_id)
    if user.holds(Role.unit_head):
        if row.unit_id != user.unit_id:
            raise ServiceError("OTHER_UNIT")
    elif not user.holds(*APPRAISERS):
        raise _refuse_role(user, WITHDRAW)
    try:
        return public(session, store.withdraw(session, row))
    except store.RegistrationRefused as refusal:
        raise ServiceError(refusal.code, **refusal.details) from None


# --- the rule at nomination (web/routes/dossiers.py) ----------------------------------------------


class NominationWarning(BaseModel):
    code: str
    message: str


def nomination_warnings(
    session: Session, campaign: models.Campaign, unit_id: int, nominees: list[tuple[str, str]]
) -> list[NominationWarning]:
    """Refuse (NOT_REGISTERED) a dossier or a nominee of a unit not registered as the plan requires, before any
    workflow starts; where the plan only encourages registration, the warning to give instead."""
    check = store.check_nomination(session, campaign, session.get(models.Unit, unit_id), nominees)
    if not check.missing:
        return []
    if check.mode == "required":
        raise ServiceError("NOT_REGISTERED", **check.details())
    return [NominationWarning(code="NOT_REGISTERED", message=NOT_REGISTERED_WARNING.format(**check.details()))]


def check_submission(session: Session, dossier: models.Dossier) -> None:
    """At submission, the dossier's nominees put forward (not those the unit's meeting did not select) must still be
    registered where the plan requires it: a registration withdrawn since the dossier was made counts as none."""
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == dossier.campaign_code)).one()
    nominees = session.exec(
        select(models.Nominee).where(models.Nominee.dossier_id == dossier.id, models.Nominee.status != "not_selected")
    ).all()
    check = store.check_nomination(session, campaign, session.get(models.Unit, dossier.unit_id),
                                   [(n.group, n.name) for n in nominees])
    if check.missing and check.mode == "required":
        raise ServiceError("NOT_REGISTERED", **check.details())
