"""A list of the pages as an .xlsx: a title, the filters it was made with, the header and the rows.

Each cell is written as documents/export.py writes the campaign's lists (its `_sheet`: a text that starts like a
formula is a text cell with Excel's quote prefix, characters a sheet cannot hold are left out, the header bold and
frozen); a date is a date cell shown dd/mm/yyyy, a moment one shown dd/mm/yyyy hh:mm in Vietnam's time.
"""

import io
from datetime import date, datetime

from openpyxl import Workbook

from common.text import VN_TZ
from documents.export import DATE_FORMAT, _sheet

MOMENT_FORMAT = "DD/MM/YYYY HH:MM"
MOST_ROWS = 5000  # rows a list's file holds; past it the file says so in its last row
SHEET_TITLE_CHARACTERS = 31  # Excel's limit on a sheet's name


def _cell(value: object) -> object:
    if isinstance(value, datetime):  # a sheet holds no time zone: the moment as read in Vietnam
        return value.astimezone(VN_TZ).replace(tzinfo=None) if value.tzinfo else value
    return value


def workbook(title: str, headers: list[str], rows: list[list], note: str | None = None, cut: bool = False) -> bytes:
    """The .xlsx of one list: a sheet named `title`, its rows under `headers`, then `note` (the filters) and,
    when the list was `cut` at MOST_ROWS, a last row saying so."""
    book = Workbook()
    body = [[_cell(v) for v in row] for row in rows]
    if cut:
        body.append([f"… danh sách có hơn {MOST_ROWS:,} dòng; tệp chỉ có {MOST_ROWS:,} dòng đầu: hãy lọc bớt để tải đủ."
                     .replace(",", ".")])
    if note:
        body.append([note])
    _sheet(book.active, title[:SHEET_TITLE_CHARACTERS], headers, body)
    sheet = book.active
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, datetime):
                cell.number_format = MOMENT_FORMAT
            elif isinstance(cell.value, date):
                cell.number_format = DATE_FORMAT
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
