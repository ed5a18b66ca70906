"""A unit's list of nominees in Excel: the template made for a campaign (`template`) and the rows read back
(`read_rows`), each with its problems naming the column.

The template's first sheet has the header, then a sample row whose STT is "Ví dụ" (commented; it is skipped
when read, so it may stay); its lists of choices (Tập thể/Cá nhân as the plan's subject kinds, Giới tính,
Hình thức đề nghị as the plan's award forms) are Excel data validations over a second sheet of values.

The file is read by the bounded table reader (db/tables.read_table: its size, rows, columns, the XML of an
.xlsx); a formula is read as the value Excel saved with it (none: an empty cell), a macro never runs
(openpyxl does not load one). A row's problems are all told, not only the first.
"""

import io
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from common.text import remove_invisible
from db.tables import RowError, cell_date, cell_id_number, cell_key, cell_pick, cell_text, file_refused
from schemas.campaign import EmulationPlan
from schemas.directory import SEX_NAMES
from schemas.dossier import NomineeInput

COLUMNS = {  # code → the template's header
    "stt": "STT",
    "name": "Họ và tên / Tên tập thể",
    "sex": "Giới tính",
    "birth_date": "Ngày sinh",
    "position": "Chức vụ",
    "unit": "Đơn vị",
    "kind": "Tập thể/Cá nhân",
    "award_form": "Hình thức đề nghị",
    "summary": "Tóm tắt thành tích",
    "id_number": "Số CCCD",
}
REQUIRED = ("name", "kind")
WIDTHS = {"stt": 7, "name": 30, "sex": 10, "birth_date": 13, "position": 24, "unit": 26, "kind": 40,
          "award_form": 34, "summary": 60, "id_number": 16}
EXAMPLE_STT = "Ví dụ"
VALUES_SHEET = "Giá trị được nhận"
MOST_CELL_CHARACTERS = 2000  # any cell; the name and the position are bounded tighter by the nominee's model
GROUP_WORDS = {"collective": "Tập thể", "individual": "Cá nhân"}
# What a text cell may begin with that a spreadsheet reads as a formula: read back, such a name is refused.
FORMULA_STARTS = ("=", "+", "@")


def kind_label(plan: EmulationPlan, code: str) -> str:
    kind = next(k for k in plan.subject_kinds if k.code == code)
    return f"{GROUP_WORDS[kind.group]}: {kind.name}"


def _kind_choices(plan: EmulationPlan) -> dict[str, str]:
    """Each subject kind by its label, its name and its code; "Tập thể" or "Cá nhân" alone where the plan has
    one kind of that group."""
    choices: dict[str, str] = {}
    for kind in plan.subject_kinds:
        for text in (kind_label(plan, kind.code), kind.name, kind.code):
            choices[cell_key(text)] = kind.code
    for group, word in GROUP_WORDS.items():
        kinds = [k for k in plan.subject_kinds if k.group == group]
        if len(kinds) == 1:
            choices[cell_key(word)] = kinds[0].code
    return choices


def _sex_choices() -> dict[str, str]:
    return {cell_key(text): str(code) for code, name in SEX_NAMES.items() for text in (str(code), name)}


