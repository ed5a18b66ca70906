"""The directory of an issuer, as its admin keeps it: units, people, users; and the issuers, as the
super-admin keeps them.

Everything is scoped to one issuer: a unit, person or user of another is "not found" (404), never shown or
changed. Nothing is deleted: a row is deactivated (active=False) and its history stays; a deactivated unit
cannot be chosen for a new person or user. A change of a person's unit or position adds a PersonPosition
from the day given (today in Vietnam by default). ID numbers are checked (common/idnumber.py) and never put
in a message, a log or a report.
"""

import re
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete
from sqlmodel import Session, col, select

from common.idnumber import IdNumberInvalid, check_id_number, clean
from common.settings import Settings
from common.text import VN_TZ, fold
from db import password_links
from db.models import Issuer, LoginSession, Person, PersonPosition, Unit, User
from schemas.directory import HEAD_TITLES
from schemas.directory_api import (
    CODE,
    FirstAdmin,
    IssuerChange,
    IssuerCreate,
    PersonChange,
    PersonCreate,
    PersonView,
    PositionView,
    UnitChange,
    UnitCreate,
    UserChange,
    UserCreate,
)
from schemas.dossier_actions import Role

# Who sees people's ID numbers and dates of birth: the issuer's admin and those who appraise.
PERSONAL_DATA_ROLES = (Role.admin, Role.appraiser, Role.office_head)
ADMIN_GIVES = tuple(role for role in Role if role != Role.super_admin)  # the roles an issuer's admin gives


class DirectoryRefused(ValueError):
    """A change the directory refuses: a code of schemas/errors.py and its details (`field`: the field)."""

    def __init__(self, code: str, field: str | None = None, **details: Any) -> None:
        super().__init__(code)
        self.code, self.field, self.details = code, field, details


def vn_today() -> date:
    return datetime.now(VN_TZ).date()


def person_view(session: Session, person: Person, viewer: User, history: bool = False) -> PersonView:
    personal = viewer.holds(*PERSONAL_DATA_ROLES)
    data = person.model_dump()
    if not personal:
        data |= {"birth_date": None, "id_number": None}
    positions = []
    if history:
        rows = session.exec(select(PersonPosition).where(PersonPosition.person_id == person.id).order_by(PersonPosition.id))
        positions = [PositionView(unit_id=r.unit_id, position=r.position, since=r.since) for r in rows]
    return PersonView(**data, positions=positions)


# --- scope -----------------------------------------------------------------------------------------


