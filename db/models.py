"""Tables of the read model and the registry, with the API's public shapes beside them.

Families as in the FastAPI full-stack template: <Name>Base holds the shared fields, <Name> is the
table, <Name>Public is what the API returns. Workflows write these tables only through activities.
"""

import hashlib
from datetime import date, datetime, timezone
from typing import Any

from pydantic import field_serializer
from sqlalchemy import JSON, Column, DateTime, Index, UniqueConstraint
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


# --- issuers, units, people, users ----------------------------------------------------------------


class IssuerBase(SQLModel):
    """The body whose head awards (cơ quan ban hành): a People's Committee, a Sở, ban, ngành."""

    code: str = Field(unique=True, index=True)  # named by campaign settings files: "ke-sat"
    name: str  # "Ủy ban nhân dân xã Kẻ Sặt"
    kind: str  # a schemas.directory.IssuerKind
    superior: str | None = None  # the body above
    print_superior: bool = True  # the superior's name printed above the issuer's in the header (NĐ 30/2020)
    symbol: str = "UBND"  # the issuer's part of a document number: "12/QĐ-UBND", "05/QĐ-SNV"
    place: str  # the place name of the date line: "Kẻ Sặt"
    head_title: str = "Chủ tịch"  # Chủ tịch, Giám đốc, Trưởng ban, …
    receiving_office: str  # the office that receives and appraises dossiers: "Phòng Văn hóa - Xã hội"
    recipients: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # Nơi nhận of decisions
    active: bool = True


