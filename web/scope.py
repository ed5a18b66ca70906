"""What a user may read and act on: their own issuer's, and nothing of another issuer's.

Every route and page asks here, one helper per concern, instead of checking on its own. A campaign, its
dossiers, units, people, records and mails belong to one issuer (a dossier to its campaign's, a record to
its writer's). Another issuer's is answered as if it did not exist: the same 404 (or the same "no such
id" of a field) as an unknown id, so that nobody learns what another issuer has. The super-admin
(issuer_id None) belongs to no issuer and is not limited here; their roles limit them.
"""

from typing import Any

from sqlalchemy import exists, func, literal, or_, true, union
from sqlmodel import Session, col, select

from db import models
from db.one_off import proposer_of
from db.outbox import MailStatus, OutboxMail
from db.records import Record
from web.errors import ServiceError


def _of(user: models.User, column: Any) -> Any:
    """The condition `column` is the user's issuer (always true for the super-admin)."""
    return true() if user.issuer_id is None else column == user.issuer_id


# --- campaigns ------------------------------------------------------------------------------------


def campaign_codes(user: models.User) -> Any:
    """The codes of the user's issuer's campaigns, as a subquery."""
    return select(models.Campaign.code).where(_of(user, models.Campaign.issuer_id))


def visible_campaigns(session: Session, user: models.User, kind: str | None = None) -> list[models.Campaign]:
    """The user's issuer's campaigns (of one kind, if given), by code."""
    query = select(models.Campaign).where(_of(user, models.Campaign.issuer_id)).order_by(models.Campaign.code)
    if kind is not None:
        query = query.where(models.Campaign.kind == kind)
    return list(session.exec(query))


def find_campaign(session: Session, code: str) -> models.Campaign | None:
    return session.exec(select(models.Campaign).where(models.Campaign.code == code)).first()


def campaign_of_user(session: Session, user: models.User, code: str) -> models.Campaign:
    """The campaign, if it is of the user's issuer: else 404 CAMPAIGN_NOT_FOUND, as for an unknown code."""
    campaign = find_campaign(session, code)
    if campaign is None or (user.issuer_id is not None and campaign.issuer_id != user.issuer_id):
        raise ServiceError("CAMPAIGN_NOT_FOUND", campaign=code)
    return campaign


def campaign_to_nominate_in(session: Session, user: models.User, code: str, unit_id: int | None) -> models.Campaign:
    """The campaign a dossier of `unit_id` is made in: of the user's issuer, or refused (CAMPAIGN_OF_OTHER_ISSUER).

    A unit names the campaign it nominates in, from a plan it was sent: that a code is another issuer's is
    told plainly, so that the unit knows it has the wrong plan, not a mistyped one."""
    campaign = find_campaign(session, code)
    if campaign is None:
        raise ServiceError("CAMPAIGN_NOT_FOUND", campaign=code)
    if campaign.issuer_id != user.issuer_id:
        raise ServiceError("CAMPAIGN_OF_OTHER_ISSUER", campaign=code)
    if proposer_of(code) not in (None, unit_id):  # another unit's one-off award (db/one_off.py)
        raise ServiceError("CAMPAIGN_NOT_FOUND", campaign=code)
    return campaign


# --- dossiers -------------------------------------------------------------------------------------


def visible_dossiers(user: models.User) -> Any:
    """A query of the dossiers of the user's issuer's campaigns, to narrow further."""
    return select(models.Dossier).where(col(models.Dossier.campaign_code).in_(campaign_codes(user)))


def dossier_of_user(session: Session, user: models.User, dossier_id: str) -> models.Dossier:
    """The dossier, if its campaign is of the user's issuer: else 404 DOSSIER_NOT_FOUND."""
    dossier = session.get(models.Dossier, dossier_id)
    if dossier is None or (user.issuer_id is not None and dossier_issuer(session, dossier) != user.issuer_id):
        raise ServiceError("DOSSIER_NOT_FOUND", dossier_id=dossier_id)
    return dossier


def dossier_issuer(session: Session, dossier: models.Dossier) -> int:
    return session.exec(select(models.Campaign.issuer_id).where(models.Campaign.code == dossier.campaign_code)).one()


# --- units and people -----------------------------------------------------------------------------


