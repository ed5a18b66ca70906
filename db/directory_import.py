"""An issuer's units or people from an .xlsx file made on the template (`template`), all or nothing.

The file is read by the bounded table reader (db/tables.read_table: size, rows, columns, the XML
checks of an .xlsx). Its header tells what it lists: units (a column "Mã đơn vị" and "Tên đơn vị") or people
(a column "Họ và tên"). Each row is matched and checked as a change made on the pages would be:

- a unit by its code within the issuer: updated if it exists, created otherwise; its parent by code, which
  may be a unit of an earlier row;
- a person by the ID number within the issuer, else by the name (without diacritics) and the date of birth:
  updated if found, created otherwise; two people of that name and date of birth: the row is refused.

If any row is refused, nothing of the file is written, and the report says why for each row.
"""

import io
from typing import Any, Literal

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, select

from common.idnumber import clean
from common.text import fold, remove_invisible
from db.directory import (
    DirectoryRefused,
    apply_person,
    create_person,
    create_unit,
    find_unit,
    update_unit,
)
from db.models import Person
from db.records import RecordRefused
from db.tables import ImportLimits, read_table
from db.tables import RowError as _RowError
from db.tables import cell_date as _date
from db.tables import cell_id_number as _cccd
from db.tables import cell_key as _key
from db.tables import cell_pick as _pick
from db.tables import cell_text as _text
from schemas.directory import PERSON_CATEGORY_NAMES, SEX_NAMES
from schemas.directory_api import UNIT_KINDS, PersonChange, PersonCreate, UnitChange, UnitCreate
from schemas.errors import error_message

Kind = Literal["units", "people"]

UNIT_COLUMNS = {  # code → the template's header
    "code": "Mã đơn vị",
    "name": "Tên đơn vị",
    "kind": "Loại đơn vị",
    "symbol": "Ký hiệu trên văn bản",
    "parent": "Mã đơn vị cấp trên",
    "email": "Thư điện tử",
}
PEOPLE_COLUMNS = {
    "full_name": "Họ và tên",
    "sex": "Giới tính",
    "birth_date": "Ngày sinh",
    "id_number": "Số CCCD",
    "position": "Chức vụ",
    "unit": "Mã đơn vị",
    "category": "Phân loại",
    "email": "Thư điện tử",
}
REQUIRED = {"units": ("code", "name", "kind"), "people": ("full_name",)}
EXAMPLES = {
    "units": ["phong-kinh-te", "Phòng Kinh tế", UNIT_KINDS["phong_chuyen_mon"], "KT", "", "kinhte@xa.example"],
    "people": ["Nguyễn Thị Hoa", "Nữ", "14/03/1985", "001185000123", "Chuyên viên", "phong-kinh-te",
               PERSON_CATEGORY_NAMES["truc_tiep"], ""],
}
FIELD_NAMES = {**UNIT_COLUMNS, **PEOPLE_COLUMNS, "parent_id": "Mã đơn vị cấp trên", "unit_id": "Mã đơn vị"}


def _choices(names: dict) -> dict[str, str]:
    return {_key(text): str(code) for code, name in names.items() for text in (str(code), name)}


_UNIT_KINDS, _SEXES, _CATEGORIES = _choices(UNIT_KINDS), _choices(SEX_NAMES), _choices(PERSON_CATEGORY_NAMES)


class RowReport(BaseModel):
    row_number: int
    status: Literal["created", "updated", "refused"]
    name: str | None = None  # the unit's or person's name; never an ID number
    message: str


class DirectoryImportReport(BaseModel):
    filename: str
    kind: Kind
    written: bool  # False: some row was refused, and nothing of the file was written
    created: int
    updated: int
    refused: int
    rows: list[RowReport]


