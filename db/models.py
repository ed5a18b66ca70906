"""Tables of the read model and the registry, with the API's public shapes beside them.

Families as in the FastAPI full-stack template: <Name>Base holds the shared fields, <Name> is the
table, <Name>Public is what the API returns. Workflows write these tables only through activities.
"""

import hashlib
from datetime import date, datetime, timezone
from typing import Any

from pydantic import field_serializer
from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

from common.text import VN_TZ


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def AwareDateTime(**kwargs: Any) -> Any:
    """A moment stored with its time zone (PostgreSQL keeps it; SQLite gives it back as UTC)."""
    return Field(sa_column=Column(DateTime(timezone=True), **kwargs))


class VnTimes(SQLModel):
    """Public shapes show moments in Vietnam time."""

    @field_serializer("*", when_used="json")
    def in_vietnam_time(self, value: Any) -> Any:
        if isinstance(value, datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
            return aware.astimezone(VN_TZ).isoformat()
        return value


# --- units, people, users -------------------------------------------------------------------------


class UnitBase(SQLModel):
    code: str = Field(unique=True, index=True)
    name: str
    kind: str  # a subject kind code, e.g. "phong_chuyen_mon"
    email: str | None = None
    leader_person_id: int | None = None  # the key leader (người đứng đầu): the person in table person


class Unit(UnitBase, table=True):
    id: int | None = Field(default=None, primary_key=True)


class UnitPublic(UnitBase):
    id: int


class PersonBase(SQLModel):
    full_name: str
    birth_date: date | None = None
    id_number: str | None = Field(default=None, index=True)  # căn cước
    position: str | None = None
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    email: str | None = None


class Person(PersonBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name_key: str = Field(index=True)  # the name without diacritics, lower case, for search


class PersonPublic(PersonBase):
    id: int


class UserBase(SQLModel):
    username: str = Field(unique=True, index=True)
    full_name: str
    role: str  # a schemas.dossier.Role
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    email: str | None = None


def token_hash(token: str) -> str:
    """Tokens are stored only as their SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(unique=True, index=True)  # SHA-256 of the API token
    password_hash: str | None = None  # for the web pages: common.passwords; None: no login with a password
    locked_until: datetime | None = AwareDateTime(nullable=True)  # too many wrong passwords: web/logins.py


class LoginSession(SQLModel, table=True):
    """A browser logged in to the web pages: its cookie holds a random token, this table only its SHA-256."""

    token_hash: str = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    csrf_token: str  # every form of the session sends it back
    expires_at: datetime = AwareDateTime(nullable=False)


class LoginFailure(SQLModel, table=True):
    """A wrong password or API token, counted for its address and, for a password, its account (web/logins.py).

    Kept only as long as the window they are counted in; the address is the client's IP address.
    """

    id: int | None = Field(default=None, primary_key=True)
    address: str = Field(index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)  # None: not counted for an account
    at: datetime = AwareDateTime(nullable=False, index=True)


class UserPublic(UserBase):
    id: int


# --- campaigns ------------------------------------------------------------------------------------


class CampaignBase(SQLModel):
    code: str = Field(unique=True, index=True)
    kind: str = "emulation"  # emulation | reform_plan
    title: str
    issuer_name: str
    receiving_office: str
    submit_before: date | None = None


class Campaign(CampaignBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    settings: dict = Field(sa_column=Column(JSON, nullable=False))  # a valid schemas.campaign.CampaignFile
    loaded_at: datetime = AwareDateTime(nullable=False)


class CampaignPublic(CampaignBase):
    id: int


# --- dossiers -------------------------------------------------------------------------------------


class DossierBase(SQLModel):
    title: str
    campaign_code: str = Field(foreign_key="campaign.code", index=True)


class Dossier(DossierBase, table=True):
    id: str = Field(primary_key=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    unit_name: str
    stage: str = Field(index=True)
    stage_reason: str | None = None
    supplement_items: list | None = Field(default=None, sa_column=Column(JSON))
    supplement_due: date | None = None
    decision_number: str | None = None
    decision_signed_on: date | None = None
    # The workflow's whole state (schemas.dossier.DossierState) as of last_seq: the documents read it.
    state: dict | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = AwareDateTime(nullable=False)
    updated_at: datetime = AwareDateTime(nullable=False)
    last_seq: int = 0  # the newest event saved: an older snapshot never overwrites a newer one


class NomineeBase(SQLModel):
    key: str
    group: str  # collective | individual
    subject_kind: str
    name: str
    position: str | None = None
    person_id: int | None = None
    unit_id: int | None = None
    birth_date: date | None = None
    status: str
    reasons: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    suspended_from: str | None = None
    open_records: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    findings: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # the latest check's
    revocation_review: bool = False


class Nominee(NomineeBase, table=True):
    __table_args__ = (UniqueConstraint("dossier_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: str = Field(foreign_key="dossier.id", index=True)
    name_key: str = Field(index=True)


class NomineePublic(NomineeBase):
    status_name: str


class DocumentBase(SQLModel):
    kind: str
    nominee_key: str | None = None
    filename: str
    sha256: str
    size: int
    content_type: str
    uploaded_by: str


class Document(DocumentBase, table=True):
    __table_args__ = (UniqueConstraint("dossier_id", "document_id"),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: str = Field(foreign_key="dossier.id", index=True)
    document_id: str  # "D<seq>" within the dossier
    uploaded_at: datetime = AwareDateTime(nullable=False)


class DocumentPublic(DocumentBase, VnTimes):
    document_id: str
    uploaded_at: datetime


class EventBase(SQLModel):
    """What a history row of any workflow says: which event, who did it, and the detail."""

    seq: int
    action: str
    action_name: str
    actor_user_id: int | None = None
    actor_name: str | None = None
    actor_role: str | None = None
    detail: str | None = None


class HistoryEntryBase(EventBase):
    stage_before: str
    stage_after: str


class HistoryEntry(HistoryEntryBase, table=True):
    """Append-only: one row per event of a dossier workflow, never updated."""

    __table_args__ = (UniqueConstraint("dossier_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: str = Field(foreign_key="dossier.id", index=True)
    at: datetime = AwareDateTime(nullable=False)


class HistoryEntryPublic(HistoryEntryBase, VnTimes):
    at: datetime


class DossierPublic(DossierBase, VnTimes):
    id: str
    unit_id: int
    unit_name: str
    stage: str
    stage_name: str
    stage_reason: str | None
    supplement_items: list | None
    supplement_due: date | None
    decision_number: str | None
    decision_signed_on: date | None
    created_at: datetime
    updated_at: datetime


class DossierDetail(DossierPublic):
    nominees: list[NomineePublic]
    documents: list[DocumentPublic]
    history: list[HistoryEntryPublic]


# --- campaign runs --------------------------------------------------------------------------------


class CampaignRun(SQLModel, table=True):
    """The campaign workflow's state as of its newest event (schemas.council.CampaignState)."""

    code: str = Field(primary_key=True, foreign_key="campaign.code")
    phase: str = Field(index=True)
    state: dict = Field(sa_column=Column(JSON, nullable=False))
    last_seq: int = 0
    updated_at: datetime = AwareDateTime(nullable=False)


class CampaignHistory(EventBase, table=True):
    """Append-only: one row per event of a campaign workflow."""

    __table_args__ = (UniqueConstraint("campaign_code", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_code: str = Field(foreign_key="campaign.code", index=True)
    at: datetime = AwareDateTime(nullable=False)


class CampaignHistoryPublic(EventBase, VnTimes):
    at: datetime


class IssuedNumber(SQLModel, table=True):
    """A number taken from an issuer's yearly series of one document type: "12/QĐ-UBND"."""

    __table_args__ = (UniqueConstraint("issuer", "year", "type_code", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    issuer: str
    year: int
    type_code: str  # "QĐ", "TTr", …
    number: int
    key: str = Field(unique=True)  # what the number was taken for: taking it again gives the same number


class EligibilityCheckBase(SQLModel):
    step: str  # submit | appraisal | council | signing
    nominee_key: str
    rule: str
    verdict: str  # pass | warn | block | suspend
    message: str
    record_ids: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class EligibilityCheck(EligibilityCheckBase, table=True):
    """One rule's verdict on one nominee at one check: what was looked at, and when."""

    __table_args__ = (UniqueConstraint("check_key", "nominee_key", "rule", "position"),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: str = Field(foreign_key="dossier.id", index=True)
    check_key: str  # the dossier event the check belongs to
    position: int  # the finding's place in the check, for rules that give several
    checked_on: date


class EligibilityCheckPublic(EligibilityCheckBase):
    checked_on: date
