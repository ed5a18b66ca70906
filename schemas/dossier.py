"""Messages of the dossier workflow: its start input, one model per human action, and its state.

Only these plain models cross Temporal (never table models or file bytes): files travel as the hash
the file store gave them. What a person sends is an InputModel: text no one can see or type is refused.
"""

import re
from datetime import date, datetime
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from common.bounds import Day, Id, SoonDay, whole
from common.text import InputModel, nfc
from schemas.campaign import DossierRules
from schemas.dossier_actions import Actor, NomineeStatus, Stage
from schemas.quotas import QuotaClaim
from schemas.settings_base import SubjectGroup


ACHIEVEMENT_MAX = 1000  # characters of a nominee's achievement summary: a cell of the tờ trình's table


def nfc_lines(text: str | None) -> str | None:
    """A text of several lines as stored: each line NFC with its spaces made single, empty lines dropped."""
    lines = [nfc(line) for line in (text or "").splitlines()]
    return "\n".join(line for line in lines if line) or None


class NomineeInput(InputModel):
    multiline = frozenset({"achievement_summary"})
    group: SubjectGroup
    subject_kind: str
    name: str = Field(min_length=1, max_length=200)
    position: str | None = Field(None, max_length=200)  # an individual's position, as the unit writes it
    # Sent by a unit, these are only checked: the service matches the registry itself (LinkedNominee).
    person_id: Id | None = None  # an individual, as matched in the registry of people
    unit_id: Id | None = None  # a collective that is one of the registry's units
    birth_date: Day | None = None  # with the name, or the ID number, to match an individual in the registry
    id_number: str | None = Field(None, max_length=20)
    # Tóm tắt thành tích: what the tờ trình and the reports print for the nominee (schemas/corrections.py).
    achievement_summary: str | None = Field(None, max_length=ACHIEVEMENT_MAX)

    @field_validator("name", "position")
    @classmethod
    def normalise(cls, value: str | None) -> str | None:
        return nfc(value) if value else value

    @field_validator("achievement_summary")
    @classmethod
    def normalise_lines(cls, value: str | None) -> str | None:
        return nfc_lines(value)


# How the service knows whom a nominee is: an exact ID number, the name with the date of birth, a unit's
# name or code; "unmatched" (no record, or several that fit); "confirmed" by an appraiser.
LinkBasis = Literal["id_number", "name_and_birth_date", "unit_name", "unmatched", "confirmed"]


class SubjectLink(BaseModel):
    """Which record of the registry a nominee is, and on what basis; for "confirmed", who, when and why."""

    basis: LinkBasis
    candidates: list[int] = []  # unmatched: the people an ambiguous match found, for the appraiser to choose
    confirmed_by: str | None = None
    confirmed_by_user_id: int | None = None
    confirmed_at: datetime | None = None
    reason: str | None = None


class LinkedNominee(NomineeInput):
    """A nominee as the service sends it to the workflow: person_id or unit_id as the service matched them.

    `link` None: a nominee from before links were kept, whose person_id no one can tell the basis of.
    """

    link: SubjectLink | None = None

    @property
    def unmatched(self) -> bool:
        """An individual tied to no person record, that no appraiser has linked or confirmed as without one:
        the checks cannot read its records, so it cannot pass appraisal."""
        confirmed = self.link is not None and self.link.basis == "confirmed"
        return self.group == "individual" and self.person_id is None and not confirmed


class DossierStart(BaseModel):
    dossier_id: str
    title: str
    unit_id: int
    unit_name: str
    rules: DossierRules
    nominees: list[LinkedNominee]
    created_by: Actor


class AddNominee(BaseModel):
    actor: Actor
    nominee: LinkedNominee


# Each action's message is the body a person sends plus the actor the API authenticated.


MEETING_MAX = 10_000  # people at a unit's selection meeting, and so votes for a nominee


class Minutes(InputModel):
    """The unit's selection meeting, as its minutes record it."""

    meeting_date: Day
    members: whole(1, MEETING_MAX)  # members of the unit's emulation council (or staff called to the meeting)
    present: whole(0, MEETING_MAX)
    votes: dict[str, whole(0, MEETING_MAX)]  # nominee key → votes for
    # The meeting as the minutes open: its time ("08:30"), place, chair and secretary, as the unit entered them;
    # left out (minutes recorded before these were asked), a blank for the unit to fill on the printed minutes.
    meeting_time: str | None = None
    place: str | None = Field(None, min_length=1, max_length=200)  # "Phòng họp tầng 2, trụ sở UBND xã"
    chair: str | None = Field(None, min_length=1, max_length=100)  # "Lê Minh Đức, Trưởng phòng"
    secretary: str | None = Field(None, min_length=1, max_length=100)

    @field_validator("meeting_time")
    @classmethod
    def _hour_minute(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"([01][0-9]|2[0-3]):[0-5][0-9]", value):
            raise PydanticCustomError("meeting_time", "Giờ họp không hợp lệ: ghi giờ:phút, ví dụ 08:30.")
        return value


class RecordMinutes(Minutes):
    actor: Actor


class AttachDocument(BaseModel):
    actor: Actor
    kind: str
    nominee_key: str | None = None
    filename: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int
    content_type: str
    description: str | None = None  # what a "Tài liệu khác" is (schemas/corrections.py), checked by the API


class Reason(InputModel):
    multiline = frozenset({"reason"})
    reason: str | None = Field(None, max_length=2000)


class Act(Reason):
    """An action that needs nothing but the actor and, for some, a reason or a note."""

    actor: Actor


