"""Whom each nominee is, as the appraiser sees it: the record of the registry it is linked to and on what
basis, or the warning with the person records it might be. Staff only: dates of birth are shown in full."""

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, or_, select

from common.text import fold
from db import models
from schemas.dossier import DossierState, Nominee, SubjectLink

BASIS_NAMES = {
    "id_number": "Khớp số CCCD",
    "name_and_birth_date": "Khớp họ tên và ngày sinh",
    "unit_name": "Khớp tên, mã đơn vị",
}
UNMATCHED = "Chưa đối chiếu được với hồ sơ cá nhân"
MAX_CANDIDATES = 20  # people of the same name shown to choose from


@dataclass
class PersonRecord:
    id: int
    full_name: str
    birth_date: date | None
    position: str | None
    unit_name: str | None


@dataclass
class NomineeLink:
    basis_name: str
    unmatched: bool  # an individual that cannot pass until linked or confirmed (LinkedNominee.unmatched)
    link: SubjectLink | None
    person: PersonRecord | None = None
    unit_name: str | None = None
    candidates: list[PersonRecord] = field(default_factory=list)


def nominee_links(session: Session, state: DossierState, issuer_id: int) -> dict[str, NomineeLink]:
    """Each nominee's link, by nominee key: among the people of the dossier's issuer only."""
    return {nominee.key: _link(session, nominee, issuer_id) for nominee in state.nominees}


def _link(session: Session, nominee: Nominee, issuer_id: int) -> NomineeLink:
    link = nominee.link
    if nominee.group == "collective":
        unit = session.get(models.Unit, nominee.unit_id) if nominee.unit_id else None
        basis = BASIS_NAMES["unit_name"] if unit else "Không khớp đơn vị nào trong danh sách"
        return NomineeLink(basis, False, link, unit_name=unit.name if unit else None)
    if nominee.unmatched:
        return NomineeLink(UNMATCHED, True, link, candidates=_candidates(session, nominee, issuer_id))
    if link is None:
        basis = "Liên kết trước khi hệ thống ghi căn cứ đối chiếu"
    elif link.basis == "confirmed":
        basis = "Cán bộ thẩm định liên kết" if nominee.person_id else "Cán bộ thẩm định xác nhận không có hồ sơ cá nhân"
    else:
        basis = BASIS_NAMES[link.basis]
    person = session.get(models.Person, nominee.person_id) if nominee.person_id else None
    return NomineeLink(basis, False, link, person=person and _record(session, person))


def _candidates(session: Session, nominee: Nominee, issuer_id: int) -> list[PersonRecord]:
    """The people the match found (an ambiguous one), and everyone of the same name without diacritics: of the
    dossier's issuer."""
    same_name = models.Person.name_key == fold(nominee.name)
    matched = nominee.link.candidates if nominee.link else []
    where = or_(same_name, col(models.Person.id).in_(matched)) if matched else same_name
    query = select(models.Person).where(where, models.Person.issuer_id == issuer_id)
    people = session.exec(query.order_by(models.Person.id).limit(MAX_CANDIDATES)).all()
    return [_record(session, person) for person in people]


def _record(session: Session, person: models.Person) -> PersonRecord:
    unit = session.get(models.Unit, person.unit_id) if person.unit_id else None
    return PersonRecord(person.id, person.full_name, person.birth_date, person.position, unit and unit.name)
