"""Document numbers: each issuing body's yearly series of each document type (Nghị định 30/2020 Điều 15).

A number is taken for a purpose (its key): taking it again for the same key gives the same number, so a
retried activity or a regenerated document never uses up a second one. An office that numbers its documents
in its own register (văn thư) enters the number it took there: it is claimed in the series, refused if
another document holds it. An office that uses the service's series may start it, for a year, at the number
its register has reached.
"""

from sqlalchemy import UniqueConstraint, func
from sqlmodel import Field, Session, SQLModel, col, select

from db.models import IssuedNumber

MAX_NUMBER = 99_999


class NumberSeriesStart(SQLModel, table=True):
    """Where an issuer's series of a document type begins in a year, as its admin sets it."""

    __table_args__ = (UniqueConstraint("issuer", "year", "type_code"),)
    id: int | None = Field(default=None, primary_key=True)
    issuer: str
    year: int
    type_code: str  # "QĐ", "TTr"
    first_number: int


class NumberTaken(Exception):
    """The number is another document's in the series."""

    def __init__(self, number: int, next_free: int) -> None:
        super().__init__(f"number {number} is taken; {next_free} is free")
        self.number = number
        self.next_free = next_free


def taken_for(session: Session, key: str) -> int | None:
    """The number taken for `key`, if any."""
    row = session.exec(select(IssuedNumber).where(IssuedNumber.key == key)).first()
    return row.number if row is not None else None


def next_free(session: Session, issuer: str, year: int, type_code: str) -> int:
    """The number the series gives next: after the last taken, and not before the start its admin set."""
    last = session.exec(
        select(func.max(IssuedNumber.number)).where(
            IssuedNumber.issuer == issuer, IssuedNumber.year == year, IssuedNumber.type_code == type_code
        )
    ).one()
    start = session.exec(
        select(NumberSeriesStart.first_number).where(
            NumberSeriesStart.issuer == issuer, NumberSeriesStart.year == year, NumberSeriesStart.type_code == type_code
        )
    ).first()
    return max(last or 0, (start or 1) - 1) + 1


def take_number(session: Session, issuer: str, year: int, type_code: str, key: str, commit: bool = True) -> int:
    """The next number of the issuer's series of `type_code` for the year, or the one already taken for `key`."""
    taken = taken_for(session, key)
    if taken is not None:
        return taken
    number = next_free(session, issuer, year, type_code)
    session.add(IssuedNumber(issuer=issuer, year=year, type_code=type_code, number=number, key=key))
    if commit:
        session.commit()
    return number


def take_numbers(session: Session, issuer: str, year: int, type_code: str, keys: list[str]) -> dict[str, int]:
    """take_number for each of `keys`, in their order, in two reads however many they are: the numbers taken for
    them already, then the next free, from which the others follow one after the other. The caller commits."""
    taken = {row.key: row.number for row in session.exec(select(IssuedNumber).where(col(IssuedNumber.key).in_(keys)))}
    number = next_free(session, issuer, year, type_code)
    for key in keys:
        if key not in taken:
            session.add(IssuedNumber(issuer=issuer, year=year, type_code=type_code, number=number, key=key))
            taken[key] = number
            number += 1
    return taken


def claim_number(session: Session, issuer: str, year: int, type_code: str, key: str, number: int) -> int:
    """The number the office took in its own register, held in the series for `key`; NumberTaken if another
    document holds it. Claimed again for the same key, it is the same."""
    taken = taken_for(session, key)
    if taken is not None:
        return taken
    if not is_free(session, issuer, year, type_code, number):
        raise NumberTaken(number, next_free(session, issuer, year, type_code))
    session.add(IssuedNumber(issuer=issuer, year=year, type_code=type_code, number=number, key=key))
    session.commit()
    return number


def start_series(session: Session, issuer: str, year: int, type_code: str, first_number: int) -> None:
    """The series starts at `first_number` this year; refused (NumberTaken) where it has already gone past it."""
    taken = session.exec(
        select(func.max(IssuedNumber.number)).where(
            IssuedNumber.issuer == issuer, IssuedNumber.year == year, IssuedNumber.type_code == type_code
        )
    ).one()
    if taken is not None and first_number <= taken:
        raise NumberTaken(first_number, taken + 1)
    row = session.exec(
        select(NumberSeriesStart).where(
            NumberSeriesStart.issuer == issuer, NumberSeriesStart.year == year, NumberSeriesStart.type_code == type_code
        )
    ).first() or NumberSeriesStart(issuer=issuer, year=year, type_code=type_code, first_number=first_number)
    row.first_number = first_number
    session.add(row)
    session.commit()


def is_free(session: Session, issuer: str, year: int, type_code: str, number: int) -> bool:
    """No document holds the number in the series."""
    holder = session.exec(
        select(IssuedNumber.id).where(
            IssuedNumber.issuer == issuer, IssuedNumber.year == year, IssuedNumber.type_code == type_code,
            IssuedNumber.number == number,
        )
    ).first()
    return holder is None


def unit_series(unit_name: str, issuer_name: str) -> str:
    """The series a unit of the issuer numbers its own documents in."""
    return f"{unit_name} - {issuer_name}"


def proposal_key(dossier_id: str) -> str:
    """What the unit's tờ trình of a dossier is numbered for: taken when the dossier is first submitted."""
    return f"dossier-{dossier_id}-to-trinh"


def appraisal_key(campaign_code: str) -> str:
    """What the office's tờ trình of a campaign is numbered for: taken when the council's results are sent."""
    return f"campaign-{campaign_code}-to-trinh"


def higher_key(campaign_code: str) -> str:
    """What the proposal upward of a campaign is numbered for: taken when the decision is signed."""
    return f"campaign-{campaign_code}-higher"