def own_unit(session: Session, issuer_id: int, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.issuer_id != issuer_id:
        raise DirectoryRefused("DIRECTORY_UNIT_NOT_FOUND", unit_id=unit_id)
    return unit


def usable_unit(session: Session, issuer_id: int, unit_id: int, field: str = "unit_id") -> Unit:
    """An active unit of the issuer, for a person or user to be in, or a unit to be under."""
    try:
        unit = own_unit(session, issuer_id, unit_id)
    except DirectoryRefused as refused:
        raise DirectoryRefused(refused.code, field, **refused.details) from None
    if not unit.active:
        raise DirectoryRefused("UNIT_INACTIVE", field, name=unit.name)
    return unit


def own_person(session: Session, issuer_id: int, person_id: int) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.issuer_id != issuer_id:
        raise DirectoryRefused("DIRECTORY_PERSON_NOT_FOUND", person_id=person_id)
    return person


def own_user(session: Session, issuer_id: int, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.issuer_id != issuer_id:
        raise DirectoryRefused("DIRECTORY_USER_NOT_FOUND", user_id=user_id)
    return user


def get_issuer(session: Session, issuer_id: int) -> Issuer:
    issuer = session.get(Issuer, issuer_id)
    if issuer is None:
        raise DirectoryRefused("ISSUER_NOT_FOUND", issuer_id=issuer_id)
    return issuer


# --- units -----------------------------------------------------------------------------------------


def _check_parent(session: Session, issuer_id: int, unit: Unit | None, parent_id: int) -> None:
    parent = usable_unit(session, issuer_id, parent_id, "parent_id")
    seen = set()
    while parent is not None and parent.id not in seen:
        if unit is not None and parent.id == unit.id:
            raise DirectoryRefused("UNIT_PARENT_INVALID", "parent_id", reason="một đơn vị không thể ở dưới chính nó")
        seen.add(parent.id)
        parent = session.get(Unit, parent.parent_id) if parent.parent_id else None


def find_unit(session: Session, issuer_id: int, code: str) -> Unit | None:
    return session.exec(select(Unit).where(Unit.issuer_id == issuer_id, Unit.code == code)).first()


def create_unit(session: Session, issuer_id: int, body: UnitCreate) -> Unit:
    taken = find_unit(session, issuer_id, body.code)
    if taken is not None:
        raise DirectoryRefused("UNIT_CODE_TAKEN", "code", unit_code=body.code, name=taken.name)
    if body.parent_id is not None:
        _check_parent(session, issuer_id, None, body.parent_id)
    unit = Unit(issuer_id=issuer_id, **body.model_dump())
    session.add(unit)
    session.flush()
    return unit


def update_unit(session: Session, issuer_id: int, unit_id: int, changes: UnitChange) -> Unit:
    unit = own_unit(session, issuer_id, unit_id)
    data = changes.model_dump(exclude_unset=True)
    if data.get("parent_id") is not None and data["parent_id"] != unit.parent_id:
        _check_parent(session, issuer_id, unit, data["parent_id"])
    for name, value in data.items():
        if value is not None or name in ("symbol", "parent_id", "email"):
            setattr(unit, name, value)
    session.add(unit)
    session.flush()
    return unit


def deactivate_unit(session: Session, issuer_id: int, unit_id: int) -> Unit:
    unit = own_unit(session, issuer_id, unit_id)
    unit.active = False
    session.add(unit)
    session.flush()
    return unit


# --- people ----------------------------------------------------------------------------------------


def _checked_number(session: Session, issuer_id: int, person: Person | None, data: dict[str, Any]) -> str | None:
    """The ID number to store for the person with `data` applied: checked, and no one else's of the issuer."""
    number = data.get("id_number", person.id_number if person else None)
    if not number:
        return None
    sex = data.get("sex", person.sex if person else None)
    born = data.get("birth_date", person.birth_date if person else None)
    try:
        number = check_id_number(number, sex, born)
    except IdNumberInvalid as invalid:
        raise DirectoryRefused("ID_NUMBER_INVALID", "id_number", reason=str(invalid)) from None
    other = session.exec(select(Person).where(Person.issuer_id == issuer_id, Person.id_number == number)).first()
    if other is not None and (person is None or other.id != person.id):
        raise DirectoryRefused("ID_NUMBER_TAKEN", "id_number", person_id=other.id, name=other.full_name)
    return number


def create_person(session: Session, issuer_id: int, body: PersonCreate) -> Person:
    data = body.model_dump(exclude={"since"})
    data["id_number"] = _checked_number(session, issuer_id, None, data)
    if body.unit_id is not None:
        usable_unit(session, issuer_id, body.unit_id)
    person = Person(issuer_id=issuer_id, name_key=fold(body.full_name), **data)
    session.add(person)
    session.flush()
    if person.unit_id is not None or person.position is not None:
        session.add(PersonPosition(person_id=person.id, unit_id=person.unit_id, position=person.position,
                                   since=body.since or vn_today()))
        session.flush()
    return person


def update_person(session: Session, issuer_id: int, person_id: int, changes: PersonChange) -> Person:
    person = own_person(session, issuer_id, person_id)
    return apply_person(session, issuer_id, person, changes)


def apply_person(session: Session, issuer_id: int, person: Person, changes: PersonChange) -> Person:
    data = changes.model_dump(exclude_unset=True, exclude={"since"})
    if "id_number" in data or "sex" in data or "birth_date" in data:
        data["id_number"] = _checked_number(session, issuer_id, person, data)
    if data.get("unit_id") is not None and data["unit_id"] != person.unit_id:
        usable_unit(session, issuer_id, data["unit_id"])
    moved = any(name in data and data[name] != getattr(person, name) for name in ("unit_id", "position"))
    for name, value in data.items():
        if value is not None or name != "full_name":
            setattr(person, name, value)
    person.name_key = fold(person.full_name)
    session.add(person)
    if moved:
        session.add(PersonPosition(person_id=person.id, unit_id=person.unit_id, position=person.position,
                                   since=changes.since or vn_today()))
    session.flush()
    return person


def deactivate_person(session: Session, issuer_id: int, person_id: int) -> Person:
    person = own_person(session, issuer_id, person_id)
    person.active = False
    session.add(person)
    session.flush()
    return person


# --- users -----------------------------------------------------------------------------------------


def _roles(roles: list[Role], gives: tuple[Role, ...] = ADMIN_GIVES) -> list[str]:
    for role in roles:
        if role not in gives:
            raise DirectoryRefused("ROLE_NOT_ALLOWED", "roles", role=role.value)
    return list(dict.fromkeys(role.value for role in roles))  # the first stays the main role


def _new_user(session: Session, settings: Settings, issuer_id: int, data: dict[str, Any]) -> User:
    if session.exec(select(User).where(User.username == data["username"])).first() is not None:
        raise DirectoryRefused("USERNAME_TAKEN", "username", username=data["username"])
    # No API token: the user makes their own on their account page (db/api_tokens.py).
    user = User(issuer_id=issuer_id, **data)
    session.add(user)
    session.flush()
    password_links.issue_link(session, settings, user)
    return user


def create_user(session: Session, settings: Settings, issuer_id: int, body: UserCreate) -> User:
    data = body.model_dump()
    data["roles"] = _roles(body.roles)
    if body.unit_id is not None:
        usable_unit(session, issuer_id, body.unit_id)
    return _new_user(session, settings, issuer_id, data)


def update_user(session: Session, issuer_id: int, user_id: int, changes: UserChange) -> User:
    user = own_user(session, issuer_id, user_id)
    data = changes.model_dump(exclude_unset=True)
    if "roles" in data:
        if data["roles"] is None:
            raise DirectoryRefused("ROLE_NOT_ALLOWED", "roles", role="(không chọn vai trò nào)")
        data["roles"] = _roles(changes.roles)
    if data.get("unit_id") is not None and data["unit_id"] != user.unit_id:
        usable_unit(session, issuer_id, data["unit_id"])
    for name, value in data.items():
        if value is not None or name in ("unit_id", "email"):
            setattr(user, name, value)
    session.add(user)
    session.flush()
    return user


def deactivate_user(session: Session, issuer_id: int, user_id: int, by: User) -> User:
    """The account can no longer act: its API tokens are refused (db/api_tokens.py), its logins end."""
    user = own_user(session, issuer_id, user_id)
    if user.id == by.id:
        raise DirectoryRefused("CANNOT_DEACTIVATE_SELF")
    user.active = False
    session.exec(delete(LoginSession).where(LoginSession.user_id == user.id))
    session.add(user)
    session.flush()
    return user


# --- issuers ---------------------------------------------------------------------------------------


def create_issuer(session: Session, body: IssuerCreate) -> Issuer:
    if session.exec(select(Issuer).where(Issuer.code == body.code)).first() is not None:
        raise DirectoryRefused("ISSUER_CODE_TAKEN", "code", issuer_code=body.code)
    data = {name: value for name, value in body.model_dump().items() if value is not None}
    data.setdefault("head_title", HEAD_TITLES[body.kind])
    issuer = Issuer(**data)
    session.add(issuer)
    session.flush()
    return issuer


def update_issuer(session: Session, issuer_id: int, changes: IssuerChange) -> Issuer:
    issuer = get_issuer(session, issuer_id)
    for name, value in changes.model_dump(exclude_unset=True).items():
        if value is not None or name == "superior":
            setattr(issuer, name, value)
    session.add(issuer)
    session.flush()
    return issuer


def set_issuer_active(session: Session, issuer_id: int, active: bool) -> Issuer:
    issuer = get_issuer(session, issuer_id)
    issuer.active = active
    session.add(issuer)
    session.flush()
    return issuer


def create_first_admin(session: Session, settings: Settings, issuer_id: int, body: FirstAdmin) -> User:
    get_issuer(session, issuer_id)
    return _new_user(session, settings, issuer_id, body.model_dump() | {"roles": [Role.admin.value]})


def clean_id_number(text: str | None) -> str | None:
    return clean(text) if text else None


def is_code(text: str) -> bool:
    return re.fullmatch(CODE, text) is not None


def positions_on(session: Session, person_ids: Collection[int], on: date) -> dict[int, PersonPosition]:
    """Each person's unit and position on a day, by person id: the latest that began on or before it (one
    whose first day is not known counts as begun before any); a person with none is left out."""
    held: dict[int, PersonPosition] = {}
    rows = session.exec(select(PersonPosition).where(col(PersonPosition.person_id).in_(list(person_ids))))
    for row in rows:
        if row.since is not None and row.since > on:
            continue
        current = held.get(row.person_id)
        if current is None or (row.since or date.min, row.id) > (current.since or date.min, current.id):
            held[row.person_id] = row
    return held
