"""The registry of records about people and units, which the eligibility rules read (schemas/eligibility.py).

A record is one fact about one subject, a person or a unit:
- a case under review, of a kind that suspends an award while open (schemas.campaign.RecordKind):
  discipline being considered, administrative-violation handling, investigation/prosecution/trial,
  inspection with signs of violation, complaint or denunciation, an issue raised by the press. It is
  `open` while under consideration or being verified, and `concluded` with an `outcome` ("founded" /
  "unfounded"), or, for a considered discipline, with the `discipline_form` decided;
- a concluded discipline, with its form and its period;
- a yearly rating of an individual; the yearly PAR index of a unit (percent);
- a figure of a measured indicator (DTI, SIPAS, satisfaction, on-time rate, …) for a unit or a person and a
  year, half-year or quarter, which the standards read (db/indicators.py, schemas/indicators.py);
- citizens' feedback (phản ánh, kiến nghị) being handled, or concluded, which bars where a plan says so;
- a recognised initiative; a past award (decision number and date, form, achievement and its period).

A record names its subject as it was written (full name with date of birth or ID-card number, or a unit
name); the registry matches it to a person or unit of the directory: exactly on identifiers, ignoring
diacritics and case on names. A match that is not certain is kept as "ambiguous" with its candidates, for
an appraiser to resolve; it is never applied silently, and only matched records reach the rules.

Importing records from a table is db/record_import.py; matching subjects, db/record_matching.py; what the
eligibility rules read, db/record_facts.py.
"""

from datetime import date, datetime, timezone
from typing import Literal

from pydantic import ValidationError
from sqlalchemy import JSON, Column, String
from sqlmodel import Field, Session, SQLModel, col, or_, select

from common.bounds import Day, Id
from common.text import FORBIDDEN_CHARACTER, VN_TZ, InputModel, nfc, vn_date
from db.indicators import Known, figure_problems, known_indicators
from db.models import AwareDateTime, Person, Unit, User, VnTimes, utcnow
from db.record_matching import Candidate, Match, MatchRule, MatchStatus, id_number_of, match_person, match_unit, person_text
from db.tables import Refused
from schemas.indicators import MOST_FIGURE, Measure, PeriodPart
from schemas.settings_base import DisciplineForm, Rating
from schemas.eligibility import (
    DISCIPLINE_NAMES,
    KIND_NAMES,
    REGISTRY_KINDS,
    SUSPENDING_KINDS,
    Outcome,
    RecordFacts,
    RecordStatus,
    RegistryKind,
    Relation,
    describe,
)

SubjectType = Literal["person", "unit"]

# Facts, not cases: concluded when recorded.
FACT_KINDS = tuple(kind for kind in REGISTRY_KINDS if kind not in SUSPENDING_KINDS)
_MAX_TEXT = 2000


# A request the registry refuses: a code and its details, as in schemas/errors.py. One class with the
# table reader's, so that a file it refuses is refused as the registry's other requests are.
RecordRefused = Refused


# --- tables and shapes -----------------------------------------------------------------------------


