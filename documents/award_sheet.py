"""Awards made elsewhere in Excel: the template the office fills in (`template`) and its rows read back
(`read_rows`), each with its problems naming the column; db/award_import.py writes them, all or nothing.

One row an award: the person or collective, the award and its decision, the achievement. The file is read by
the bounded table reader (db/tables.read_table); its cells by the same helpers as the nominee sheet's.
"""

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from db.awards import KIND_NAMES, AwardInput
from db.tables import RowError, cell_date, cell_id_number, cell_key, cell_number, cell_pick, cell_text, choices, file_refused

COLUMNS = {  # code → the template's header
    "stt": "STT",
    "subject_type": "Cá nhân/Tập thể",
    "name": "Họ và tên / Tên tập thể",
    "birth_date": "Ngày sinh",
    "id_number": "Số CCCD",
    "position": "Chức vụ khi được khen",
    "unit_name": "Đơn vị khi được khen",
    "award_name": "Danh hiệu / Hình thức khen thưởng",
    "kind": "Loại",
    "decision_number": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "issued_by": "Cơ quan ban hành",
    "achievement": "Thành tích",
    "period_start": "Thành tích từ ngày",
    "period_end": "Thành tích đến ngày",
    "bonus_vnd": "Tiền thưởng (đồng)",
}
REQUIRED = ("subject_type", "name", "award_name", "decision_number", "decision_date", "issued_by")
EXAMPLE_STT = "Ví dụ"
SUBJECTS = choices({"person": ("Cá nhân", "ca nhan"), "unit": ("Tập thể", "tap the", "đơn vị")})
KINDS = choices({code: (name,) for code, name in KIND_NAMES.items()} | {"title": (KIND_NAMES["title"], "danh hiệu")})
MOST_CELL_CHARACTERS = 2000