class Verdict(InputModel):
    multiline = frozenset({"reason"})
    passed: bool
    reason: str | None = Field(None, max_length=2000)


class Appraise(Verdict):
    actor: Actor
    nominee_key: str


class PersonChoice(InputModel):
    """An appraiser's answer for a nominee the service could not match: a person of the registry, or none."""

    multiline = frozenset({"reason"})
    person_id: Id | None = None  # None: the person has no record in the registry (say why)
    reason: str | None = Field(None, max_length=2000)


class LinkPerson(PersonChoice):
    actor: Actor
    nominee_key: str


class SupplementAsk(InputModel):
    items: list[str] = Field(max_length=50)
    due_date: SoonDay | None = None  # default: the campaign's supplement window in working days


class RequestSupplement(SupplementAsk):
    actor: Actor
    due_date: Day | None = None  # checked against today as it came in; read again as it was then


class Finding(BaseModel):
    """One rule's verdict on one nominee at one check (schemas.eligibility gives them)."""

    rule: str
    verdict: str  # pass | warn | block | suspend
    message: str
    record_ids: list[int] = []


class Nominee(LinkedNominee):
    key: str  # "N1", "N2", … within the dossier
    status: NomineeStatus = NomineeStatus.proposed
    reasons: list[str] = []
    suspended_from: NomineeStatus | None = None  # where a suspended nominee resumes
    open_records: list[int] = []  # the records under review that hold it
    findings: list[Finding] = []  # the latest check's warnings and bars
    revocation_review: bool = False  # a record arrived after the award was signed


class RecordNotice(BaseModel):
    """A record of the registry about some of the dossier's nominees: opened, or concluded."""

    record_id: int
    nominee_keys: list[str]
    summary: str  # "Khiếu nại, tố cáo đang xác minh (từ 01/12/2025)"
    founded: bool | None = None  # at conclusion: True when the record is founded (the nominee is out)


class NomineeNotice(BaseModel):
    """A nominee held, resumed or out: what the unit head and the appraising office are told."""

    dossier_id: str
    event: str  # the dossier event it tells of: with the recipient, the mail's key
    kind: str  # the mail template: nominee_suspended | nominee_resumed
    nominee_name: str
    nominee_position: str | None
    reason: str


class CheckRequest(BaseModel):
    dossier_id: str
    campaign_code: str
    step: str  # submit | appraisal | council | signing
    key: str  # the dossier event the check belongs to: storing it twice keeps one
    on: date  # the day of the check, Vietnam time
    nominees: list[Nominee]


class NomineeFindings(BaseModel):
    nominee_key: str
    findings: list[Finding]


class CheckFindings(BaseModel):
    """A check's findings, stored by the save of its event (activities/dossier.py), not by the check."""

    key: str  # CheckRequest.key
    step: str
    on: date
    nominees: list[NomineeFindings]


class Document(BaseModel):
    id: str  # "D<seq>": the event that attached it
    kind: str
    title: str
    nominee_key: str | None
    filename: str
    sha256: str
    size: int
    content_type: str
    uploaded_at: datetime
    uploaded_by: str
    description: str | None = None  # a "Tài liệu khác": what it is, as the unit wrote it


class RemovedDocument(Document):
    """A file the unit removed or replaced: out of the dossier, kept for its history (and its bytes stored)."""

    removed_at: datetime
    removed_by: str
    replaced_by: str | None = None  # the document that took its place, if it was replaced


class RemovedNominee(BaseModel):
    """A nominee the unit removed before submission: its key is not given again."""

    key: str
    name: str
    removed_at: datetime
    removed_by: str


class SupplementRequest(BaseModel):
    items: list[str]
    due_date: date
    requested_at: datetime


class Decision(BaseModel):
    number: str
    signed_on: date
    signed_by: str


class DossierState(BaseModel):
    """The live state a Query returns and every event saves to the database."""

    dossier_id: str
    title: str
    campaign_code: str
    unit_id: int
    unit_name: str
    stage: Stage = Stage.draft
    stage_reason: str | None = None
    nominees: list[Nominee] = []
    documents: list[Document] = []
    minutes: Minutes | None = None
    supplement: SupplementRequest | None = None
    decision: Decision | None = None
    seq: int = 0  # number of events so far
    removed_nominees: list[RemovedNominee] = []
    removed_documents: list[RemovedDocument] = []

    def nominee(self, key: str) -> Nominee | None:
        return next((n for n in self.nominees if n.key == key), None)


class DossierEvent(BaseModel):
    seq: int
    action: str  # a key of ACTIONS (schemas/dossier_actions.py)
    actor: Actor | None  # None: the service itself (a timer)
    stage_before: Stage
    stage_after: Stage
    detail: str | None = None
    at: datetime


class SaveDossier(BaseModel):
    """An event to save with the state after it. The state goes as JSON text, taken as the event is numbered
    (`of`): a save retried later sends that state, not what later events made of it, and writing the text
    costs a fraction of a deep copy of the state. Events numbered just before it without a save of their own
    (`earlier`) go in its history with it."""

    state_json: str
    event: DossierEvent
    earlier: list[DossierEvent] = []
    claim: QuotaClaim | None = None  # a submission: its nominees, counted against the unit's quotas by the save
    findings: CheckFindings | None = None  # an eligibility check's: stored with its event

    @classmethod
    def of(cls, state: DossierState, event: DossierEvent, **rest) -> "SaveDossier":
        return cls(state_json=state.model_dump_json(), event=event, **rest)

    @cached_property
    def state(self) -> DossierState:
        return DossierState.model_validate_json(self.state_json)