class RecordBase(SQLModel):
    subject_type: SubjectType = Field(sa_type=String)
    # The subject as written in the report or the file.
    subject_name: str | None = Field(default=None, max_length=300)
    birth_date: date | None = None
    id_number: str | None = Field(default=None, max_length=20)
    kind: RegistryKind = Field(sa_type=String, index=True)
    status: RecordStatus | None = Field(default=None, sa_type=String)
    outcome: Outcome | None = Field(default=None, sa_type=String)
    discipline_form: DisciplineForm | None = Field(default=None, sa_type=String)
    period_start: date | None = None  # the discipline's period, or the award's achievement period
    period_end: date | None = None
    opened_on: date | None = None  # since when under consideration / being verified
    concluded_on: date | None = None
    year: int | None = Field(default=None, ge=1945, le=2100)  # a rating's, a PAR index's or a figure's year
    rating: Rating | None = Field(default=None, sa_type=String)
    # The PAR index, percent, or an indicator's figure in its unit (at most its maximum: db/indicators.py).
    value: float | None = Field(default=None, ge=0, le=MOST_FIGURE)
    indicator: str | None = Field(default=None, max_length=50, index=True)  # an indicator's code: "dti"
    period_part: PeriodPart | None = Field(default=None, sa_type=String)  # the figure's year, half or quarter
    measure: Measure | None = Field(default=None, sa_type=String)  # its unit of measure, as its indicator has it
    decision_number: str | None = Field(default=None, max_length=100)  # "12/QĐ-UBND"
    decision_date: date | None = None
    award_form: str | None = Field(default=None, max_length=300)  # "Giấy khen của Chủ tịch UBND xã"
    achievement: str | None = Field(default=None, max_length=_MAX_TEXT)
    initiative_title: str | None = Field(default=None, max_length=_MAX_TEXT)
    recognised_by: str | None = Field(default=None, max_length=300)  # "Hội đồng Sáng kiến cấp huyện"
    note: str | None = Field(default=None, max_length=_MAX_TEXT)


class Record(RecordBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    person_id: int | None = Field(default=None, foreign_key="person.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    match_status: str = Field(index=True)  # MatchStatus
    match_rule: str | None = None  # MatchRule
    candidates: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))  # person or unit ids
    created_by_user_id: int = Field(foreign_key="user.id")
    updated_by_user_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = AwareDateTime(nullable=False)
    updated_at: datetime = AwareDateTime(nullable=False)


_TEXT_FIELDS = ("subject_name", "decision_number", "award_form", "achievement", "initiative_title", "recognised_by", "note")


def _record_problems(record: "RecordCreate") -> list[str]:
    """What makes a record incomplete or contradictory, in Vietnamese; fills the status a kind implies."""
    problems: list[str] = []
    kind = record.kind
    if record.subject_type == "person" and record.person_id is None and not record.subject_name:
        problems.append("cần họ tên (hoặc mã) của cá nhân")
    if record.subject_type == "unit" and record.unit_id is None and not record.subject_name:
        problems.append("cần tên (hoặc mã) của đơn vị")
    if kind in SUSPENDING_KINDS:
        record.status = record.status or ("concluded" if record.discipline_form else "open")
        if record.status == "open":
            if record.outcome or record.discipline_form:
                problems.append("vụ việc đang xem xét chưa có kết luận hay hình thức kỷ luật; nếu đã có, ghi trạng thái «đã kết luận»")
        elif kind == "discipline_pending":
            if record.discipline_form:
                if record.outcome == "unfounded":
                    problems.append("đã có hình thức kỷ luật thì kết luận không thể là «không vi phạm»")
                record.outcome = "founded"
                if record.period_start is None:
                    problems.append(f"cần ngày bắt đầu thời hạn kỷ luật {DISCIPLINE_NAMES[record.discipline_form]}")
            elif record.outcome is None:
                problems.append("xem xét kỷ luật đã kết luận: cần hình thức kỷ luật, hoặc kết luận «không kỷ luật» (không có căn cứ)")
        else:
            if record.outcome is None:
                problems.append(f"{KIND_NAMES[kind].lower()} đã kết luận: cần ghi kết luận có căn cứ hay không có căn cứ")
            if record.discipline_form:
                problems.append("hình thức kỷ luật ghi thành một bản ghi «kỷ luật» riêng")
    else:
        if record.status == "open":
            problems.append(f"«{KIND_NAMES[kind]}» là việc đã có, không có trạng thái đang xem xét")
        record.status = "concluded"
        if record.outcome:
            problems.append(f"«{KIND_NAMES[kind]}» không có kết luận có căn cứ / không có căn cứ")
    if kind == "discipline":
        if record.discipline_form is None:
            problems.append("cần hình thức kỷ luật (khiển trách, cảnh cáo, …)")
        if record.period_start is None:
            problems.append("cần ngày bắt đầu thời hạn kỷ luật")
    elif kind != "discipline_pending" and record.discipline_form:
        problems.append(f"«{KIND_NAMES[kind]}» không có hình thức kỷ luật")
    if kind == "rating":
        if record.subject_type != "person":
            problems.append("xếp loại là của cá nhân")
        if record.year is None or record.rating is None:
            problems.append("cần năm và mức xếp loại")
    if kind == "par_index":
        if record.subject_type != "unit":
            problems.append("Chỉ số cải cách hành chính là của đơn vị")
        if record.year is None or record.value is None:
            problems.append("cần năm và giá trị chỉ số (%)")
        elif record.value > 100:
            problems.append("Chỉ số cải cách hành chính tính bằng %, không quá 100")
    if kind == "initiative" and not record.initiative_title:
        problems.append("cần tên sáng kiến")
    if kind == "award":
        if not record.decision_number or record.decision_date is None:
            problems.append("cần số và ngày của quyết định khen thưởng")
        if not record.award_form:
            problems.append("cần hình thức khen thưởng")
    if record.period_start and record.period_end and record.period_end < record.period_start:
        problems.append(f"ngày kết thúc {vn_date(record.period_end)} trước ngày bắt đầu {vn_date(record.period_start)}")
    if record.opened_on and record.concluded_on and record.concluded_on < record.opened_on:
        problems.append(f"ngày kết luận {vn_date(record.concluded_on)} trước ngày phát sinh {vn_date(record.opened_on)}")
    return problems


