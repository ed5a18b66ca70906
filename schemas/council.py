"""Messages of the campaign workflow: submissions closing, extensions, the council session, the decision.

A candidate is one nominee of one appraised dossier, named by the reference "<dossier id>/<nominee key>".
"""

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import cached_property

from pydantic import BaseModel, Field

from common.bounds import Day, Id, SoonDay
from common.text import InputModel
from schemas.campaign import EmulationPlan
from schemas.ranking import Ranking
from schemas.settings_base import SubjectGroup
from schemas.dossier_actions import APPRAISERS, Actor, Role
from schemas.errors import ERRORS, ErrorKind


class Phase(StrEnum):
    open = "open"  # dossiers are being submitted
    closed = "closed"  # the submission deadline has passed; appraisal goes on
    in_session = "in_session"  # the council session is open
    decided = "decided"  # the council has voted; the decision waits for the signature
    signed = "signed"
    recognised = "recognised"


PHASE_NAMES = {
    Phase.open: "Đang nhận hồ sơ",
    Phase.closed: "Hết hạn nộp hồ sơ",
    Phase.in_session: "Hội đồng đang họp",
    Phase.decided: "Chờ ký quyết định",
    Phase.signed: "Đã ký quyết định",
    Phase.recognised: "Đã công bố",
}


@dataclass(frozen=True)
class CampaignAction:
    name: str  # as the history shows it
    roles: frozenset[Role]
    phases: frozenset[Phase]


def _action(name: str, roles: set[Role], phases: set[Phase]) -> CampaignAction:
    return CampaignAction(name, frozenset(roles), frozenset(phases))


BEFORE_SESSION = {Phase.open, Phase.closed}
ACTIONS: dict[str, CampaignAction] = {
    "start": _action("Mở đợt thi đua, nhận hồ sơ", set(), set()),
    "close_submissions": _action("Hết hạn nộp hồ sơ", set(), {Phase.open}),
    "appraisal_overdue": _action("Quá hạn thẩm định", set(), set(Phase)),
    # The council's secretary too, who sees the units that have not submitted before opening the session.
    "grant_extension": _action("Gia hạn nộp hồ sơ cho đơn vị", APPRAISERS | {Role.council_secretary}, BEFORE_SESSION),
    # A deadline may hang on an event at any step (the signature: after the council's session), so its date is
    # entered until the decision is signed.
    "set_event_date": _action(
        "Ghi ngày của mốc thời gian", APPRAISERS, {Phase.open, Phase.closed, Phase.in_session, Phase.decided}
    ),
    "apply_settings": _action(
        "Áp dụng cấu hình mới của đợt thi đua", {Role.admin, Role.office_head},
        {Phase.open, Phase.closed, Phase.in_session, Phase.decided, Phase.signed},
    ),
    "reopen_submissions": _action("Mở lại việc nhận hồ sơ (hạn nộp được lùi)", set(), set()),
    "council_overdue": _action("Quá hạn họp Hội đồng", set(), set(Phase)),
    "signature_overdue": _action("Quá hạn ký quyết định", set(), set(Phase)),
    # Where the council does not sit (CouncilRule.sits false: a one-off award), the office reports its appraisal to
    # the head instead of the council's session (workflows/campaign_decision.py).
    "report_appraisal": _action("Trình Chủ tịch kết quả thẩm định (không qua Hội đồng)", APPRAISERS, BEFORE_SESSION),
    "call_session": _action("Triệu tập phiên họp Hội đồng", {Role.council_secretary}, BEFORE_SESSION),
    "open_session": _action("Khai mạc phiên họp Hội đồng", {Role.council_secretary}, BEFORE_SESSION),
    "cast_ballot": _action("Bỏ phiếu", {Role.council_member}, {Phase.in_session}),
    "record_written_opinion": _action(
        "Ghi ý kiến bằng văn bản của thành viên vắng mặt", {Role.council_secretary}, {Phase.in_session}
    ),
    "close_session": _action("Kết thúc phiên họp, chốt kết quả", {Role.council_secretary}, {Phase.in_session}),
    "cast_revote": _action("Bỏ phiếu lại giữa những người bằng phiếu ở chỉ tiêu", {Role.council_member}, {Phase.in_session}),
    "tie_at_quota": _action("Bằng phiếu ở chỉ tiêu: Hội đồng xét lại những người bằng nhau", set(), set()),
    "decide_tie": _action("Chủ tịch Hội đồng quyết định trường hợp bằng phiếu", {Role.chairman}, {Phase.in_session}),
    "sign_decision": _action(
        "Ký quyết định khen thưởng", {Role.chairman, Role.deputy_chairman}, {Phase.decided}
    ),
    # The decision signed in the province's e-office, its PDF uploaded by the office (saved as "sign_decision").
    "file_signed_decision": _action(
        "Nộp quyết định đã ký số trên hệ thống quản lý văn bản",
        {Role.chairman, Role.deputy_chairman} | APPRAISERS, {Phase.decided},
    ),
    "recognise": _action("Công bố, tôn vinh", {Role.communications}, {Phase.signed}),
    "record_higher_answer": _action(
        "Ghi kết quả khen thưởng của cấp trên", APPRAISERS, {Phase.decided, Phase.signed, Phase.recognised}
    ),
}


