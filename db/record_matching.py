"""Finding the person or unit a record, a nominee or an award is about, in the issuer's directory: exactly on
identifiers, ignoring diacritics and case on names. A match that is not certain is "ambiguous", with its candidates,
for an appraiser to resolve; it is never applied silently.
"""

import re
from datetime import date
from typing import Literal

from pydantic import BaseModel
from sqlmodel import Session, select

from common.text import fold, nfc, vn_date
from db.models import Person, Unit
from db.tables import Refused as RecordRefused


MatchStatus = Literal["matched", "ambiguous", "unmatched"]
# How a record's subject was found: by the ID-card number, by the folded name and the date of birth, by the
# id given in the request, by the unit's name or code, or chosen by an appraiser among the candidates.
MatchRule = Literal["id_number", "name_birth_date", "person_id", "unit_id", "unit_name", "appraiser"]


class Candidate(BaseModel):
    """A person or unit a record may be about, shown so that an appraiser can choose."""

    id: int
    name: str
    birth_date: date | None = None
    id_number: str | None = None
    position: str | None = None
    unit_name: str | None = None


class Match(BaseModel):
    """How a subject as written was found in the directory, and why."""

    status: MatchStatus
    person_id: int | None = None
    unit_id: int | None = None
    candidates: list[int] = []
    rule: MatchRule | None = None
    message: str  # in Vietnamese, for the appraiser


def id_number_of(value: str | None) -> str | None:
    """An ID-card number as stored: without spaces, dots or dashes."""
    if value is None:
        return None
    cleaned = re.sub(r"[\s.\-]", "", str(value))
    return cleaned or None


def person_text(person: Person) -> str:
    born = f" (sinh {vn_date(person.birth_date)})" if person.birth_date else ""
    return f"{person.full_name}{born}, mã {person.id}"


def match_person(
    session: Session, full_name: str | None, birth_date: date | None = None, id_number: str | None = None,
    issuer_id: int | None = None,
) -> Match:
    """Find the person a record names, among the people of the issuer (of every issuer if None).

    Exact on the ID-card number; otherwise the name without diacritics or case together with the date of
    birth. A name alone is never enough: every person of that name is a candidate for the appraiser.
    """
    name = nfc(full_name or "")
    key = fold(name) if name else ""
    number = id_number_of(id_number)
    people = select(Person) if issuer_id is None else select(Person).where(Person.issuer_id == issuer_id)
    same_name = list(session.exec(people.where(Person.name_key == key).order_by(Person.id)).all()) if key else []
    born_so = [p for p in same_name if birth_date is not None and p.birth_date == birth_date]
    if number:
        by_number = list(session.exec(people.where(Person.id_number == number).order_by(Person.id)).all())
        if len(by_number) == 1:
            person = by_number[0]
            message = f"Khớp theo số CCCD {number}: {person_text(person)}."
            if key and person.name_key != key:
                message += f" Lưu ý: họ tên ghi «{name}» khác họ tên trong danh sách «{person.full_name}»."
            return Match(status="matched", person_id=person.id, candidates=[person.id], rule="id_number", message=message)
        if len(by_number) > 1:
            return Match(
                status="ambiguous",
                candidates=[p.id for p in by_number],
                message=f"Có {len(by_number)} người cùng số CCCD {number} trong danh sách: "
                + "; ".join(person_text(p) for p in by_number)
                + ". Cần chọn đúng người.",
            )
        if len(born_so) == 1:
            person = born_so[0]
            return Match(
                status="matched",
                person_id=person.id,
                candidates=[person.id],
                rule="name_birth_date",
                message=f"Không có ai mang số CCCD {number} trong danh sách; khớp theo họ tên và ngày sinh: "
                f"{person_text(person)}.",
            )
        if len(born_so) > 1:
            return _ambiguous(born_so, f"Không có ai mang số CCCD {number}; có {len(born_so)} người tên «{name}» "
                              f"sinh ngày {vn_date(birth_date)}")
        return Match(
            status="unmatched",
            candidates=[p.id for p in same_name],
            message=f"Không có ai mang số CCCD {number} trong danh sách"
            + (f"; có {len(same_name)} người tên «{name}» ({'; '.join(person_text(p) for p in same_name)})" if same_name else "")
            + ".",
        )
    if not key:
        return Match(status="unmatched", message="Thiếu họ tên của cá nhân.")
    if birth_date is not None:
        if len(born_so) == 1:
            person = born_so[0]
            return Match(
                status="matched",
                person_id=person.id,
                candidates=[person.id],
                rule="name_birth_date",
                message=f"Khớp theo họ tên và ngày sinh: {person_text(person)}.",
            )
        if len(born_so) > 1:
            return _ambiguous(born_so, f"Có {len(born_so)} người tên «{name}» sinh ngày {vn_date(birth_date)}")
        return Match(
            status="unmatched",
            candidates=[p.id for p in same_name],
            message=f"Không có ai tên «{name}» sinh ngày {vn_date(birth_date)} trong danh sách"
            + (f"; có người cùng tên, ngày sinh khác: {'; '.join(person_text(p) for p in same_name)}" if same_name else "")
            + ".",
        )
    if same_name:
        return _ambiguous(same_name, f"Chỉ có họ tên «{name}», không có ngày sinh hay số CCCD; người cùng tên trong danh sách")
    return Match(status="unmatched", message=f"Không có ai tên «{name}» trong danh sách.")


