"""Importing records into the registry (db/records.py) from a table.

`import_records` reads a CSV file (UTF-8, with or without BOM, comma or semicolon) or an Excel .xlsx
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

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from sqlmodel import Session

from common.text import remove_invisible
from db.indicators import MEASURE_ALIASES, PART_ALIASES, Known, known_indicators
from db.models import User
from db.records import (
    COLUMN_TITLES,
    RecordCreate,
    RecordRefused,
    check_figure,
    check_record,
    store_record,
    to_facts,
    validation_problems,
)
from db.record_matching import match_person, match_unit
from db.tables import ImportLimits, cell_date, cell_number, read_table
from db.tables import RowError as _RowError
from db.tables import cell_id_number as _cccd
from db.tables import cell_key as _key
from db.tables import cell_pick as _pick
from db.tables import cell_text as _text
from db.tables import choices as _choices
from db.tables import file_refused as _refused
from schemas.eligibility import DISCIPLINE_NAMES, RATING_NAMES, describe


RowStatus = Literal["taken", "refused", "ambiguous"]


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
_HEADERS = {_key(alias): code for code, aliases in COLUMNS.items() for alias in (code, *aliases)}


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
        raise _RowError(validation_problems(error)) from None
    except RecordRefused as refused:
        raise _RowError(refused.details["problems"]) from None


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
        check_figure(body, known)
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
        record = store_record(session, body, match, user)
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
