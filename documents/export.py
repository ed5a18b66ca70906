"""Spreadsheets (.xlsx) of a campaign's nominees and awardees, for the office's own records and reports."""

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from documents.text import position_unit
from schemas.settings_base import SubjectGroup
from schemas.council import Decision
from schemas.dossier import DossierState
from schemas.dossier_actions import NOMINEE_STATUS_NAMES, STAGE_NAMES

GROUP_NAMES = {"collective": "Tập thể", "individual": "Cá nhân"}
NOMINEE_HEADERS = [
    "STT",
    "Đợt thi đua",
    "Đơn vị",
    "Tập thể/Cá nhân",
    "Tên tập thể, họ và tên",
    "Chức vụ",
    "Giai đoạn hồ sơ",
    "Kết quả",
]
AWARDEE_HEADERS = [
    "STT",
    "Đợt thi đua",
    "Số quyết định",
    "Ngày ký",
    "Tập thể/Cá nhân",
    "Tên tập thể, họ và tên",
    "Chức vụ, đơn vị",
    "Hình thức khen thưởng",
    "Số tiền thưởng (đồng)",
]
MONEY_FORMAT = "#,##0"
DATE_FORMAT = "DD/MM/YYYY"
# What makes a spreadsheet read a text as a formula (OWASP, CSV injection): such a text is written as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class NomineeRow(BaseModel):
    """One nominee of one dossier, with where its dossier stands and what became of the nominee."""

    campaign: str
    unit: str
    group: SubjectGroup
    name: str
    position: str | None = None
    stage: str  # "Đang thẩm định"
    outcome: str  # "Đạt thẩm định"


class AwardeeRow(BaseModel):
    """One awardee of a decision, with the award and the bonus."""

    campaign: str
    decision_number: str | None = None
    signed_on: date | None = None
    group: SubjectGroup
    name: str
    position_unit: str
    award_form: str
    bonus_vnd: int


def nominee_rows(campaign: str, dossier: DossierState) -> list[NomineeRow]:
    """A dossier's nominees as rows, stage and outcome in the words the service shows."""
    return [
        NomineeRow(
            campaign=campaign,
            unit=dossier.unit_name,
            group=n.group,
            name=n.name,
            position=n.position,
            stage=STAGE_NAMES[dossier.stage],
            outcome=NOMINEE_STATUS_NAMES[n.status],
        )
        for n in dossier.nominees
    ]


def awardee_rows(campaign: str, decision: Decision) -> list[AwardeeRow]:
    """A decision's awardees as rows."""
    return [
        AwardeeRow(
            campaign=campaign,
            decision_number=decision.number,
            signed_on=decision.signed_on,
            group=a.candidate.group,
            name=a.candidate.name,
            position_unit=position_unit(a.candidate.name, a.candidate.position, a.candidate.unit_name),
            award_form=a.award_form,
            bonus_vnd=a.bonus_vnd,
        )
        for a in decision.awardees
    ]


def _append(sheet: Worksheet, values: list) -> None:
    """A row whose texts stay texts: a name such as `=HYPERLINK("http://…")` is a string cell with Excel's
    quote prefix, never a formula; characters a sheet cannot hold (control characters) are left out.

    Such a cell is made here and appended as it is: reading the row back (`sheet[sheet.max_row]`) scans every
    cell of the sheet, which made a list of 3,000 rows take 10 s."""
    sheet.append([_text_cell(sheet, v) if isinstance(v, str) else v for v in values])


def _text_cell(sheet: Worksheet, value: str) -> str | Cell:
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value.startswith(FORMULA_STARTS):
        return value
    cell = Cell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def _sheet(sheet: Worksheet, title: str, headers: list[str], rows: list[list]) -> None:
    """A sheet with a bold, frozen header row and columns wide enough for their contents."""
    sheet.title = title
    _append(sheet, headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in rows:
        _append(sheet, row)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(len(str(cell.value)) for cell in column if cell.value is not None)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 6), 60)


def workbook(nominees: list[NomineeRow], awardees: list[AwardeeRow]) -> bytes:
    """The .xlsx: a sheet of nominees and a sheet of awardees with a total; amounts are numbers shown "#,##0"."""
    book = Workbook()
    _sheet(
        book.active,
        "Đề nghị khen thưởng",
        NOMINEE_HEADERS,
        [
            [i, r.campaign, r.unit, GROUP_NAMES[r.group], r.name, r.position, r.stage, r.outcome]
            for i, r in enumerate(nominees, start=1)
        ],
    )
    rows = [
        [
            i,
            r.campaign,
            r.decision_number,
            r.signed_on,
            GROUP_NAMES[r.group],
            r.name,
            r.position_unit,
            r.award_form,
            r.bonus_vnd,
        ]
        for i, r in enumerate(awardees, start=1)
    ]
    rows.append([None, "Tổng cộng", None, None, None, None, None, None, sum(r.bonus_vnd for r in awardees)])
    sheet = book.create_sheet()
    _sheet(sheet, "Khen thưởng", AWARDEE_HEADERS, rows)
    for row in sheet.iter_rows(min_row=2):
        row[3].number_format = DATE_FORMAT
        row[8].number_format = MONEY_FORMAT
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