def identify_person(
    session: Session, full_name: str, birth_date: date | None = None, id_number: str | None = None,
    issuer_id: int | None = None,
) -> Match:
    """The person a nominee is, as `match_person` finds them, where what was written agrees with that person.

    A nominee's ID number whose person has another name or date of birth, or a name and date of birth whose
    person has another ID number, is refused (RecordRefused): it would lend one person's records to another.
    """
    match = match_person(session, full_name, birth_date, id_number, issuer_id)
    if match.status != "matched":
        return match
    person = session.get(Person, match.person_id)
    number = id_number_of(id_number)
    other_name = person.name_key != fold(nfc(full_name))
    other_birth = birth_date is not None and person.birth_date is not None and person.birth_date != birth_date
    other_number = number is not None and person.id_number is not None and person.id_number != number
    if other_name or other_birth or other_number:
        raise RecordRefused("NOMINEE_IDENTITY_MISMATCH", name=nfc(full_name))
    return match


def _ambiguous(people: list[Person], lead: str) -> Match:
    return Match(
        status="ambiguous",
        candidates=[p.id for p in people],
        message=f"{lead}: {'; '.join(person_text(p) for p in people)}. Cần chọn đúng người.",
    )


def match_unit(session: Session, name: str | None, issuer_id: int | None = None) -> Match:
    """Find a unit of the issuer (of any if None) by its name without diacritics or case, or by its code."""
    text = nfc(name or "")
    if not text:
        return Match(status="unmatched", message="Thiếu tên đơn vị.")
    key = fold(text)
    query = select(Unit) if issuer_id is None else select(Unit).where(Unit.issuer_id == issuer_id)
    units = session.exec(query.order_by(Unit.id)).all()
    found = [u for u in units if fold(u.name) == key or u.code == text]
    if len(found) == 1:
        return Match(
            status="matched", unit_id=found[0].id, candidates=[found[0].id], rule="unit_name",
            message=f"Khớp đơn vị: {found[0].name}, mã {found[0].id}.",
        )
    if found:
        return Match(
            status="ambiguous",
            candidates=[u.id for u in found],
            message=f"Có {len(found)} đơn vị tên «{text}»: {'; '.join(f'{u.name}, mã {u.id}' for u in found)}. Cần chọn đúng đơn vị.",
        )
    return Match(status="unmatched", message=f"Không có đơn vị «{text}» trong danh sách.")