class RecordCreate(RecordBase, InputModel):
    """The API's body: the subject (a directory id, or as written) and the record's facts."""

    multiline = frozenset({"achievement", "note"})

    person_id: Id | None = None  # a person of the directory, when known; otherwise matched from the name
    unit_id: Id | None = None
    # The dates of RecordBase, within the range any date that comes in has.
    birth_date: Day | None = None
    period_start: Day | None = None
    period_end: Day | None = None
    opened_on: Day | None = None
    concluded_on: Day | None = None
    decision_date: Day | None = None


def check_record(body: RecordCreate) -> RecordCreate:
    """The record as stored: texts NFC, the ID number bare, the status its kind implies; RecordRefused
    ("RECORD_INVALID") with every problem, in Vietnamese, when incomplete or contradictory."""
    record = body.model_copy()
    for name in _TEXT_FIELDS:
        value = getattr(record, name)
        if isinstance(value, str):
            setattr(record, name, nfc(value) or None)
    record.id_number = id_number_of(record.id_number)
    problems = _record_problems(record)
    if problems:
        raise RecordRefused("RECORD_INVALID", problems="; ".join(problems))
    return record


class RecordUpdate(SQLModel, InputModel):
    """A change: concluding a case, correcting the period, the form, the figures or how the subject was written.

    Only the fields sent change. Correcting the subject's name, date of birth or ID-card number matches it again.
    """

    multiline = frozenset({"achievement", "note"})

    status: RecordStatus | None = None
    outcome: Outcome | None = None
    discipline_form: DisciplineForm | None = None
    period_start: Day | None = None
    period_end: Day | None = None
    opened_on: Day | None = None
    concluded_on: Day | None = None
    year: int | None = Field(default=None, ge=1945, le=2100)
    rating: Rating | None = None
    value: float | None = Field(default=None, ge=0, le=MOST_FIGURE)
    period_part: PeriodPart | None = None
    measure: Measure | None = None
    decision_number: str | None = Field(default=None, max_length=100)
    decision_date: Day | None = None
    award_form: str | None = Field(default=None, max_length=300)
    achievement: str | None = Field(default=None, max_length=_MAX_TEXT)
    initiative_title: str | None = Field(default=None, max_length=_MAX_TEXT)
    recognised_by: str | None = Field(default=None, max_length=300)
    note: str | None = Field(default=None, max_length=_MAX_TEXT)
    subject_name: str | None = Field(default=None, max_length=300)
    birth_date: Day | None = None
    id_number: str | None = Field(default=None, max_length=20)