def template() -> bytes:
    """The .xlsx to fill in: the header (required columns marked *), a sample row whose STT is "Ví dụ"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Khen thưởng đã có"
    codes = list(COLUMNS)
    sheet.append([COLUMNS[c] + (" *" if c in REQUIRED else "") for c in codes])
    example = {
        "stt": EXAMPLE_STT, "subject_type": "Cá nhân", "name": "Nguyễn Thị Hoa", "birth_date": "14/03/1985",
        "id_number": None, "position": "Chuyên viên", "unit_name": "Phòng Kinh tế",
        "award_name": "Bằng khen của Chủ tịch UBND tỉnh", "kind": KIND_NAMES["form"], "decision_number": "1520/QĐ-UBND",
        "decision_date": "20/12/2024", "issued_by": "Ủy ban nhân dân tỉnh", "achievement": "Đã có thành tích xuất sắc …",
        "period_start": "01/01/2023", "period_end": "31/12/2024", "bonus_vnd": 1_404_000,
    }
    sheet.append([example[c] for c in codes])
    for index, code in enumerate(codes, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 30 if code in ("name", "award_name", "achievement", "issued_by") else 16
        if code in ("birth_date", "id_number", "decision_date", "period_start", "period_end"):
            sheet.column_dimensions[letter].number_format = "@"  # a date stays dd/mm/yyyy, an ID number its zero
        sheet.cell(row=1, column=index).font = Font(bold=True)
        sheet.cell(row=1, column=index).alignment = Alignment(wrap_text=True, vertical="center")
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("Hướng dẫn")
    for line in (
        "Mỗi dòng một khen thưởng đã có: quyết định giấy, của cấp khác, hoặc của năm trước. Dòng «Ví dụ» không được nhập.",
        "Cột có dấu * là bắt buộc. Ngày viết dd/mm/yyyy. Cá nhân/Tập thể: «Cá nhân» hoặc «Tập thể».",
        "Ngày sinh hoặc số CCCD giúp tìm đúng người trong danh sách cán bộ; người không có trong danh sách vẫn được ghi theo tên.",
        f"Loại: «{KIND_NAMES['title']}» hoặc «{KIND_NAMES['form']}»; để trống thì hệ thống tự xác định theo tên.",
        "Tệp có dòng không hợp lệ thì không dòng nào được ghi: sửa các dòng được báo rồi nhập lại cả tệp.",
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 120
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class SheetRow:
    """One row as read: the award it makes (with what finds its person), or the problems that refuse it."""

    row_number: int
    name: str | None
    award: AwardInput | None = None
    birth_date: date | None = None
    id_number: str | None = None  # to find the person; never shown in a report
    problems: list[str] = field(default_factory=list)


def _columns(cells: list[Any], filename: str) -> list[str | None]:
    known = {cell_key(title): code for code, title in COLUMNS.items()}
    columns, unknown = [], []
    for cell in cells:
        title = cell_key(str(cell).replace("*", "")) if cell is not None else ""
        if title and title not in known:
            unknown.append(str(cell))
        columns.append(known.get(title) if title else None)
    if unknown:
        raise file_refused(filename, f"cột không rõ: {', '.join(unknown)}; hãy dùng tệp mẫu tải từ trang nhập")
    missing = [COLUMNS[c] for c in REQUIRED if c not in columns]
    if missing:
        raise file_refused(filename, f"thiếu cột {', '.join(missing)}")
    return columns


def _row(number: int, cells: dict[str, Any]) -> SheetRow:
    problems: list[str] = []

    def read(parse, code: str, *args):
        try:
            return parse(cells.get(code), *args)
        except RowError as error:
            problems.append(str(error))
            return None

    texts = {code: read(cell_text, code) for code in COLUMNS if code not in ("stt",)}
    for code, text in texts.items():
        if text and len(text) > MOST_CELL_CHARACTERS:
            problems.append(f"{COLUMNS[code]}: dài quá {MOST_CELL_CHARACTERS} ký tự")
    data = {code: texts[code] for code in ("name", "award_name", "decision_number", "issued_by", "achievement",
                                           "position", "unit_name")}
    data["subject_type"] = read(cell_pick, "subject_type", SUBJECTS, COLUMNS["subject_type"])
    data["kind"] = read(cell_pick, "kind", KINDS, COLUMNS["kind"])
    for code in ("decision_date", "period_start", "period_end"):
        data[code] = read(cell_date, code, COLUMNS[code])
    bonus = read(cell_number, "bonus_vnd", COLUMNS["bonus_vnd"])
    data["bonus_vnd"] = int(bonus) if bonus is not None else None
    row = SheetRow(number, texts["name"], birth_date=read(cell_date, "birth_date", COLUMNS["birth_date"]),
                   id_number=read(cell_id_number, "id_number"))
    for code in REQUIRED:
        if data.get(code) in (None, ""):
            problems.append(f"{COLUMNS[code]}: chưa ghi")
    if not problems:
        try:
            row.award = AwardInput.model_validate({k: v for k, v in data.items() if v is not None})
        except ValidationError as error:
            for issue in error.errors():
                name = str(issue["loc"][0]) if issue["loc"] else ""
                problems.append(f"{COLUMNS.get(name, 'Dòng')}: {issue['msg'].removeprefix('Value error, ')}")
    row.problems = problems
    return row


def read_rows(table: list[tuple[int, list[Any]]], filename: str) -> list[SheetRow]:
    """The file's rows under its header, the sample row left out; a file without any is refused."""
    if not table:
        raise file_refused(filename, "tệp trống")
    (_, header), *body = table
    columns = _columns(header, filename)
    rows = []
    for number, cells in body:
        values = {code: cell for code, cell in zip(columns, cells) if code}
        if cell_text(values.get("stt")) == EXAMPLE_STT:
            continue
        rows.append(_row(number, values))
    if not rows:
        raise file_refused(filename, "tệp không có dòng nào dưới dòng tiêu đề (ngoài dòng ví dụ)")
    return rows