def wrong_phase(action: str, phase: Phase) -> dict[str, str]:
    """The details of a CAMPAIGN_WRONG_PHASE refusal: where the campaign is and where the step would apply."""
    rule = ACTIONS[action]
    return {
        "action": rule.name,
        "phase": phase.value,
        "phase_name": PHASE_NAMES[phase],
        "allowed": ", ".join(f"«{PHASE_NAMES[p]}»" for p in Phase if p in rule.phases),
    }


class CampaignStart(BaseModel):
    settings: EmulationPlan


class Extension(InputModel):
    multiline = frozenset({"reason"})

    unit_id: Id
    unit_name: str
    until: Day  # the unit's dossiers are accepted before this day begins
    reason: str


class GrantExtension(Extension):
    actor: Actor


class EventDate(InputModel):
    event: str  # an event named by the plan's deadlines, e.g. "par_conference"
    day: SoonDay


class SetEventDate(EventDate):
    actor: Actor
    day: Day  # checked against today as it came in (SoonDay); read again as it was then


class SessionCall(InputModel):
    """The council called to a session: each member is mailed the list, and reminded before the day."""

    session_date: SoonDay
    session_time: str | None = Field(None, max_length=20)  # "14 giờ 00"
    location: str | None = Field(None, max_length=200)


class CallSession(SessionCall):
    actor: Actor
    session_date: Day  # checked against today as it came in (SoonDay); read again as it was then


class Candidate(BaseModel):
    ref: str  # "<dossier id>/<nominee key>"
    dossier_id: str
    nominee_key: str
    name: str
    group: SubjectGroup
    position: str | None = None
    unit_name: str
    # A woman, as the registry of people has the nominee's linked person (Person.sex "nu"): first among equal
    # votes (NĐ 152/2025 Điều 4). Candidates read before the field existed carry False.
    woman: bool = False
    # As the registry has them (db.queries.council_candidates), for the plan's ranking (schemas/ranking.py): an
    # individual whose person works directly (category truc_tiep); a collective's unit's active people, and the
    # share of them registered as women, in whole percent (rounded down). A collective counts as `woman` from 70%.
    direct: bool = False
    people: int | None = None
    women_percent: int | None = None


class CouncilMember(BaseModel):
    user_id: int
    name: str


class SessionOpening(InputModel):
    multiline = frozenset({"early_reason"})

    session_date: SoonDay
    present: list[Id]  # user ids of the members present
    # Why the session opens while units may still submit (before the submission deadline or a unit's extension
    # has passed, with an expected unit that has not submitted): refused without it (workflows/council_opening.py).
    early_reason: str | None = Field(None, max_length=2000)


class WaitingUnit(BaseModel):
    """An expected unit that has not submitted, as the service read it when the session was asked to open."""

    unit_id: int
    name: str


class OpenSession(SessionOpening):
    actor: Actor
    session_date: Day  # checked against today as it came in (SoonDay); read again as it was then
    # The whole council, as the users table has it: a roster no step of the campaign changes, so the
    # validator can count the quorum on it before the step is accepted.
    members: list[CouncilMember]
    # Sent by the web before the workflow read the candidates itself (kept for the histories of then).
    candidates: list[Candidate] | None = None
    # Those taking part, per group, for an award quota that is a share of them (Quota.share_of participants):
    # the registry's active units of the kinds the plan considers, and their active people (read by the web).
    participants: dict[SubjectGroup, int] = {}
    # The expected units that have not submitted (None: not sent, as before the guard on opening early).
    waiting_units: list[WaitingUnit] | None = None


