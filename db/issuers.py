"""The issuers' records: what campaign settings files name by code."""

from sqlmodel import Session, select

from db.models import Issuer, User
from schemas.campaign_file import issuer_settings, repository_issuers


def issuers_for_files(session: Session) -> dict[str, dict]:
    """Every active issuer as a settings file names it: code → what the campaign keeps of it."""
    issuers = session.exec(select(Issuer).where(Issuer.active)).all()
    return {issuer.code: issuer_settings(issuer.model_dump()) for issuer in issuers}


def add_repository_issuers(session: Session) -> dict[str, Issuer]:
    """The issuers of the repository's plans (issuers.yaml), each added once: for the demo and tests."""
    issuers = {}
    for record in repository_issuers():
        issuer = session.exec(select(Issuer).where(Issuer.code == record["code"])).first() or Issuer(**record)
        session.add(issuer)
        issuers[record["code"]] = issuer
    session.flush()
    return issuers


def issuer_id_of(session: Session, code: str | None) -> int:
    """The id of the issuer a campaign's settings name."""
    issuer = session.exec(select(Issuer).where(Issuer.code == code)).first()
    if issuer is None:
        raise LookupError(f"no issuer {code!r}")
    return issuer.id


def own_issuer(session: Session, user: User) -> str | None:
    """The code of the user's issuer; None for the super-admin, who belongs to none."""
    issuer = session.get(Issuer, user.issuer_id) if user.issuer_id is not None else None
    return issuer.code if issuer else None