class MatchChoice(SQLModel):
    """An appraiser's choice among an ambiguous record's candidates."""

    person_id: Id | None = None
    unit_id: Id | None = None


class RecordPublic(RecordBase, VnTimes):
    id: int
    person_id: int | None
    unit_id: int | None
    kind_name: str
    summary: str  # "Khiếu nại, tố cáo đang xác minh (từ 01/10/2025)", "Kỷ luật khiển trách (01/03/2025 – 31/08/2025)"
    subject_label: str  # whom it is about, as matched: "Nguyễn Văn An (14/03/1982), Văn phòng HĐND và UBND xã"
    match_status: MatchStatus
    match_rule: MatchRule | None
    candidates: list[int]
    candidate_details: list[Candidate]
    created_by_user_id: int
    updated_by_user_id: int | None
    created_at: datetime
    updated_at: datetime


def _match_subject(session: Session, body: RecordCreate, issuer_id: int | None = None) -> Match:
    """The record's subject among the people and units of the writer's issuer: another's is not found."""
    if body.subject_type == "person":
        if body.person_id is not None:
            person = session.get(Person, body.person_id)
            if person is None or (issuer_id is not None and person.issuer_id != issuer_id):
                raise RecordRefused("PERSON_NOT_FOUND", person_id=body.person_id)
            return Match(
                status="matched", person_id=person.id, candidates=[person.id], rule="person_id",
                message=f"Cá nhân: {person_text(person)}.",
            )
        return match_person(session, body.subject_name, body.birth_date, body.id_number, issuer_id)
    if body.unit_id is not None:
        unit = session.get(Unit, body.unit_id)
        if unit is None or (issuer_id is not None and unit.issuer_id != issuer_id):
            raise RecordRefused("UNIT_NOT_FOUND", unit_id=body.unit_id)
        return Match(status="matched", unit_id=unit.id, candidates=[unit.id], rule="unit_id", message=f"Đơn vị: {unit.name}.")
    return match_unit(session, body.subject_name, issuer_id)


# The Vietnamese title of each column a record has (the import's headers, db/record_import.py), to name a field
# in a refusal.
COLUMN_TITLES: dict[str, str] = {
    "loai": "Loại", "doi_tuong": "Đối tượng", "ho_ten": "Họ và tên", "ngay_sinh": "Ngày sinh", "so_cccd": "Số CCCD",
    "don_vi": "Đơn vị", "trang_thai": "Trạng thái", "ket_luan": "Kết luận", "hinh_thuc": "Hình thức kỷ luật",
    "tu_ngay": "Từ ngày", "den_ngay": "Đến ngày", "ngay_phat_sinh": "Ngày phát sinh", "ngay_ket_luan": "Ngày kết luận",
    "nam": "Năm", "xep_loai": "Xếp loại", "gia_tri": "Giá trị", "ma_chi_so": "Mã chỉ số", "ky": "Kỳ",
    "don_vi_tinh": "Đơn vị tính", "so_quyet_dinh": "Số quyết định",
    "ngay_quyet_dinh": "Ngày quyết định", "hinh_thuc_khen": "Hình thức khen thưởng", "thanh_tich": "Thành tích",
    "ten_sang_kien": "Tên sáng kiến", "cap_cong_nhan": "Cấp công nhận", "ghi_chu": "Ghi chú",
}
FIELD_COLUMNS = {  # a RecordCreate field → the column it comes from, to name it in a refusal
    "subject_name": "ho_ten", "birth_date": "ngay_sinh", "id_number": "so_cccd", "kind": "loai", "status": "trang_thai",
    "outcome": "ket_luan", "discipline_form": "hinh_thuc", "period_start": "tu_ngay", "period_end": "den_ngay",
    "opened_on": "ngay_phat_sinh", "concluded_on": "ngay_ket_luan", "year": "nam", "rating": "xep_loai",
    "value": "gia_tri", "indicator": "ma_chi_so", "period_part": "ky", "measure": "don_vi_tinh",
    "decision_number": "so_quyet_dinh", "decision_date": "ngay_quyet_dinh",
    "award_form": "hinh_thuc_khen", "achievement": "thanh_tich", "initiative_title": "ten_sang_kien",
    "recognised_by": "cap_cong_nhan", "note": "ghi_chu",
}