class Issuer(IssuerBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    emblem_sha256: str | None = None  # the emblem the pages show, in the file store (web/pages/emblem.py); None: none


class IssuerPublic(IssuerBase):
    id: int


class UnitBase(SQLModel):
    code: str = Field(index=True)  # unique within its issuer
    name: str
    kind: str  # a subject kind code, e.g. "phong_chuyen_mon"
    symbol: str | None = None  # its part of a document number: "TTr-KT"
    parent_id: int | None = Field(default=None, foreign_key="unit.id")
    email: str | None = None
    leader_person_id: int | None = None  # the key leader (người đứng đầu): the person in table person
    active: bool = True


class Unit(UnitBase, table=True):
    __table_args__ = (UniqueConstraint("issuer_id", "code"),)
    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int = Field(foreign_key="issuer.id", index=True)


class UnitPublic(UnitBase):
    id: int
    issuer_id: int


class PersonBase(SQLModel):
    full_name: str
    sex: str | None = None  # nam | nu: NĐ 152/2025 Điều 4 puts women first among equals; statistics count by it
    birth_date: date | None = None  # personal data: shown only to the roles that need it
    id_number: str | None = Field(default=None, index=True)  # căn cước, 12 digits: personal data too
    position: str | None = None  # the current one; person_position keeps them over time
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    category: str | None = None  # lanh_dao | truc_tiep | khac: schemas.directory.PersonCategory
    email: str | None = None
    active: bool = True


class Person(PersonBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int = Field(foreign_key="issuer.id", index=True)
    name_key: str = Field(index=True)  # the name without diacritics, lower case, for search


class PersonPublic(PersonBase):
    id: int


class PersonPosition(SQLModel, table=True):
    """Where a person worked and as what, from a day (to the day before the next one): documents print the
    position at the time of the award."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    position: str | None = None
    since: date | None = None  # None: since a day not known (the records of before positions were kept)


class UserBase(SQLModel):
    username: str = Field(unique=True, index=True)
    full_name: str
    roles: list = Field(sa_column=Column(JSON, nullable=False))  # schemas.dossier.Role values, the first the main
    unit_id: int | None = Field(default=None, foreign_key="unit.id")
    email: str | None = None
    active: bool = True


def token_hash(token: str) -> str:
    """Tokens are stored only as their SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int | None = Field(default=None, foreign_key="issuer.id", index=True)  # None: the super-admin
    password_hash: str | None = None  # for the web pages: common.passwords; None: no login with a password
    locked_until: datetime | None = AwareDateTime(nullable=True)  # too many wrong passwords: web/logins.py

    def holds(self, *roles: str) -> bool:
        """Whether the user has one of `roles`."""
        return any(role in self.roles for role in roles)

    @property
    def main_role(self) -> str:
        """The role the pages start from: the first."""
        return self.roles[0]


class ApiToken(SQLModel, table=True):
    """A user's API token (Authorization: Bearer): shown once when made, kept only as its SHA-256 (db/api_tokens.py)."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str  # what the user calls it: "Máy chủ báo cáo"
    token_hash: str = Field(unique=True, index=True)
    created_at: datetime = AwareDateTime(nullable=False)
    last_used_at: datetime | None = AwareDateTime(nullable=True)
    revoked_at: datetime | None = AwareDateTime(nullable=True)  # revoked: refused like a wrong token


class ApiTokenPublic(VnTimes):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class PasswordLink(SQLModel, table=True):
    """A one-time link, sent by mail, to set a password (db/password_links.py): only its token's SHA-256 kept."""

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    token_hash: str = Field(unique=True, index=True)
    created_at: datetime = AwareDateTime(nullable=False)
    expires_at: datetime = AwareDateTime(nullable=False)
    used_at: datetime | None = AwareDateTime(nullable=True)  # a password was set with it
    voided_at: datetime | None = AwareDateTime(nullable=True)  # a newer link for the user made it void


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
    issuer_id: int | None


# --- campaigns ------------------------------------------------------------------------------------


class CampaignBase(SQLModel):
    code: str = Field(unique=True, index=True)
    issuer_id: int = Field(foreign_key="issuer.id", index=True)
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
    campaign_code: str = Field(foreign_key="campaign.code")  # indexed with created_at (Dossier)


class Dossier(DossierBase, table=True):
    # The campaign's dossiers, in the lists' default order read from the index, not from rows kilobytes long.
    __table_args__ = (Index("ix_dossier_campaign_code_created_at", "campaign_code", "created_at"),)
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
    # What the lists' search reads (db/dossier_list.py search_text): title, unit, id and nominees, folded.
    search_key: str = ""


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
    achievement_summary: str | None = None  # tóm tắt thành tích, as the unit wrote it


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
    description: str | None = None  # a "Tài liệu khác": what it is
    # Removed or replaced by the unit (db/corrections.py): the row and the file stay, as evidence.
    removed_by: str | None = None
    replaced_by: str | None = None  # the document_id that took its place


class Document(DocumentBase, table=True):
    __table_args__ = (UniqueConstraint("dossier_id", "document_id"),)
    id: int | None = Field(default=None, primary_key=True)
    dossier_id: str = Field(foreign_key="dossier.id", index=True)
    document_id: str  # "D<seq>" within the dossier
    uploaded_at: datetime = AwareDateTime(nullable=False)
    removed_at: datetime | None = AwareDateTime(nullable=True)


class DocumentPublic(DocumentBase, VnTimes):
    document_id: str
    uploaded_at: datetime
    removed_at: datetime | None = None


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

    # The second index gives the lists each dossier's receipt (its last submit or supplement) without its other rows.
    __table_args__ = (UniqueConstraint("dossier_id", "seq"), Index("ix_historyentry_action_dossier_at", "action", "dossier_id", "at"))
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


# --- registrations (đăng ký thi đua) ----------------------------------------------------------------


class Registration(SQLModel, table=True):
    """A unit's registration for a campaign: of the unit itself, or of a collective or an individual it names
    (db/registrations.py). Entered by the unit's head online, or by the office from a paper one received."""

    __table_args__ = (UniqueConstraint("campaign_code", "unit_id", "registrant", "name_key"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_code: str = Field(foreign_key="campaign.code", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    registrant: str  # unit | collective | individual: schemas.registration.Registrant
    name: str | None = None  # the collective's or the individual's name; None for the unit itself
    name_key: str = ""  # the name without diacritics, lower case ("" for the unit itself)
    targets: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # the pledged targets
    entered_by_user_id: int = Field(foreign_key="user.id")
    entered_by_name: str
    paper: bool = False  # entered by the office from a paper registration
    received_on: date | None = None  # a paper registration: the day the office received it
    registered_at: datetime = AwareDateTime(nullable=False)
    withdrawn: bool = False
    withdrawn_at: datetime | None = AwareDateTime(nullable=True)


# --- quotas per unit (schemas/quotas.py) ------------------------------------------------------------


class UnitQuotaLock(SQLModel, table=True):
    """One row per (campaign, unit): a submission counted against the unit's quotas writes it first, so that
    two dossiers of the unit submitted at once are counted one after the other (activities/dossier.py)."""

    __tablename__ = "unit_quota_lock"
    campaign_code: str = Field(primary_key=True)
    unit_id: int = Field(primary_key=True, foreign_key="unit.id")
    checks: int = 0  # submissions counted so far: the write that takes the lock


class UnitQuotaClaim(SQLModel, table=True):
    """A dossier's nominees as counted at its submission against its unit's quotas."""

    __tablename__ = "unit_quota_claim"
    dossier_id: str = Field(primary_key=True, foreign_key="dossier.id")
    campaign_code: str = Field(index=True)
    unit_id: int = Field(index=True, foreign_key="unit.id")
    collectives: int = 0
    individuals: int = 0
    claimed_at: datetime = AwareDateTime(nullable=False)


# --- versions of a running campaign's settings ------------------------------------------------------


class CampaignSettingsVersion(SQLModel, table=True):
    """A change applied to a running campaign (schemas/campaign_changes.py): the settings from then on, the
    fields it changed (path, old, new), who applied it and why. Version 1, as loaded, is the campaign's own."""

    __table_args__ = (UniqueConstraint("campaign_code", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_code: str = Field(foreign_key="campaign.code", index=True)
    version: int
    settings: dict = Field(sa_column=Column(JSON, nullable=False))
    changes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    actor_user_id: int | None = None
    actor_name: str
    reason: str
    applied_at: datetime = AwareDateTime(nullable=False)
