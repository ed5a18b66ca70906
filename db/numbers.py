"""Document numbers: each issuing body's yearly series of each document type (Nghị định 30/2020).

A number is taken for a purpose (its key): taking it again for the same key gives the same number, so a
retried activity or a regenerated document never uses up a second one.
"""

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import IssuedNumber


def take_number(session: Session, issuer: str, year: int, type_code: str, key: str) -> int:
    """The next number of the issuer's series of `type_code` for the year, or the one already taken for `key`."""
    taken = session.exec(select(IssuedNumber).where(IssuedNumber.key == key)).first()
    if taken is not None:
        return taken.number
    last = session.exec(
        select(func.max(IssuedNumber.number)).where(
            IssuedNumber.issuer == issuer, IssuedNumber.year == year, IssuedNumber.type_code == type_code
        )
    ).one()
    number = (last or 0) + 1
    session.add(IssuedNumber(issuer=issuer, year=year, type_code=type_code, number=number, key=key))
    session.commit()
    return number
