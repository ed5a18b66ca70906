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

Import (`import_records`): a CSV file (UTF-8, with or without BOM, comma or semicolon) or an Excel .xlsx
workbook (its first sheet), one record a row under a header row. Headers may be the codes below or their
Vietnamese titles, with or without diacritics ("Họ và tên", "Số CCCD"); a column "stt" is ignored:

| code | Vietnamese | what |
| --- | --- | --- |
| loai | Loại | the kind: a code (complaint, discipline, …) or its name ("khiếu nại, tố cáo", "phản ánh, kiến nghị", "kỷ luật", "xếp loại", "chỉ số CCHC", "chỉ số", "sáng kiến", "khen thưởng", …) |
| doi_tuong | Đối tượng | "cá nhân" / "tập thể" (person / unit); left out: a person when `ho_ten` or `so_cccd` is given, a unit otherwise; ratings are of persons, PAR indices of units |
| ho_ten | Họ và tên | the person's full name |
| ngay_sinh | Ngày sinh | dd/mm/yyyy |
| so_cccd | Số CCCD | the ID-card number (write it as text in Excel, or its leading zero is lost) |
| don_vi | Đơn vị | the unit's name or code, for a unit's record |
| trang_thai | Trạng thái | "đang xem xét" / "đang xác minh" (open) or "đã kết luận" (concluded) |
| ket_luan | Kết luận | "có căn cứ" / "có vi phạm" (founded) or "không có căn cứ" / "không vi phạm" (unfounded) |
| hinh_thuc | Hình thức kỷ luật | khiển trách, cảnh cáo, hạ bậc lương, giáng chức, cách chức, buộc thôi việc |
| tu_ngay, den_ngay | Từ ngày, Đến ngày | the discipline's period, or the award's achievement period, dd/mm/yyyy |
| ngay_phat_sinh | Ngày phát sinh | since when under consideration / being verified |
| ngay_ket_luan | Ngày kết luận | when concluded |
| nam | Năm | the year of a rating or a PAR index |
| xep_loai | Xếp loại | "Hoàn thành xuất sắc nhiệm vụ" (HTXSNV), "Hoàn thành tốt nhiệm vụ" (HTTNV), "Hoàn thành nhiệm vụ" (HTNV), "Không hoàn thành nhiệm vụ" (KHTNV) |
| gia_tri | Giá trị | the PAR index in percent: "91,5"; an indicator's figure in its unit: "0,65", "92%" |
| ma_chi_so | Mã chỉ số | an indicator's code: "dti", "sipas_pct", or one a plan of the issuer declares |
| ky | Kỳ | the figure's period: "năm", "6 tháng đầu năm", "6 tháng cuối năm", "quý I" … "quý IV" (left out: the year) |
| don_vi_tinh | Đơn vị tính | "%", "điểm", "chỉ số" (left out: the indicator's) |
| so_quyet_dinh, ngay_quyet_dinh | Số quyết định, Ngày quyết định | a past award's decision |
| hinh_thuc_khen | Hình thức khen thưởng | "Giấy khen của Chủ tịch UBND xã" |
| thanh_tich | Thành tích | the achievement awarded |
| ten_sang_kien, cap_cong_nhan | Tên sáng kiến, Cấp công nhận | an initiative and who recognised it |
| ghi_chu | Ghi chú | a note |

The file is read by db/tables.py (its bounds, its cells). Each row is taken or refused on its own, and a refused row leaves nothing behind; a row whose person cannot
be told apart from another is stored as "ambiguous" and reported, for an appraiser to resolve.
"""

import re
from datetime import date, datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from sqlalchemy import JSON, Column, String
from sqlmodel import Field, Session, SQLModel, col, or_, select

from common.bounds import Day, Id
from common.text import FORBIDDEN_CHARACTER, VN_TZ, InputModel, fold, nfc, remove_invisible, vn_date
from db import awards
from db.indicators import MEASURE_ALIASES, PART_ALIASES, Known, figure_problems, known_indicators
from db.models import AwareDateTime, Person, Unit, User, VnTimes, utcnow
from db.tables import ImportLimits, Refused, cell_date, cell_number, read_table
from db.tables import RowError as _RowError
from db.tables import cell_id_number as _cccd
from db.tables import cell_key as _key
from db.tables import cell_pick as _pick
from db.tables import cell_text as _text
from db.tables import choices as _choices
from db.tables import file_refused as _refused
from schemas.campaign import EmulationPlan
from schemas.dossier import Nominee
from schemas.indicators import MOST_FIGURE, Measure, PeriodPart
from schemas.settings_base import DisciplineForm, Rating
from schemas.eligibility import (
    DISCIPLINE_NAMES,
    KIND_NAMES,
    RATING_NAMES,
    REGISTRY_KINDS,
    SUSPENDING_KINDS,
    Outcome,
    RecordFacts,
    RecordStatus,
    RegistryKind,
    Relation,
    Finding,
    SubjectFacts,
    describe,
    evaluate,
)

SubjectType = Literal["person", "unit"]
MatchStatus = Literal["matched", "ambiguous", "unmatched"]
# How a record's subject was found: by the ID-card number, by the folded name and the date of birth, by the
# id given in the request, by the unit's name or code, or chosen by an appraiser among the candidates.
MatchRule = Literal["id_number", "name_birth_date", "person_id", "unit_id", "unit_name", "appraiser"]
RowStatus = Literal["taken", "refused", "ambiguous"]

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
    record.id_number = _id_number(record.id_number)
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


class Candidate(BaseModel):
    """A person or unit a record may be about, shown so that an appraiser can choose."""

    id: int
    name: str
    birth_date: date | None = None
    id_number: str | None = None
    position: str | None = None
    unit_name: str | None = None


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


class Match(BaseModel):
    """How a subject as written was found in the directory, and why."""

    status: MatchStatus
    person_id: int | None = None
    unit_id: int | None = None
    candidates: list[int] = []
    rule: MatchRule | None = None
    message: str  # in Vietnamese, for the appraiser


class RowResult(BaseModel):
    row_number: int  # as the spreadsheet numbers it: the header is row 1
    status: RowStatus
    record_id: int | None = None
    message: str


class ImportReport(BaseModel):
    filename: str
    taken: int
    refused: int
    ambiguous: int
    rows: list[RowResult]


# --- matching --------------------------------------------------------------------------------------


def _id_number(value: str | None) -> str | None:
    """An ID-card number as stored: without spaces, dots or dashes."""
    if value is None:
        return None
    cleaned = re.sub(r"[\s.\-]", "", str(value))
    return cleaned or None


def _person_text(person: Person) -> str:
    born = f" (sinh {vn_date(person.birth_date)})" if person.birth_date else ""
    return f"{person.full_name}{born}, mã {person.id}"


def match_person(
    session: Session, full_name: str | None, birth_date: date | None = None, id_number: str | None = None,
    issuer_id: int | None = None,
) -> Match:
    """Find the person a record names, among the people of the issuer (of every issuer if None).

    Exact on the ID-card number; otherwise the name without diacritics or case together with the date of
    birth. A name alone is never enough: every person of that name is a candidate for the appraiser.
    """
    name = nfc(full_name or "")
    key = fold(name) if name else ""
    number = _id_number(id_number)
    people = select(Person) if issuer_id is None else select(Person).where(Person.issuer_id == issuer_id)
    same_name = list(session.exec(people.where(Person.name_key == key).order_by(Person.id)).all()) if key else []
    born_so = [p for p in same_name if birth_date is not None and p.birth_date == birth_date]
    if number:
        by_number = list(session.exec(people.where(Person.id_number == number).order_by(Person.id)).all())
        if len(by_number) == 1:
            person = by_number[0]
            message = f"Khớp theo số CCCD {number}: {_person_text(person)}."
            if key and person.name_key != key:
                message += f" Lưu ý: họ tên ghi «{name}» khác họ tên trong danh sách «{person.full_name}»."
            return Match(status="matched", person_id=person.id, candidates=[person.id], rule="id_number", message=message)
        if len(by_number) > 1:
            return Match(
                status="ambiguous",
                candidates=[p.id for p in by_number],
                message=f"Có {len(by_number)} người cùng số CCCD {number} trong danh sách: "
                + "; ".join(_person_text(p) for p in by_number)
                + ". Cần chọn đúng người.",
            )
        if len(born_so) == 1:
            person = born_so[0]
            return Match(
                status="matched",
                person_id=person.id,
                candidates=[person.id],
                rule="name_birth_date",
                message=f"Không có ai mang số CCCD {number} trong danh sách; khớp theo họ tên và ngày sinh: "
                f"{_person_text(person)}.",
            )
        if len(born_so) > 1:
            return _ambiguous(born_so, f"Không có ai mang số CCCD {number}; có {len(born_so)} người tên «{name}» "
                              f"sinh ngày {vn_date(birth_date)}")
        return Match(
            status="unmatched",
            candidates=[p.id for p in same_name],
            message=f"Không có ai mang số CCCD {number} trong danh sách"
            + (f"; có {len(same_name)} người tên «{name}» ({'; '.join(_person_text(p) for p in same_name)})" if same_name else "")
            + ".",
        )
    if not key:
        return Match(status="unmatched", message="Thiếu họ tên của cá nhân.")
    if birth_date is not None:
        if len(born_so) == 1:
            person = born_so[0]
            return Match(
                status="matched",
                person_id=person.id,
                candidates=[person.id],
                rule="name_birth_date",
                message=f"Khớp theo họ tên và ngày sinh: {_person_text(person)}.",
            )
        if len(born_so) > 1:
            return _ambiguous(born_so, f"Có {len(born_so)} người tên «{name}» sinh ngày {vn_date(birth_date)}")
        return Match(
            status="unmatched",
            candidates=[p.id for p in same_name],
            message=f"Không có ai tên «{name}» sinh ngày {vn_date(birth_date)} trong danh sách"
            + (f"; có người cùng tên, ngày sinh khác: {'; '.join(_person_text(p) for p in same_name)}" if same_name else "")
            + ".",
        )
    if same_name:
        return _ambiguous(same_name, f"Chỉ có họ tên «{name}», không có ngày sinh hay số CCCD; người cùng tên trong danh sách")
    return Match(status="unmatched", message=f"Không có ai tên «{name}» trong danh sách.")


def identify_person(
    session: Session, full_name: str, birth_date: date | None = None, id_number: str | None = None,
    issuer_id: int | None = None,
) -> Match:
    """The person a nominee is, as `match_person` finds them, where what was written agrees with that person.

    A nominee's ID number whose person has another name or date of birth, or a name and date of birth whose
    person has another ID number, is refused (RecordRefused): it would lend one person's records to another.
    """
    match = match_person(session, full_name, birth_date, id_number, issuer_id)
    if match.status != "matched":
        return match
    person = session.get(Person, match.person_id)
    number = _id_number(id_number)
    other_name = person.name_key != fold(nfc(full_name))
    other_birth = birth_date is not None and person.birth_date is not None and person.birth_date != birth_date
    other_number = number is not None and person.id_number is not None and person.id_number != number
    if other_name or other_birth or other_number:
        raise RecordRefused("NOMINEE_IDENTITY_MISMATCH", name=nfc(full_name))
    return match


def _ambiguous(people: list[Person], lead: str) -> Match:
    return Match(
        status="ambiguous",
        candidates=[p.id for p in people],
        message=f"{lead}: {'; '.join(_person_text(p) for p in people)}. Cần chọn đúng người.",
    )


def match_unit(session: Session, name: str | None, issuer_id: int | None = None) -> Match:
    """Find a unit of the issuer (of any if None) by its name without diacritics or case, or by its code."""
    text = nfc(name or "")
    if not text:
        return Match(status="unmatched", message="Thiếu tên đơn vị.")
    key = fold(text)
    query = select(Unit) if issuer_id is None else select(Unit).where(Unit.issuer_id == issuer_id)
    units = session.exec(query.order_by(Unit.id)).all()
    found = [u for u in units if fold(u.name) == key or u.code == text]
    if len(found) == 1:
        return Match(
            status="matched", unit_id=found[0].id, candidates=[found[0].id], rule="unit_name",
            message=f"Khớp đơn vị: {found[0].name}, mã {found[0].id}.",
        )
    if found:
        return Match(
            status="ambiguous",
            candidates=[u.id for u in found],
            message=f"Có {len(found)} đơn vị tên «{text}»: {'; '.join(f'{u.name}, mã {u.id}' for u in found)}. Cần chọn đúng đơn vị.",
        )
    return Match(status="unmatched", message=f"Không có đơn vị «{text}» trong danh sách.")


def _match_subject(session: Session, body: RecordCreate, issuer_id: int | None = None) -> Match:
    """The record's subject among the people and units of the writer's issuer: another's is not found."""
    if body.subject_type == "person":
        if body.person_id is not None:
            person = session.get(Person, body.person_id)
            if person is None or (issuer_id is not None and person.issuer_id != issuer_id):
                raise RecordRefused("PERSON_NOT_FOUND", person_id=body.person_id)
            return Match(
                status="matched", person_id=person.id, candidates=[person.id], rule="person_id",
                message=f"Cá nhân: {_person_text(person)}.",
            )
        return match_person(session, body.subject_name, body.birth_date, body.id_number, issuer_id)
    if body.unit_id is not None:
        unit = session.get(Unit, body.unit_id)
        if unit is None or (issuer_id is not None and unit.issuer_id != issuer_id):
            raise RecordRefused("UNIT_NOT_FOUND", unit_id=body.unit_id)
        return Match(status="matched", unit_id=unit.id, candidates=[unit.id], rule="unit_id", message=f"Đơn vị: {unit.name}.")
    return match_unit(session, body.subject_name, issuer_id)


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


def _store(session: Session, body: RecordCreate, match: Match, user: User) -> Record:
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
    _check_figure(body, known_indicators(session, user.issuer_id))
    return _store(session, body, _match_subject(session, body, user.issuer_id), user)


def _check_figure(body: RecordCreate, known: Known) -> None:
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
        raise RecordRefused("RECORD_INVALID", problems=_problems(error)) from None
    _check_figure(checked, known_indicators(session, user.issuer_id))
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


def records_for(session: Session, person_id: int | None = None, unit_id: int | None = None) -> list[Record]:
    """The matched records of a person, of a unit, or of both, oldest first. Unresolved ones never count."""
    subjects = []
    if person_id is not None:
        subjects.append((Record.subject_type == "person") & (Record.person_id == person_id))
    if unit_id is not None:
        subjects.append((Record.subject_type == "unit") & (Record.unit_id == unit_id))
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


def findings_of(session: Session, plan: EmulationPlan, nominee: Nominee, on: date) -> list[Finding]:
    """Every rule of the plan (schemas/eligibility.py evaluate) over the nominee's records on a day: what the
    submission's check stores (activities/eligibility.py) and what the unit sees on its draft."""
    unit = session.get(Unit, nominee.unit_id) if nominee.unit_id else None
    subject = SubjectFacts(
        group=nominee.group,
        subject_kind=nominee.subject_kind,
        name=nominee.name,
        person_id=nominee.person_id,
        unit_id=nominee.unit_id,
        leader_person_id=unit.leader_person_id if unit else None,
        unmatched=nominee.unmatched,
    )
    # The register's awards (db/awards.py) count as past awards, those of this campaign left out.
    if subject.group == "individual":
        given = awards.facts(session, person_id=subject.person_id, besides_campaign=plan.code) if subject.person_id else []
    else:
        given = awards.facts(session, unit_id=subject.unit_id, besides_campaign=plan.code) if subject.unit_id else []
    return evaluate(plan, subject, facts_for(session, subject) + given, on)


def facts_for(session: Session, subject: SubjectFacts) -> list[RecordFacts]:
    """The matched records the rules read for a nominee: an individual's own, and their unit's indicator
    figures; a collective's own and its key leader's."""
    if subject.group == "individual":
        if subject.person_id is None:
            return []
        facts = [to_facts(r, "person") for r in records_for(session, person_id=subject.person_id)]
        # The figures of the person's unit, for standards measured per unit (only figures: its cases are its own).
        person = session.get(Person, subject.person_id)
        if person is not None and person.unit_id is not None:
            facts += [
                to_facts(r, "unit") for r in records_for(session, unit_id=person.unit_id) if r.kind in ("indicator", "par_index")
            ]
        return facts
    facts = []
    if subject.unit_id is not None:
        facts += [to_facts(r, "unit") for r in records_for(session, unit_id=subject.unit_id)]
    if subject.leader_person_id is not None:
        facts += [to_facts(r, "leader") for r in records_for(session, person_id=subject.leader_person_id)]
    return facts


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


# --- import ----------------------------------------------------------------------------------------


COLUMNS: dict[str, tuple[str, ...]] = {  # code → other headers accepted (compared by _key)
    "loai": ("loại", "loại bản ghi", "kind"),
    "doi_tuong": ("đối tượng", "subject_type"),
    "ho_ten": ("họ tên", "họ và tên", "full_name"),
    "ngay_sinh": ("ngày sinh", "birth_date"),
    "so_cccd": ("số cccd", "cccd", "số căn cước", "số căn cước công dân", "số định danh", "id_number"),
    "don_vi": ("đơn vị", "tên đơn vị", "unit"),
    "trang_thai": ("trạng thái", "status"),
    "ket_luan": ("kết luận", "outcome"),
    "hinh_thuc": ("hình thức", "hình thức kỷ luật", "discipline_form"),
    "tu_ngay": ("từ ngày", "period_start"),
    "den_ngay": ("đến ngày", "period_end"),
    "ngay_phat_sinh": ("ngày phát sinh", "ngày nhận đơn", "opened_on"),
    "ngay_ket_luan": ("ngày kết luận", "concluded_on"),
    "nam": ("năm", "year"),
    "xep_loai": ("xếp loại", "mức xếp loại", "rating"),
    "gia_tri": ("giá trị", "chỉ số", "value"),
    "ma_chi_so": ("mã chỉ số", "mã chỉ tiêu", "indicator"),
    "ky": ("kỳ", "kỳ đánh giá", "kỳ số liệu", "period_part"),
    "don_vi_tinh": ("đơn vị tính", "đvt", "measure"),
    "so_quyet_dinh": ("số quyết định", "decision_number"),
    "ngay_quyet_dinh": ("ngày quyết định", "decision_date"),
    "hinh_thuc_khen": ("hình thức khen", "hình thức khen thưởng", "award_form"),
    "thanh_tich": ("thành tích", "achievement"),
    "ten_sang_kien": ("tên sáng kiến", "sáng kiến", "initiative_title"),
    "cap_cong_nhan": ("cấp công nhận", "công nhận bởi", "recognised_by"),
    "ghi_chu": ("ghi chú", "note"),
}
IGNORED_COLUMNS = ("stt", "số thứ tự")
COLUMN_TITLES: dict[str, str] = {
    "loai": "Loại", "doi_tuong": "Đối tượng", "ho_ten": "Họ và tên", "ngay_sinh": "Ngày sinh", "so_cccd": "Số CCCD",
    "don_vi": "Đơn vị", "trang_thai": "Trạng thái", "ket_luan": "Kết luận", "hinh_thuc": "Hình thức kỷ luật",
    "tu_ngay": "Từ ngày", "den_ngay": "Đến ngày", "ngay_phat_sinh": "Ngày phát sinh", "ngay_ket_luan": "Ngày kết luận",
    "nam": "Năm", "xep_loai": "Xếp loại", "gia_tri": "Giá trị", "ma_chi_so": "Mã chỉ số", "ky": "Kỳ",
    "don_vi_tinh": "Đơn vị tính", "so_quyet_dinh": "Số quyết định",
    "ngay_quyet_dinh": "Ngày quyết định", "hinh_thuc_khen": "Hình thức khen thưởng", "thanh_tich": "Thành tích",
    "ten_sang_kien": "Tên sáng kiến", "cap_cong_nhan": "Cấp công nhận", "ghi_chu": "Ghi chú",
}
_HEADERS = {_key(alias): code for code, aliases in COLUMNS.items() for alias in (code, *aliases)}
_FIELD_COLUMNS = {  # a RecordCreate field → the column it comes from, to name it in a refusal
    "subject_name": "ho_ten", "birth_date": "ngay_sinh", "id_number": "so_cccd", "kind": "loai", "status": "trang_thai",
    "outcome": "ket_luan", "discipline_form": "hinh_thuc", "period_start": "tu_ngay", "period_end": "den_ngay",
    "opened_on": "ngay_phat_sinh", "concluded_on": "ngay_ket_luan", "year": "nam", "rating": "xep_loai",
    "value": "gia_tri", "indicator": "ma_chi_so", "period_part": "ky", "measure": "don_vi_tinh",
    "decision_number": "so_quyet_dinh", "decision_date": "ngay_quyet_dinh",
    "award_form": "hinh_thuc_khen", "achievement": "thanh_tich", "initiative_title": "ten_sang_kien",
    "recognised_by": "cap_cong_nhan", "note": "ghi_chu",
}



_KINDS = _choices({
    "discipline_pending": ("đang xem xét kỷ luật", "xem xét kỷ luật", "xem xét thi hành kỷ luật"),
    "administrative_violation": ("vi phạm hành chính", "xử lý vi phạm hành chính"),
    "investigation": ("điều tra", "điều tra, truy tố, xét xử", "truy tố", "xét xử"),
    "inspection": ("thanh tra", "kiểm tra", "thanh tra, kiểm tra", "thanh tra, kiểm tra có dấu hiệu vi phạm"),
    "complaint": ("khiếu nại", "tố cáo", "khiếu nại, tố cáo", "đơn thư"),
    "press_issue": ("báo chí", "báo chí nêu", "vấn đề báo chí nêu"),
    "feedback": ("phản ánh", "kiến nghị", "phản ánh, kiến nghị", "phản ánh kiến nghị"),
    "discipline": ("kỷ luật",),
    "rating": ("xếp loại", "đánh giá, xếp loại", "xếp loại cán bộ"),
    "par_index": ("par index", "chỉ số cchc", "chỉ số cải cách hành chính"),
    "indicator": ("chỉ số", "chỉ tiêu", "số liệu chỉ số"),
    "initiative": ("sáng kiến", "sáng kiến được công nhận"),
    "award": ("khen thưởng", "khen thưởng đã nhận"),
})
_PARTS = _choices(PART_ALIASES)
_MEASURES = _choices(MEASURE_ALIASES)
_SUBJECT_TYPES = _choices({"person": ("cá nhân",), "unit": ("tập thể", "đơn vị")})
_STATUSES = _choices({
    "open": ("đang xem xét", "đang xác minh", "đang thụ lý", "đang giải quyết", "chưa kết luận"),
    "concluded": ("đã kết luận", "kết thúc", "đã xử lý"),
})
_OUTCOMES = _choices({
    "founded": ("có căn cứ", "đúng", "có vi phạm", "vi phạm", "đúng một phần"),
    "unfounded": ("không có căn cứ", "sai", "không đúng", "không vi phạm", "không kỷ luật"),
})
_FORMS = _choices({code: (name,) for code, name in DISCIPLINE_NAMES.items()})
_RATINGS = _choices({
    "hoan_thanh_xuat_sac": (RATING_NAMES["hoan_thanh_xuat_sac"], "hoàn thành xuất sắc", "htxsnv"),
    "hoan_thanh_tot": (RATING_NAMES["hoan_thanh_tot"], "hoàn thành tốt", "httnv"),
    "hoan_thanh": (RATING_NAMES["hoan_thanh"], "hoàn thành", "htnv"),
    "khong_hoan_thanh": (RATING_NAMES["khong_hoan_thanh"], "không hoàn thành", "khtnv"),
})


def _date(cell: Any, column: str) -> date | None:
    return cell_date(cell, COLUMN_TITLES[column])


def _number(cell: Any, column: str) -> float | None:
    return cell_number(cell, COLUMN_TITLES[column])


def _year(cell: Any) -> int | None:
    value = _number(cell, "nam")
    if value is None:
        return None
    if not value.is_integer():
        raise _RowError(f"Năm «{_text(cell)}» không hợp lệ")
    return int(value)



def _row_body(row: dict[str, Any]) -> RecordCreate:
    """A row as a record to add; _RowError with every problem found."""
    problems: list[str] = []

    def read(parse, *args):
        try:
            return parse(*args)
        except _RowError as error:
            problems.append(str(error))
            return None

    kind = read(_pick, row.get("loai"), _KINDS, COLUMN_TITLES["loai"])
    if kind is None and not problems:
        problems.append("thiếu loại bản ghi (cột «loai»)")
    subject_type = read(_pick, row.get("doi_tuong"), _SUBJECT_TYPES, COLUMN_TITLES["doi_tuong"])
    name, unit_name = _text(row.get("ho_ten")), _text(row.get("don_vi"))
    id_number = _cccd(row.get("so_cccd"))
    if subject_type is None:
        if kind == "par_index":
            subject_type = "unit"
        elif kind == "rating" or name or id_number:
            subject_type = "person"
        else:
            subject_type = "unit"
    data = {
        "subject_type": subject_type,
        "subject_name": name if subject_type == "person" else unit_name,
        "birth_date": read(_date, row.get("ngay_sinh"), "ngay_sinh"),
        "id_number": id_number,
        "kind": kind,
        "status": read(_pick, row.get("trang_thai"), _STATUSES, COLUMN_TITLES["trang_thai"]),
        "outcome": read(_pick, row.get("ket_luan"), _OUTCOMES, COLUMN_TITLES["ket_luan"]),
        "discipline_form": read(_pick, row.get("hinh_thuc"), _FORMS, COLUMN_TITLES["hinh_thuc"]),
        "period_start": read(_date, row.get("tu_ngay"), "tu_ngay"),
        "period_end": read(_date, row.get("den_ngay"), "den_ngay"),
        "opened_on": read(_date, row.get("ngay_phat_sinh"), "ngay_phat_sinh"),
        "concluded_on": read(_date, row.get("ngay_ket_luan"), "ngay_ket_luan"),
        "year": read(_year, row.get("nam")),
        "rating": read(_pick, row.get("xep_loai"), _RATINGS, COLUMN_TITLES["xep_loai"]),
        "value": read(_number, row.get("gia_tri"), "gia_tri"),
        "indicator": (_text(row.get("ma_chi_so")) or "").lower() or None,
        "period_part": read(_pick, row.get("ky"), _PARTS, COLUMN_TITLES["ky"]),
        "measure": read(_pick, row.get("don_vi_tinh"), _MEASURES, COLUMN_TITLES["don_vi_tinh"]),
        "decision_number": _text(row.get("so_quyet_dinh")),
        "decision_date": read(_date, row.get("ngay_quyet_dinh"), "ngay_quyet_dinh"),
        "award_form": _text(row.get("hinh_thuc_khen")),
        "achievement": _text(row.get("thanh_tich")),
        "initiative_title": _text(row.get("ten_sang_kien")),
        "recognised_by": _text(row.get("cap_cong_nhan")),
        "note": _text(row.get("ghi_chu")),
    }
    if subject_type == "person" and not name and not id_number:
        problems.append("thiếu họ tên hoặc số CCCD của cá nhân")
    if subject_type == "unit" and not unit_name:
        problems.append("thiếu tên đơn vị (cột «don_vi»)")
    if problems:
        raise _RowError("; ".join(problems))
    try:
        return check_record(RecordCreate.model_validate(data))
    except ValidationError as error:
        raise _RowError(_problems(error)) from None
    except RecordRefused as refused:
        raise _RowError(refused.details["problems"]) from None


def _problems(error: ValidationError) -> str:
    """A validation error in Vietnamese, with the column each problem concerns."""
    texts = []
    for issue in error.errors():
        field = str(issue["loc"][0]) if issue["loc"] else ""
        column = _FIELD_COLUMNS.get(field)
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



def import_records(
    session: Session, file_bytes: bytes, filename: str, user: User, limits: ImportLimits
) -> ImportReport:
    """Add the records of a CSV or .xlsx file, row by row: each row taken, refused with its reason, or
    stored as ambiguous for an appraiser to resolve. The file as a whole is refused only when it cannot be
    read, is larger than `limits`, or its header names a column the import does not know. A whole file
    takes a while: call it off the event loop."""
    table = read_table(file_bytes, filename, limits)
    if not table:
        raise _refused(filename, "tệp không có dữ liệu")
    (_, header), *rows = table
    columns: list[str | None] = []
    unknown = []
    for cell in header:
        title = _text(cell)
        if title is None or _key(title) in {_key(c) for c in IGNORED_COLUMNS}:
            columns.append(None)
            continue
        code = _HEADERS.get(_key(title))
        if code is None:
            unknown.append(title)
        columns.append(code)
    if unknown:
        known = ", ".join(COLUMNS)
        raise _refused(filename, f"cột không rõ: {', '.join(unknown)}; các cột nhận: {known}")
    if "loai" not in columns:
        raise _refused(filename, "thiếu cột «loai» (loại bản ghi)")
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise _refused(filename, f"cột lặp lại: {', '.join(repeated)}")

    results: list[RowResult] = []
    known = known_indicators(session, user.issuer_id)
    for number, cells in rows:
        row = {code: cells[i] for i, code in enumerate(columns) if code and i < len(cells)}
        results.append(_import_row(session, number, row, user, known))
    counts = {status: sum(1 for r in results if r.status == status) for status in ("taken", "refused", "ambiguous")}
    return ImportReport(filename=filename, rows=results, **counts)


def _cleaned(row: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """The row with the characters no one can type or see removed from its texts, and a note naming them."""
    notes, cleaned = [], {}
    for code, cell in row.items():
        if isinstance(cell, str):
            cell, removed = remove_invisible(cell)
            if removed:
                notes.append(f"Đã xóa ký tự không được phép ({', '.join(removed)}) ở cột {COLUMN_TITLES[code]}.")
        cleaned[code] = cell
    return cleaned, " ".join(notes)


def _import_row(session: Session, number: int, row: dict[str, Any], user: User, known: Known) -> RowResult:
    row, note = _cleaned(row)
    result = _row_result(session, number, row, user, known)
    return result.model_copy(update={"message": f"{result.message} {note}"}) if note else result


def _row_result(session: Session, number: int, row: dict[str, Any], user: User, known: Known) -> RowResult:
    try:
        body = _row_body(row)
        _check_figure(body, known)
    except _RowError as error:
        return RowResult(row_number=number, status="refused", message=f"Không nhận: {error}.")
    except RecordRefused as refused:
        return RowResult(row_number=number, status="refused", message=f"Không nhận: {refused.details['problems']}.")
    if body.subject_type == "person":
        match = match_person(session, body.subject_name, body.birth_date, body.id_number, user.issuer_id)
    else:
        match = match_unit(session, body.subject_name, user.issuer_id)
    if match.status == "unmatched":
        return RowResult(row_number=number, status="refused", message=f"Không nhận: {match.message}")
    try:
        record = _store(session, body, match, user)
    except RecordRefused as refused:
        session.rollback()
        if refused.code == "RECORD_DUPLICATE":
            message = f"Không nhận: đã có trong sổ (bản ghi số {refused.details['record_id']}: {refused.details['summary']})."
        else:
            message = f"Không nhận: {refused.code}."
        return RowResult(row_number=number, status="refused", message=message)
    except Exception as error:  # a database refusal of this row must not stop the others
        session.rollback()
        return RowResult(row_number=number, status="refused", message=f"Không nhận: lỗi khi lưu ({type(error).__name__}).")
    summary = describe(to_facts(record))
    if match.status == "ambiguous":
        return RowResult(
            row_number=number, status="ambiguous", record_id=record.id,
            message=f"Đã lưu, chưa áp dụng: {summary}. {match.message}",
        )
    return RowResult(row_number=number, status="taken", record_id=record.id, message=f"Đã nhận: {summary}. {match.message}")
