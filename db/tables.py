"""Reading a table a person made: a CSV file or the first sheet of an .xlsx workbook, within bounds, and its cells.

The registry's import (db/record_import.py) and the directory's (db/directory_import.py) read their files here:
`read_table` gives the rows that hold something, with their numbers, the header first, and refuses a file
that cannot be read or goes past its `ImportLimits` (rows, columns, what an .xlsx unpacks to; an .xlsx part
declaring a DTD or a row of more cells than Excel has). The `cell_*` helpers read one cell as text, a date
(dd/mm/yyyy), a number ("91,5", "91,5%"), an ID-card number (its leading zero restored) or one of listed
values; a cell they cannot read raises RowError, which refuses its row, naming the column's title.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any
from xml.parsers import expat

from common.text import fold, nfc, size_text


class Refused(ValueError):
    """A request refused: a code and its details, as in schemas/errors.py (a file: IMPORT_FILE_INVALID)."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


def cell_key(text: str) -> str:
    """A header or a value as compared: no diacritics, lower case, runs of other characters as one space."""
    return " ".join(re.sub(r"[^a-z0-9%]+", " ", fold(str(text))).split())



def choices(pairs: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each code under its own key and its aliases' keys (cell_key), for cell_pick."""
    return {cell_key(alias): code for code, aliases in pairs.items() for alias in (code, *aliases)}



class RowError(ValueError):
    """A cell, or a row, that cannot be taken: the message says why, in Vietnamese."""


def cell_text(cell: Any) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = nfc(str(cell))
    return text or None


def cell_pick(cell: Any, choices: dict[str, str], title: str, why: str = "không hợp lệ") -> str | None:
    """The code of the cell's value among `choices` (keyed by cell_key), None for an empty cell; else the row is
    refused, naming the column's `title`."""
    text = cell_text(cell)
    if text is None:
        return None
    code = choices.get(cell_key(text))
    if code is None:
        raise RowError(f"{title} «{text}» {why}")
    return code


def cell_date(cell: Any, title: str) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = cell_text(cell)
    if text is None:
        return None
    found = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
    try:
        if found:
            return date(int(found[3]), int(found[2]), int(found[1]))
        found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
        if found:
            return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        pass
    raise RowError(f"{title} «{text}» không phải ngày hợp lệ (dd/mm/yyyy)")


def cell_number(cell: Any, title: str) -> float | None:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return float(cell)
    text = cell_text(cell)
    if text is None:
        return None
    cleaned = text.rstrip("%").strip().replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise RowError(f"{title} «{text}» không phải số") from None


def cell_id_number(cell: Any) -> str | None:
    """An ID-card number; a number cell lost its leading zero: 12 digits (CCCD) or 9 (CMND) are restored."""
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        digits = str(int(cell))
        if 9 < len(digits) < 12:
            return digits.zfill(12)
        if len(digits) < 9:
            return digits.zfill(9)
        return digits
    return cell_text(cell)



@dataclass(frozen=True)
class ImportLimits:
    """How much of a file the import reads (settings import_max_*): past any of it, the file is refused whole."""

    rows: int  # records under the header
    columns: int
    unpacked_bytes: int  # what an .xlsx may unpack to


MOST_CELLS_IN_A_ROW = 16_384  # Excel's columns: a row of more cells is no spreadsheet's


def file_refused(filename: str, problems: str) -> Refused:
    return Refused("IMPORT_FILE_INVALID", filename=filename, problems=problems)


def _has_data(cells: Sequence[Any]) -> bool:
    return any(cell is not None and (not isinstance(cell, str) or cell.strip()) for cell in cells)


def _bounded(rows: Iterable[Sequence[Any]], filename: str, limits: ImportLimits) -> list[tuple[int, list[Any]]]:
    """The rows that hold something, with their numbers (the first row is 1), cut to the columns read."""
    kept: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(rows, start=1):
        if _has_data(cells[limits.columns:]):
            raise file_refused(filename, f"dòng {number} có dữ liệu quá cột thứ {limits.columns}, số cột nhiều nhất được nhận")
        if not _has_data(cells):
            continue
        if len(kept) > limits.rows:  # the header and `limits.rows` records already
            most = f"{limits.rows:,}".replace(",", ".")
            raise file_refused(filename, f"tệp có hơn {most} dòng dữ liệu; hãy chia thành nhiều tệp")
        kept.append((number, list(cells[: limits.columns])))
    return kept


def _check_xml(head: bytes, stream: IO[bytes]) -> None:
    """ValueError for a part of an .xlsx (its first bytes, then the rest) that declares a DTD (where XML
    entities multiply) or has a row of more cells than Excel has (openpyxl holds a row whole);
    expat.ExpatError for one that is not well-formed XML."""
    parser = expat.ParserCreate()
    cells = 0

    def doctype(*_) -> None:
        raise ValueError("tệp Excel có khai báo DOCTYPE, điều tệp Excel thật không có")

    def element(name: str, _attributes) -> None:
        nonlocal cells
        local = name.rpartition(":")[2]
        if local == "row":
            cells = 0
        elif local == "c":
            cells += 1
            if cells > MOST_CELLS_IN_A_ROW:
                raise ValueError(f"một dòng của tệp Excel có hơn {MOST_CELLS_IN_A_ROW} ô")

    parser.StartDoctypeDeclHandler = doctype
    parser.StartElementHandler = element
    parser.Parse(head, False)
    parser.ParseFile(stream)


def _xlsx_rows(file_bytes: bytes, filename: str, limits: ImportLimits) -> list[tuple[int, list[Any]]]:
    """The first sheet's rows, in openpyxl's read-only mode, after its parts are checked (_check_xml)."""
    from openpyxl import load_workbook

    unreadable = "không đọc được tệp Excel"
    try:
        archive = zipfile.ZipFile(io.BytesIO(file_bytes))
        parts = archive.infolist()
        # A part's declared size bounds what is read from it: zipfile reads no further.
        if sum(part.file_size for part in parts) > limits.unpacked_bytes:
            raise ValueError(f"tệp Excel giải nén ra hơn {size_text(limits.unpacked_bytes)}")
        for part in parts:  # every XML part, whatever its name: openpyxl reads those the workbook names
            with archive.open(part) as stream:
                head = stream.read(64)
                if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
                    _check_xml(head, stream)
    except ValueError as error:
        raise file_refused(filename, str(error)) from None
    except (zipfile.BadZipFile, expat.ExpatError, OSError, RuntimeError) as error:
        raise file_refused(filename, f"{unreadable} ({error})") from None
    try:
        workbook = load_workbook(io.BytesIO(file_bytes), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file it cannot read
        raise file_refused(filename, f"{unreadable} ({error})") from None
    try:
        sheet = workbook.worksheets[0]
        # The size the sheet declares is not trusted (A1:XFD1048576 in a file of 1.5 KB): rows are read as they come.
        sheet.reset_dimensions()
        return _bounded(sheet.iter_rows(min_row=1, min_col=1, values_only=True), filename, limits)
    except Refused:
        raise
    except Exception as error:
        raise file_refused(filename, f"{unreadable} ({error})") from None
    finally:
        workbook.close()


def _csv_rows(file_bytes: bytes, filename: str, limits: ImportLimits) -> list[tuple[int, list[Any]]]:
    try:
        text = file_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise file_refused(filename, "tệp CSV phải mã hóa UTF-8") from None
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        return _bounded(reader, filename, limits)
    except csv.Error as error:  # a cell longer than the csv module reads (128 KB), an unclosed quote
        raise file_refused(filename, f"tệp CSV không đọc được ở dòng {reader.line_num} ({error})") from None


def read_table(file_bytes: bytes, filename: str, limits: ImportLimits) -> list[tuple[int, list[Any]]]:
    """The rows of the file that hold something, with their numbers, the header first."""
    if file_bytes[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        return _xlsx_rows(file_bytes, filename, limits)
    if filename.lower().endswith(".xls") or file_bytes[:4] == b"\xd0\xcf\x11\xe0":
        raise file_refused(filename, "tệp Excel cũ (.xls): lưu lại dưới dạng .xlsx hoặc CSV")
    return _csv_rows(file_bytes, filename, limits)
