"""The code each award carries on its Giấy khen, and the award it opens on the public verification page.

The code is made from the award itself (the campaign, the awardee's candidate ref), so a certificate made again
bears the same one; the table finds the award from the code. Written when the decision is signed (the award's
day), and again, idempotently, whenever the certificates are made.
"""

import base64
import hashlib

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, Session, SQLModel, col, select

CODE_BITS = 60  # 12 characters: about one chance in 2 million of a clash among a million awards
CODE_PATTERN = r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$"
# Crockford's base 32: no I, L, O, U, so a code read aloud or typed from paper is not mistaken.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
STANDARD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


class AwardCode(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("campaign_code", "candidate_ref"),)
    code: str = Field(primary_key=True, max_length=14)
    campaign_code: str = Field(foreign_key="campaign.code", index=True)
    candidate_ref: str  # "<dossier id>/<nominee key>", as the decision lists the awardee


def award_code(campaign_code: str, candidate_ref: str) -> str:
    """The award's code, three groups of four ("7K2M-QX4P-9D31"): the first 60 bits of a SHA-256 of the award,
    in Crockford's base 32."""
    digest = hashlib.sha256(f"{campaign_code}\n{candidate_ref}".encode()).digest()
    plain = base64.b32encode(digest).decode()[: CODE_BITS // 5]
    code = plain.translate(str.maketrans(STANDARD, CROCKFORD))
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def register_awards(session: Session, campaign_code: str, candidate_refs: list[str]) -> dict[str, str]:
    """Each award's code, written where it is new (the caller commits); a clash with another award is an error."""
    codes = {ref: award_code(campaign_code, ref) for ref in candidate_refs}
    known = {
        row.code: row for row in session.exec(select(AwardCode).where(col(AwardCode.code).in_(codes.values())))
    }
    for ref, code in codes.items():
        row = known.get(code)
        if row is None:
            session.add(AwardCode(code=code, campaign_code=campaign_code, candidate_ref=ref))
        elif (row.campaign_code, row.candidate_ref) != (campaign_code, ref):
            raise RuntimeError(f"award code {code} of {campaign_code} {ref} is already {row.campaign_code} {row.candidate_ref}")
    return codes


def codes_of(session: Session, campaign_code: str) -> dict[str, str]:
    """The codes of a campaign's awards written so far, by candidate ref."""
    rows = session.exec(select(AwardCode).where(AwardCode.campaign_code == campaign_code))
    return {row.candidate_ref: row.code for row in rows}


def find_award(session: Session, code: str) -> AwardCode | None:
    """The award a code opens; a code typed in lower case, or with O for 0 and I or L for 1, still opens it."""
    typed = code.strip().upper().translate(str.maketrans("OIL", "011"))
    return session.get(AwardCode, typed)


def revoked_by(session: Session, found: AwardCode) -> str | None:
    """The decision that revoked the award a code opens, as the register records it; None: not revoked."""
    from db.awards import of_candidate  # the register (db/awards.py) reads this table's neighbours, not this one

    award = of_candidate(session, found.campaign_code, found.candidate_ref)
    if award is None or award.status != "revoked":
        return None
    return f"Quyết định số {award.revoked_number} ngày {award.revoked_on.strftime('%d/%m/%Y')}"