def template(kind: Kind) -> bytes:
    """The .xlsx to fill in: the header and one example row, then a sheet of the values allowed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    columns = UNIT_COLUMNS if kind == "units" else PEOPLE_COLUMNS
    book = Workbook()
    sheet = book.active
    sheet.title = "Đơn vị" if kind == "units" else "Cán bộ"
    sheet.append([title + (" *" if code in REQUIRED[kind] else "") for code, title in columns.items()])
    sheet.append(EXAMPLES[kind])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, _ in enumerate(columns, start=1):
        sheet.column_dimensions[chr(64 + index)].width = 24
        sheet.cell(row=2, column=index).number_format = "@"  # text: an ID number keeps its leading zero
    values = book.create_sheet("Giá trị được nhận")
    if kind == "units":
        values.append(["Loại đơn vị"])
        for name in UNIT_KINDS.values():
            values.append([name])
    else:
        values.append(["Giới tính", "Phân loại"])
        sexes, categories = list(SEX_NAMES.values()), list(PERSON_CATEGORY_NAMES.values())
        for i in range(max(len(sexes), len(categories))):
            values.append([sexes[i] if i < len(sexes) else None, categories[i] if i < len(categories) else None])
    values.append([])
    values.append(["Cột có dấu * là bắt buộc. Ngày viết dd/mm/yyyy. Xóa dòng ví dụ trước khi nhập."])
    values.column_dimensions["A"].width = 40
    values.column_dimensions["B"].width = 50
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(cells: list[Any], filename: str) -> tuple[Kind, list[str | None]]:
    titles = [_key(str(cell).replace("*", "")) if cell is not None else "" for cell in cells]
    kind: Kind = "people" if _key(PEOPLE_COLUMNS["full_name"]) in titles else "units"
    known = {_key(title): code for code, title in (PEOPLE_COLUMNS if kind == "people" else UNIT_COLUMNS).items()}
    known |= {_key(code): code for code in known.values()}
    columns, unknown = [], []
    for cell, title in zip(cells, titles):
        if not title or title in ("stt", "so thu tu"):
            columns.append(None)
            continue
        if title not in known:
            unknown.append(str(cell))
        columns.append(known.get(title))
    if unknown:
        raise RecordRefused("IMPORT_FILE_INVALID", filename=filename, problems=f"cột không rõ: {', '.join(unknown)}; "
                            "hãy dùng tệp mẫu tải từ trang nhập")
    missing = [UNIT_COLUMNS[c] if kind == "units" else PEOPLE_COLUMNS[c] for c in REQUIRED[kind] if c not in columns]
    if missing:
        raise RecordRefused("IMPORT_FILE_INVALID", filename=filename, problems=f"thiếu cột {', '.join(missing)}")
    return kind, columns


def _listed(cell: Any, choices: dict[str, str], title: str) -> str | None:
    return _pick(cell, choices, title, "không có trong danh sách giá trị được nhận")


def _problems(error: ValidationError) -> str:
    texts = []
    for issue in error.errors():
        title = FIELD_NAMES.get(str(issue["loc"][0]) if issue["loc"] else "", "?")
        texts.append(f"{title}: {'thiếu' if issue['type'] == 'missing' else 'không hợp lệ'}"
                     + (f" ({issue['msg']})" if issue["type"] == "forbidden_character" else ""))
    return "; ".join(texts)


def _refusal(refused: DirectoryRefused) -> str:
    where = FIELD_NAMES.get(refused.field or "", "")
    return (f"{where}: " if where else "") + error_message(refused.code, refused.details)


class _Problems(list):
    """The problems of a row, all of them, not only the first."""

    def read(self, parse, *args):
        try:
            return parse(*args)
        except _RowError as error:
            self.append(str(error))
            return None

    def check(self, data: dict[str, Any], required: dict[str, str]) -> dict[str, Any]:
        self.extend(f"thiếu {title}" for name, title in required.items() if data.get(name) is None)
        if self:
            raise _RowError("; ".join(self))
        return {name: value for name, value in data.items() if value is not None}


def _unit_id(session: Session, issuer_id: int, cell: Any, problems: _Problems, which: str = "") -> int | None:
    """The id of the issuer's unit whose code the cell holds; None for an empty cell, or a problem."""
    code = _text(cell)
    if not code:
        return None
    unit = find_unit(session, issuer_id, code.lower())
    if unit is None:
        problems.append(f"không có đơn vị mã «{code}»{which}")
        return None
    return unit.id