def unit_of_issuer(session: Session, issuer_id: int | None, unit_id: int) -> models.Unit:
    """The unit, if it is of the issuer (None: any): else 422 UNIT_NOT_FOUND, as for an unknown id."""
    unit = session.get(models.Unit, unit_id)
    if unit is None or (issuer_id is not None and unit.issuer_id != issuer_id):
        raise ServiceError("UNIT_NOT_FOUND", unit_id=unit_id)
    return unit


def unit_of_user(session: Session, user: models.User, unit_id: int) -> models.Unit:
    return unit_of_issuer(session, user.issuer_id, unit_id)


def person_of_issuer(session: Session, issuer_id: int | None, person_id: int) -> models.Person:
    """The person, if of the issuer (None: any): else 422 PERSON_NOT_FOUND, as for an unknown id."""
    person = session.get(models.Person, person_id)
    if person is None or (issuer_id is not None and person.issuer_id != issuer_id):
        raise ServiceError("PERSON_NOT_FOUND", person_id=person_id)
    return person


def issuer_people(issuer_id: int | None) -> Any:
    """The condition a person is of the issuer (None: any)."""
    return true() if issuer_id is None else models.Person.issuer_id == issuer_id


# --- the registry of records ----------------------------------------------------------------------


def _issuer_users(user: models.User) -> Any:
    return select(models.User.id).where(_of(user, models.User.issuer_id))


def visible_record_ids(user: models.User) -> Any:
    """The records of the user's issuer, as a subquery: a record is its writer's issuer's."""
    return select(Record.id).where(col(Record.created_by_user_id).in_(_issuer_users(user)))


def visible_records(user: models.User, records: list[Record], session: Session) -> list[Record]:
    """Of `records`, those of the user's issuer, in their order."""
    if user.issuer_id is None:
        return records
    mine = set(session.exec(visible_record_ids(user)))
    return [record for record in records if record.id in mine]


def record_of_user(session: Session, user: models.User, record_id: int) -> Record:
    """The record, if of the user's issuer: else 404 RECORD_NOT_FOUND, as for an unknown id."""
    record = session.get(Record, record_id)
    if record is None or (user.issuer_id is not None and record.id not in set(session.exec(visible_record_ids(user)))):
        raise ServiceError("RECORD_NOT_FOUND", record_id=record_id)
    return record


# --- the outbox -----------------------------------------------------------------------------------


def mail_condition(user: models.User) -> Any:
    """The condition a mail of the outbox is one an admin of the user's issuer may read (all for the
    super-admin), in SQL: to an address of the issuer's users, units or people (compared trimmed, in lower
    case), or about one of its campaigns or dossiers by its key (mail.outbox.mail_key: "event|recipient", the event
    "dossier/<id>/…", "campaign/<code>/…" or "reminder/<code>/…")."""
    if user.issuer_id is None:
        return true()
    issuer_id = user.issuer_id
    recipient = func.lower(func.trim(OutboxMail.recipient))
    addresses = union(*(
        select(func.lower(func.trim(table.email))).where(table.issuer_id == issuer_id, col(table.email).is_not(None))
        for table in (models.User, models.Unit, models.Person)
    ))
    code, dossier_id = models.Campaign.code, models.Dossier.id
    about_campaign = exists().where(
        models.Campaign.issuer_id == issuer_id,
        or_(*(OutboxMail.key.like(literal(f"{prefix}/") + code + literal(end)) for prefix in ("campaign", "reminder")
              for end in ("/%", "|%"))),
    )
    about_dossier = exists().where(
        models.Dossier.campaign_code == models.Campaign.code, models.Campaign.issuer_id == issuer_id,
        or_(*(OutboxMail.key.like(literal("dossier/") + dossier_id + literal(end)) for end in ("/%", "|%"))),
    )
    return or_(recipient.in_(select(addresses.subquery())), about_campaign, about_dossier)


def visible_mails(session: Session, user: models.User, status: MailStatus | None, limit: int) -> list[OutboxMail]:
    """The newest mails of the outbox an admin of the issuer may read (`mail_condition`)."""
    query = select(OutboxMail).where(mail_condition(user)).order_by(col(OutboxMail.id).desc())
    if status is not None:
        query = query.where(OutboxMail.status == status)
    return list(session.exec(query.limit(limit)))