def validation_problems(error: ValidationError) -> str:
    """A validation error in Vietnamese, with the column each problem concerns."""
    texts = []
    for issue in error.errors():
        field = str(issue["loc"][0]) if issue["loc"] else ""
        column = FIELD_COLUMNS.get(field)
        where = COLUMN_TITLES[column] if column else field
        if issue["type"] in ("less_than_equal", "greater_than_equal"):
            texts.append(f"{where}: ngoài khoảng cho phép")
        elif issue["type"] == "string_too_long":
            texts.append(f"{where}: quá dài")
        elif issue["type"] == FORBIDDEN_CHARACTER:
            texts.append(f"{where}: {issue['msg']}")
        else:
            texts.append(f"{where}: giá trị không hợp lệ")
    return "; ".join(texts)


# --- writing ---------------------------------------------------------------------------------------


def _today() -> date:
    return datetime.now(VN_TZ).date()


def _duplicate(session: Session, record: Record) -> Record | None:
    """The same fact already in the registry for the same matched subject: a rating or PAR index of the year,
    an award's decision, a discipline's form and start, an initiative's title."""
    if record.match_status != "matched":
        return None
    query = select(Record).where(Record.kind == record.kind, Record.match_status == "matched")
    if record.subject_type == "person":
        query = query.where(Record.person_id == record.person_id)
    else:
        query = query.where(Record.unit_id == record.unit_id)
    if record.id is not None:
        query = query.where(Record.id != record.id)
    if record.kind in ("rating", "par_index"):
        query = query.where(Record.year == record.year)
    elif record.kind == "indicator":
        query = query.where(
            Record.indicator == record.indicator, Record.year == record.year, Record.period_part == record.period_part
        )
    elif record.kind == "award":
        query = query.where(Record.decision_number == record.decision_number)
    elif record.kind == "discipline":
        query = query.where(Record.discipline_form == record.discipline_form, Record.period_start == record.period_start)
    elif record.kind == "initiative":
        query = query.where(Record.initiative_title == record.initiative_title)
    else:
        return None
    return session.exec(query.order_by(Record.id)).first()


def _apply_match(session: Session, record: Record, match: Match) -> None:
    record.match_status = match.status
    record.match_rule = match.rule
    record.candidates = list(match.candidates)
    record.person_id = match.person_id if record.subject_type == "person" else None
    record.unit_id = match.unit_id if record.subject_type == "unit" else None
    if match.status == "matched" and not record.subject_name:
        if record.person_id is not None:
            record.subject_name = session.get(Person, record.person_id).full_name
        elif record.unit_id is not None:
            record.subject_name = session.get(Unit, record.unit_id).name


def store_record(session: Session, body: RecordCreate, match: Match, user: User) -> Record:
    now = utcnow()
    data = body.model_dump(exclude={"person_id", "unit_id"})
    if data["kind"] in SUSPENDING_KINDS and data["status"] == "concluded" and data["concluded_on"] is None:
        data["concluded_on"] = _today()
    record = Record(**data, match_status=match.status, created_by_user_id=user.id, created_at=now, updated_at=now)
    _apply_match(session, record, match)
    same = _duplicate(session, record)
    if same is not None:
        raise RecordRefused("RECORD_DUPLICATE", record_id=same.id, summary=describe(to_facts(same)))
    session.add(record)
    session.commit()
    session.refresh(record)
    return record