class Votes(InputModel):
    votes: dict[str, bool]  # candidate ref → for (True) or against


class CastBallot(Votes):
    actor: Actor


# Votes in one Update: a longer ballot is sent in pages (workflows/ballot_pages.py), so that no event of the
# campaign's history carries more than about 30 KB of them, however many the candidates.
BALLOT_PAGE = 1000
MAX_BALLOT_PAGES = 100  # 100,000 candidates


class VotesPage(InputModel):
    """One page of votes too many for one Update: pages 0, 1, … in turn; the last one casts them all."""

    votes: dict[str, bool] = Field(max_length=BALLOT_PAGE)
    page: int = Field(ge=0, lt=MAX_BALLOT_PAGES)
    pages: int = Field(ge=2, le=MAX_BALLOT_PAGES)


class CastBallotPage(VotesPage, CastBallot):
    """A page of a member's ballot."""


class WrittenOpinion(Votes):
    member_id: Id  # an absent member whose written opinion the secretary enters


class RecordWrittenOpinion(WrittenOpinion):
    actor: Actor


class RecordWrittenOpinionPage(VotesPage, RecordWrittenOpinion):
    """A page of an absent member's written opinion."""


class Revote(InputModel):
    """A present member's ballot in a re-vote among the candidates tied at a hard quota's edge: for at most as
    many as there are places."""

    votes: dict[str, bool]  # candidate ref → chosen (True) or not


class CastRevote(Revote):
    actor: Actor


class TieDecision(InputModel):
    """The council chair's decision on a tie the re-votes did not settle: exactly as many as there are places."""

    multiline = frozenset({"reason"})
    chosen: list[str] = Field(max_length=100)
    reason: str = Field(max_length=2000)


class DecideTie(TieDecision):
    actor: Actor


class TieRound(BaseModel):
    """One round on a tie at a hard quota's edge: a re-vote of the members present, or the chair's decision."""

    number: int  # 1, 2, … for the group
    group: SubjectGroup
    refs: list[str]  # the tied candidates, in their order of appraisal
    places: int  # how many of them the quota takes
    by_chair: bool = False
    ballots: dict[int, dict[str, bool]] = {}  # member id → choices
    chosen: list[str] | None = None  # the chair's decision
    decided_by: str | None = None
    reason: str | None = None
    closed: bool = False  # counted by a closing of the session


class SessionClosing(InputModel):
    multiline = frozenset({"over_quota_reasons"})
    # A soft quota is exceeded only with a reason, per group.
    over_quota_reasons: dict[SubjectGroup, str] = {}
    # Candidates the council proposes for the higher award (An Hải: the city Chairman's Bằng khen).
    propose_higher: list[str] = []


class CloseSession(SessionClosing):
    actor: Actor


class Session(BaseModel):
    session_date: date
    members: list[CouncilMember]
    present: list[int]
    candidates: list[Candidate]
    ballots: dict[int, dict[str, bool]] = {}  # member id → votes
    written_opinions: dict[int, dict[str, bool]] = {}
    # Among equal votes, women first (then the appraisal order): set when the session opens, so that the
    # validator and the handler of its closing rank alike. Sessions opened before the rule rank without it.
    women_first: bool = False
    # The plan's ranking chain, copied when the session opens (None: sessions opened before it, which rank as
    # women_first says and cut a hard quota's ties by the appraisal order), and the rounds on its ties.
    ranking: Ranking | None = None
    participants: dict[SubjectGroup, int] = {}
    ties: list[TieRound] = []
    # Opened while units could still submit: the secretary's reason and the units then waiting.
    early_reason: str | None = None
    waiting_units: list[str] = []

    def open_tie(self) -> TieRound | None:
        """The round waiting for its ballots or its decision before the session can close."""
        return self.ties[-1] if self.ties and not self.ties[-1].closed else None


class CandidateResult(BaseModel):
    candidate: Candidate
    votes_for: int
    voting: int  # present plus written opinions
    members: int
    passed_threshold: bool
    rank: int | None = None  # among its group's candidates that passed the threshold
    awarded: bool
    reason: str


class Awardee(BaseModel):
    candidate: Candidate
    award_form: str
    bonus_vnd: int