def template(plan: EmulationPlan, campaign_title: str) -> bytes:
    """The .xlsx to fill in for the campaign: the header, a sample row, the lists of the plan's own choices."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách đề nghị"
    codes = list(COLUMNS)
    sheet.append([COLUMNS[c] + (" *" if c in REQUIRED else "") for c in codes])
    first = next((k for k in plan.subject_kinds if k.group == "individual"), plan.subject_kinds[0])
    example = {
        "stt": EXAMPLE_STT, "name": "Nguyễn Thị Hoa" if first.group == "individual" else "Phòng Kinh tế",
        "sex": "Nữ" if first.group == "individual" else None,
        "birth_date": "14/03/1985" if first.group == "individual" else None,
        "position": "Chuyên viên" if first.group == "individual" else None,
        "unit": None, "kind": kind_label(plan, first.code), "award_form": plan.award_forms[0].name,
        "summary": "Hoàn thành xuất sắc nhiệm vụ được giao; …", "id_number": None,
    }
    sheet.append([example[c] for c in codes])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet["A2"].comment = Comment(
        "Dòng ví dụ: không được nhập (cột STT ghi «Ví dụ»). Điền từ dòng 3, mỗi dòng một tập thể hoặc cá nhân.",
        "Mẫu")
    sheet[f"{get_column_letter(codes.index('kind') + 1)}1"].comment = Comment(
        "Chọn trong danh sách: đối tượng của kế hoạch, tập thể hoặc cá nhân.", "Mẫu")
    sheet.freeze_panes = "A2"
    for index, code in enumerate(codes, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = WIDTHS[code]
        if code in ("birth_date", "id_number"):  # text: a date stays dd/mm/yyyy, an ID number keeps its zero
            sheet.column_dimensions[letter].number_format = "@"
            sheet[f"{letter}2"].number_format = "@"

    values = book.create_sheet(VALUES_SHEET)
    lists = {
        "kind": [kind_label(plan, k.code) for k in plan.subject_kinds],
        "sex": list(SEX_NAMES.values()),
        "award_form": [form.name for form in plan.award_forms],
    }
    for column, (code, items) in enumerate(lists.items(), start=1):
        letter = get_column_letter(column)
        values.cell(row=1, column=column, value=COLUMNS[code]).font = Font(bold=True)
        for row, item in enumerate(items, start=2):
            values.cell(row=row, column=column, value=item)
        values.column_dimensions[letter].width = 50
        check = DataValidation(type="list", formula1=f"'{VALUES_SHEET}'!${letter}$2:${letter}${len(items) + 1}",
                               allow_blank=True, showErrorMessage=True, errorTitle=COLUMNS[code],
                               error="Chọn một giá trị trong danh sách.")
        target = get_column_letter(codes.index(code) + 1)
        check.add(f"{target}3:{target}1000")
        sheet.add_data_validation(check)
    notes = [
        f"Đợt thi đua: {campaign_title}",
        "Cột có dấu * là bắt buộc. Ngày sinh viết dd/mm/yyyy. Số CCCD: 12 chữ số (không bắt buộc).",
        "Ngày sinh hoặc số CCCD giúp tìm đúng người trong danh sách cán bộ.",
        "Đơn vị: đơn vị công tác của cá nhân, nếu khác đơn vị lập hồ sơ; được ghi sau chức vụ.",
        "Tóm tắt thành tích: in vào tờ trình; tối đa 1.000 ký tự, xuống dòng trong ô bằng Alt+Enter.",
    ]
    start = max(len(items) for items in lists.values()) + 3
    for offset, note in enumerate(notes):
        values.cell(row=start + offset, column=1, value=note)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass
class SheetRow:
    """One row of the file as read: the nominee it makes, or the problems that refuse it."""

    row_number: int
    name: str | None  # never an ID number
    nominee: NomineeInput | None = None
    sex: str | None = None  # read and checked; a nominee has no sex of its own (the registry's person has)
    summary: str | None = None  # the achievement summary (tóm tắt thành tích), as written
    problems: list[str] = field(default_factory=list)


def _columns(cells: list[Any], filename: str) -> list[str | None]:
    known = {cell_key(title): code for code, title in COLUMNS.items()} | {"so thu tu": "stt", "ho va ten": "name",
                                                                         "ten tap the": "name"}
    columns, unknown = [], []
    for cell in cells:
        title = cell_key(str(cell).replace("*", "")) if cell is not None else ""
        if not title:
            columns.append(None)
            continue
        if title not in known:
            unknown.append(str(cell))
        columns.append(known.get(title))
    if unknown:
        raise file_refused(filename, f"cột không rõ: {', '.join(unknown)}; hãy dùng tệp mẫu tải từ trang nhập")
    missing = [COLUMNS[c] for c in REQUIRED if c not in columns]
    if missing:
        raise file_refused(filename, f"thiếu cột {', '.join(missing)}")
    twice = sorted({COLUMNS[c] for c in columns if c and columns.count(c) > 1})
    if twice:
        raise file_refused(filename, f"cột {', '.join(twice)} có hai lần")
    return columns


TOO_LONG = "dài quá {max_length} ký tự"


def _model_problems(error: ValidationError) -> list[str]:
    problems = []
    for issue in error.errors():
        name = str(issue["loc"][0]) if issue["loc"] else ""
        title = COLUMNS["summary"] if name == "achievement_summary" else COLUMNS.get(name, name)
        if issue["type"] == "string_too_long":
            why = TOO_LONG.format(**issue.get("ctx", {}))
        elif issue["type"] in ("less_than_equal", "greater_than_equal"):
            why = "ngoài khoảng ngày được nhận"
        elif issue["type"] == "forbidden_character":
            why = str(issue["msg"])
        else:
            why = "không hợp lệ"
        problems.append(f"{title}: {why}")
    return problems


def _row(plan: EmulationPlan, unit_name: str, number: int, cells: dict[str, Any]) -> SheetRow:
    problems: list[str] = []

    def read(parse, *args):
        try:
            return parse(*args)
        except RowError as error:
            problems.append(str(error))
            return None

    texts: dict[str, str | None] = {}
    for code in COLUMNS:
        value = cells.get(code)
        if code == "summary":  # several lines may stay several lines (the model makes each one single-spaced)
            text = str(value).strip() or None if value is not None else None
        else:
            text = cell_id_number(value) if code == "id_number" else (
                None if code == "birth_date" and not isinstance(value, str) else cell_text(value))
        if text is not None and len(text) > MOST_CELL_CHARACTERS:
            problems.append(f"{COLUMNS[code]}: {TOO_LONG.format(max_length=MOST_CELL_CHARACTERS)}")
            text = None
        texts[code] = text
    name = texts["name"]
    row = SheetRow(number, (name[:80] + "…" if len(name) > 80 else name) if name else None)
    if name is None:
        problems.append(f"{COLUMNS['name']}: thiếu")
    elif name.startswith(FORMULA_STARTS):
        problems.append(f"{COLUMNS['name']}: không được bắt đầu bằng «{name[0]}»")
    kind_code = read(cell_pick, texts["kind"], _kind_choices(plan), COLUMNS["kind"],
                     "không phải đối tượng của kế hoạch; chọn trong danh sách của tệp mẫu")
    if texts["kind"] is None:
        problems.append(f"{COLUMNS['kind']}: thiếu")
    kind = next((k for k in plan.subject_kinds if k.code == kind_code), None)
    row.sex = read(cell_pick, texts["sex"], _sex_choices(), COLUMNS["sex"], "không có trong danh sách (Nam, Nữ)")
    birth_date = read(cell_date, cells.get("birth_date"), COLUMNS["birth_date"])
    if texts["award_form"] is not None:
        # The campaign proposes and awards its plan's first award form (workflows/campaign.py): another is refused.
        forms = {cell_key(f.name): f.code for f in plan.award_forms} | {cell_key(f.code): f.code for f in plan.award_forms}
        chosen = forms.get(cell_key(texts["award_form"]))
        if chosen is None:
            problems.append(f"{COLUMNS['award_form']} «{texts['award_form']}» không có trong kế hoạch")
        elif chosen != plan.award_forms[0].code:
            problems.append(f"{COLUMNS['award_form']} «{texts['award_form']}»: đợt thi đua này chỉ đề nghị "
                            f"«{plan.award_forms[0].name}»")
    if kind is not None and kind.group == "collective":
        for code in ("sex", "birth_date", "id_number"):
            if texts[code] is not None or (code == "birth_date" and birth_date is not None):
                problems.append(f"{COLUMNS[code]}: chỉ ghi cho cá nhân, không ghi cho tập thể")
    # The unit a person works in, when it is not the dossier's own unit, is written after the position, as the
    # tờ trình prints "Chuyên viên, Tổ một cửa, Phòng Kinh tế".
    position = texts["position"]
    if texts["unit"] and cell_key(texts["unit"]) not in (cell_key(unit_name), cell_key(name or "")):
        position = f"{position}, {texts['unit']}" if position else texts["unit"]
    row.summary = texts["summary"]
    if problems or kind is None:
        row.problems = problems
        return row
    try:
        row.nominee = NomineeInput(group=kind.group, subject_kind=kind.code, name=name, position=position,
                                   birth_date=birth_date, id_number=texts["id_number"], achievement_summary=row.summary)
    except ValidationError as error:
        row.problems = _model_problems(error)
    return row


def is_example(cells: dict[str, Any]) -> bool:
    return cell_key(str(cells.get("stt") or "")) == cell_key(EXAMPLE_STT)


def read_rows(table: list[tuple[int, list[Any]]], filename: str, plan: EmulationPlan, unit_name: str) -> list[SheetRow]:
    """The rows of a table read by db.tables.read_table (the header first), the sample row left out.

    Refused (db.tables.Refused IMPORT_FILE_INVALID): a header with an unknown or a missing column, no row."""
    if not table:
        raise file_refused(filename, "tệp trống")
    (_, header), *rest = table
    columns = _columns(header, filename)
    rows = []
    for number, values in rest:
        cells = {code: remove_invisible(v)[0] if isinstance(v, str) else v
                 for code, v in zip(columns, values) if code is not None}
        if is_example(cells):
            continue
        rows.append(_row(plan, unit_name, number, cells))
    if not rows:
        raise file_refused(filename, "tệp không có dòng nào ngoài dòng tiêu đề và dòng ví dụ")
    return rows