def add_record(session: Session, body: RecordCreate, user: User) -> Record:
    """Register a record, its subject matched (or left ambiguous / unmatched, with the candidates)."""
    body = check_record(body)
    check_figure(body, known_indicators(session, user.issuer_id))
    return store_record(session, body, _match_subject(session, body, user.issuer_id), user)


def check_figure(body: RecordCreate, known: Known) -> None:
    """RecordRefused ("RECORD_INVALID") for an indicator's figure that fits no indicator the registry knows."""
    problems = figure_problems(body, known)
    if problems:
        raise RecordRefused("RECORD_INVALID", problems="; ".join(problems))


def get_record(session: Session, record_id: int) -> Record:
    record = session.get(Record, record_id)
    if record is None:
        raise RecordRefused("RECORD_NOT_FOUND", record_id=record_id)
    return record


def update_record(session: Session, record_id: int, changes: RecordUpdate, user: User) -> Record:
    """Apply a change (concluding a case, correcting a period, …); the whole record is checked again.

    Concluding without a date concludes today. A corrected name, date of birth or ID-card number of an
    unresolved subject, or of one matched from those, matches it again.
    """
    record = get_record(session, record_id)
    sent = changes.model_dump(exclude_unset=True)
    current = RecordBase.model_validate(record).model_dump()
    merged = {**current, **sent, "person_id": record.person_id, "unit_id": record.unit_id}
    if sent.get("status") == "open":
        merged.update(outcome=None, concluded_on=None)
        if record.kind == "discipline_pending":
            merged["discipline_form"] = None
    try:
        checked = check_record(RecordCreate.model_validate(merged))
    except ValidationError as error:
        raise RecordRefused("RECORD_INVALID", problems=validation_problems(error)) from None
    check_figure(checked, known_indicators(session, user.issuer_id))
    data = checked.model_dump(exclude={"person_id", "unit_id"})
    if data["kind"] in SUSPENDING_KINDS and data["status"] == "concluded" and data["concluded_on"] is None:
        data["concluded_on"] = _today()
    identity_changed = any(
        name in sent and data[name] != getattr(record, name) for name in ("subject_name", "birth_date", "id_number")
    )
    for name, value in data.items():
        setattr(record, name, value)
    if identity_changed and record.match_rule not in ("person_id", "unit_id", "appraiser"):
        if record.subject_type == "person":
            match = match_person(session, record.subject_name, record.birth_date, record.id_number, user.issuer_id)
            _apply_match(session, record, match)
        else:
            _apply_match(session, record, match_unit(session, record.subject_name, user.issuer_id))
    same = _duplicate(session, record)
    if same is not None:
        session.rollback()
        raise RecordRefused("RECORD_DUPLICATE", record_id=same.id, summary=describe(to_facts(same)))
    record.updated_at = utcnow()
    record.updated_by_user_id = user.id
    session.add(record)
    session.commit()
    session.refresh(record)
    return record


def resolve_match(
    session: Session, record_id: int, person_id: int | None = None, unit_id: int | None = None, user: User | None = None
) -> Record:
    """An appraiser's choice of the subject among an unresolved record's candidates."""
    record = get_record(session, record_id)
    chosen = person_id if record.subject_type == "person" else unit_id
    if record.match_status == "matched":
        raise RecordRefused("MATCH_ALREADY_RESOLVED", record_id=record.id, name=_subject_label(session, record))
    if chosen is None or chosen not in record.candidates:
        raise RecordRefused(
            "MATCH_NOT_A_CANDIDATE",
            record_id=record.id,
            chosen=chosen,
            name=record.subject_name or "",
            candidates=", ".join(str(c) for c in record.candidates) or "không có",
        )
    record.match_status = "matched"
    record.match_rule = "appraiser"
    if record.subject_type == "person":
        record.person_id = chosen
    else:
        record.unit_id = chosen
    same = _duplicate(session, record)
    if same is not None:
        session.rollback()
        raise RecordRefused("RECORD_DUPLICATE", record_id=same.id, summary=describe(to_facts(same)))
    record.updated_at = utcnow()
    record.updated_by_user_id = user.id if user else None
    session.add(record)
    session.commit()
    session.refresh(record)
    return record