class Decision(BaseModel):
    awardees: list[Awardee]
    total_bonus_vnd: int
    over_quota_reasons: dict[SubjectGroup, str] = {}
    number: str | None = None  # "12/QĐ-UBND", from the issuer's yearly series when signed
    signed_on: date | None = None
    signer: str | None = None  # "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH Nguyễn Thế Đức"


class SignDecision(BaseModel):
    actor: Actor
    signed_on: Day | None = None  # default: today, Vietnam time
    # The number the office's register (văn thư) gave the decision; none: the next of the service's series.
    number: int | None = Field(None, ge=1, le=99_999)
    # The decision signed in the e-office: the SHA-256 of its PDF, verified and put in the file store by the web
    # (web/routes/signed_decision.py), recorded as the signed decision instead of the file the service makes.
    signed_file_sha256: str | None = Field(None, pattern="^[0-9a-f]{64}$")


# The refusals of a decision's PDF signed in the e-office (documents/signed_pdf.py, web/routes/signed_decision.py).
ERRORS.update({
    "SIGNED_PDF_UNREADABLE": ErrorKind(
        422, "Tệp quyết định đã ký số không dùng được: {reason} Hãy tải lên tệp PDF lấy từ hệ thống quản lý văn bản."
    ),
    "SIGNED_PDF_UNSIGNED": ErrorKind(
        422, "{reason} Hãy tải lên bản quyết định đã được ký số trên hệ thống quản lý văn bản, không phải bản in hay bản quét."
    ),
    "SIGNED_PDF_NOT_VALID": ErrorKind(
        422, "Chữ ký số trên tệp quyết định không hợp lệ, tệp không được nhận: {problems}"
    ),
    "SIGNED_PDF_NO_NUMBER": ErrorKind(
        422, "Không đọc được {missing} của quyết định trên tệp: hãy nhập theo sổ văn bản đi."
    ),
    "SIGNING_ROOTS_UNREADABLE": ErrorKind(
        503, "Thư mục chứng thư gốc của máy chủ có tệp không đọc được ({reason}); báo quản trị hệ thống sửa."
    ),
})


class HigherAnswer(InputModel):
    decision_number: str
    decided_on: Day
    accepted: list[str]  # candidate refs the higher level awarded; the others proposed were not


class RecordHigherAnswer(HigherAnswer):
    actor: Actor


class CampaignState(BaseModel):
    code: str
    title: str
    phase: Phase = Phase.open
    submit_before: date | None = None
    extensions: dict[int, Extension] = {}
    event_dates: dict[str, date] = {}
    appraisal_due: date | None = None  # the office appraises and reports by the end of this day
    # Each step's last day (schemas/deadlines.py STEPS), fixed or counted from an event entered; the settings'
    # version in force (1: as loaded; each change applied, one more) and the overdue steps already recorded.
    due: dict[str, date] = {}
    settings_version: int = 1
    overdue_reported: list[str] = []
    call: SessionCall | None = None
    session: Session | None = None
    results: list[CandidateResult] = []
    decision: Decision | None = None
    higher_proposal: list[str] = []
    higher_answer: HigherAnswer | None = None
    seq: int = 0


class CampaignEvent(BaseModel):
    seq: int
    action: str
    actor: Actor | None
    detail: str | None = None
    at: datetime


class SaveCampaign(BaseModel):
    """An event to save with the state after it, the state as JSON text taken as the event is numbered, as
    schemas/dossier.py SaveDossier does."""

    state_json: str
    event: CampaignEvent

    @classmethod
    def of(cls, state: CampaignState, event: CampaignEvent) -> "SaveCampaign":
        return cls(state_json=state.model_dump_json(), event=event)

    @cached_property
    def state(self) -> CampaignState:
        return CampaignState.model_validate_json(self.state_json)


class NomineeOutcome(BaseModel):
    nominee_key: str
    approved: bool
    reason: str


class CouncilOutcome(BaseModel):
    outcomes: list[NomineeOutcome] = Field(min_length=1)


class DecisionNotice(BaseModel):
    number: str
    signed_on: date
    signer: str


class DeadlineNotice(BaseModel):
    until: date
    reason: str


class DossierMessage(BaseModel):
    dossier_id: str
    payload: dict | None = None  # the update's argument, if it takes one


class TellDossiers(BaseModel):
    """One campaign fact for several dossier workflows, sent as an Update to each."""

    update: str  # the dossier workflow's update name
    key: str  # what the fact is: with the dossier id, the update id, so a retry applies once
    messages: list[DossierMessage]