def _unit_row(session: Session, issuer_id: int, row: dict[str, Any]) -> tuple[str, str]:
    problems = _Problems()
    data = {"code": _text(row.get("code")), "name": _text(row.get("name")), "symbol": _text(row.get("symbol")),
            "email": _text(row.get("email")), "kind": problems.read(_listed, row.get("kind"), _UNIT_KINDS, UNIT_COLUMNS["kind"])}
    data["parent_id"] = _unit_id(session, issuer_id, row.get("parent"), problems, " (mã đơn vị cấp trên)")
    data = problems.check(data, {"code": UNIT_COLUMNS["code"], "name": UNIT_COLUMNS["name"]} | (
        {} if row.get("kind") else {"kind": UNIT_COLUMNS["kind"]}))
    body = UnitCreate.model_validate(data)
    unit = find_unit(session, issuer_id, body.code)
    if unit is None:
        create_unit(session, issuer_id, body)
        return "created", body.name
    update_unit(session, issuer_id, unit.id, UnitChange.model_validate(body.model_dump(exclude={"code"}, exclude_unset=True)))
    return "updated", body.name


def _person_row(session: Session, issuer_id: int, row: dict[str, Any]) -> tuple[str, str]:
    problems = _Problems()
    data = {
        "full_name": _text(row.get("full_name")), "position": _text(row.get("position")),
        "email": _text(row.get("email")), "id_number": _cccd(row.get("id_number")),
        "birth_date": problems.read(_date, row.get("birth_date"), PEOPLE_COLUMNS["birth_date"]),
        "sex": problems.read(_listed, row.get("sex"), _SEXES, PEOPLE_COLUMNS["sex"]),
        "category": problems.read(_listed, row.get("category"), _CATEGORIES, PEOPLE_COLUMNS["category"]),
    }
    data["unit_id"] = _unit_id(session, issuer_id, row.get("unit"), problems)
    data = problems.check(data, {"full_name": PEOPLE_COLUMNS["full_name"]})
    body = PersonCreate.model_validate(data)
    person = None
    if body.id_number:
        person = session.exec(
            select(Person).where(Person.issuer_id == issuer_id, Person.id_number == clean(body.id_number))
        ).first()
    if person is None and body.birth_date is not None:
        same = session.exec(select(Person).where(
            Person.issuer_id == issuer_id, Person.name_key == fold(body.full_name), Person.birth_date == body.birth_date
        )).all()
        if len(same) > 1:
            raise _RowError(f"có {len(same)} cán bộ cùng họ tên và ngày sinh; hãy ghi số CCCD để phân biệt")
        person = same[0] if same else None
    if person is None:
        create_person(session, issuer_id, body)
        return "created", body.full_name
    apply_person(session, issuer_id, person, PersonChange.model_validate(body.model_dump(exclude_unset=True)))
    return "updated", body.full_name


def import_directory(
    session: Session, issuer_id: int, file_bytes: bytes, filename: str, limits: ImportLimits
) -> DirectoryImportReport:
    """Read, check and apply every row; commit only when none is refused (rolled back otherwise).

    RecordRefused IMPORT_FILE_INVALID for a file that cannot be read or is beyond `limits`."""
    table = read_table(file_bytes, filename, limits)
    if len(table) < 2:
        raise RecordRefused("IMPORT_FILE_INVALID", filename=filename, problems="tệp không có dòng dữ liệu nào")
    (_, header), *rows = table
    kind, columns = _header(header, filename)
    reports = []
    for number, cells in rows:
        row = {code: remove_invisible(c)[0] if isinstance(c, str) else c
               for code, c in zip(columns, cells) if code is not None}
        name = _text(row.get("name" if kind == "units" else "full_name"))
        try:
            status, name = (_unit_row if kind == "units" else _person_row)(session, issuer_id, row)
            message = "Đã thêm mới." if status == "created" else "Đã cập nhật (khớp " + (
                "mã đơn vị)." if kind == "units" else "số CCCD hoặc họ tên và ngày sinh).")
        except _RowError as error:
            status, message = "refused", f"Không nhận: {error}."
        except ValidationError as error:
            status, message = "refused", f"Không nhận: {_problems(error)}."
        except DirectoryRefused as refused:
            status, message = "refused", f"Không nhận: {_refusal(refused)}"
        reports.append(RowReport(row_number=number, status=status, name=name, message=message))
    counts = {status: sum(1 for r in reports if r.status == status) for status in ("created", "updated", "refused")}
    written = counts["refused"] == 0
    if written:
        session.commit()
    else:
        session.rollback()
        reports = [r if r.status == "refused" else r.model_copy(update={
            "message": "Dòng này đúng, nhưng chưa ghi vì tệp có dòng sai."}) for r in reports]
    return DirectoryImportReport(filename=filename, kind=kind, written=written, rows=reports, **counts)