# --- reading ---------------------------------------------------------------------------------------


def records_for(session: Session, person_ids: set[int] = frozenset(), unit_ids: set[int] = frozenset()) -> list[Record]:
    """The matched records of some persons and some units, in one query, oldest first. Unresolved ones never
    count."""
    subjects = []
    if person_ids:
        subjects.append((Record.subject_type == "person") & col(Record.person_id).in_(sorted(person_ids)))
    if unit_ids:
        subjects.append((Record.subject_type == "unit") & col(Record.unit_id).in_(sorted(unit_ids)))
    if not subjects:
        return []
    query = select(Record).where(Record.match_status == "matched", or_(*subjects)).order_by(Record.id)
    return list(session.exec(query).all())


def list_records(
    session: Session,
    person_id: int | None = None,
    unit_id: int | None = None,
    kind: str | None = None,
    match_status: str | None = None,
    indicator: str | None = None,
) -> list[Record]:
    query = select(Record).order_by(col(Record.id).desc())
    if indicator:
        query = query.where(Record.indicator == indicator)
    if person_id is not None:
        query = query.where(Record.person_id == person_id)
    if unit_id is not None:
        query = query.where(Record.unit_id == unit_id)
    if kind:
        query = query.where(Record.kind == kind)
    if match_status:
        query = query.where(Record.match_status == match_status)
    return list(session.exec(query).all())


def to_facts(record: Record, subject: Relation | None = None) -> RecordFacts:
    """What the rules read of a record; `subject` says whose it is for the nominee being checked."""
    data = {name: getattr(record, name) for name in RecordFacts.model_fields if name != "subject" and hasattr(record, name)}
    return RecordFacts(**data, subject=subject or record.subject_type)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def _candidate(session: Session, subject_type: str, candidate_id: int) -> Candidate | None:
    if subject_type == "person":
        person = session.get(Person, candidate_id)
        if person is None:
            return None
        unit = session.get(Unit, person.unit_id) if person.unit_id else None
        return Candidate(
            id=person.id, name=person.full_name, birth_date=person.birth_date, id_number=person.id_number,
            position=person.position, unit_name=unit.name if unit else None,
        )
    unit = session.get(Unit, candidate_id)
    return Candidate(id=unit.id, name=unit.name) if unit else None


def _subject_label(session: Session, record: Record) -> str:
    if record.match_status != "matched":
        written = record.subject_name or "(không ghi tên)"
        return f"{written} (chưa xác định)"
    found = _candidate(session, record.subject_type, record.person_id if record.subject_type == "person" else record.unit_id)
    if found is None:
        return record.subject_name or ""
    parts = [found.name + (f" ({vn_date(found.birth_date)})" if found.birth_date else "")]
    if found.unit_name:
        parts.append(found.unit_name)
    return ", ".join(parts)


def record_public(session: Session, record: Record) -> RecordPublic:
    candidates = [c for c in (_candidate(session, record.subject_type, i) for i in record.candidates) if c]
    return RecordPublic.model_validate(
        record,
        update={
            "kind_name": KIND_NAMES[record.kind],
            "summary": describe(to_facts(record)),
            "subject_label": _subject_label(session, record),
            "candidate_details": candidates,
            "created_at": _aware(record.created_at),
            "updated_at": _aware(record.updated_at),
        },
    )
