"""The documents as they print: rendered to PDF by LibreOffice and read again page by page (pdfplumber).

A signature block (title, space, name) and a list's row are never split across pages, and no page holds only
its page number: a page after the text with just "2" and the signer's name is what a clerk cannot file.
"""

import io
import re
import shutil
import unicodedata
from datetime import date

import docx
import pdfplumber
import pytest
from docx.oxml.ns import qn

from documents.decision import decision_document
from documents.pdf import to_pdf
from documents.certificate import certificates
from documents.inputs import Verification
from tests.test_documents import PORTRAIT, campaign_state, decision_text, generated, ke_sat_state, plan

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")

# Long enough that the list runs over several pages, with rows of two and three lines.
# Each row's name and unit end in a mark of their own (A07, B07): a row split across two pages would leave
# the one on one page and the other on the next.
MANY = [
    (f"Nguyễn Thị Phương Thảo A{i:02d}", "individual", "Chuyên viên phụ trách công tác văn hóa, thông tin",
     f"Trung tâm Văn hóa, Thể thao và Truyền thông xã Kẻ Sặt, tổ dân phố B{i:02d}", 6)
    for i in range(1, 61)
]


def words(text: str) -> set[str]:
    return set(unicodedata.normalize("NFC", text).split())


def pdf_pages(data: bytes) -> list[str]:
    """Each page's text, NFC, its lines joined."""
    with pdfplumber.open(io.BytesIO(to_pdf(data))) as pdf:
        return [unicodedata.normalize("NFC", page.extract_text() or "") for page in pdf.pages]


def unsplittable_rows(data: bytes) -> list[tuple[set[str], set[str]]]:
    """The words of the first and of the last paragraph of each table row the document marks as never split.

    (Words, not lines: the cells of a row come out of the PDF interleaved, line by line.)
    """
    rows = []
    for table in docx.Document(io.BytesIO(data)).tables:
        for row in table.rows:
            properties = row._tr.trPr
            if properties is None or properties.find(qn("w:cantSplit")) is None:
                continue
            lines = [p.text for cell in row.cells for p in cell.paragraphs if p.text.strip()]
            if lines:
                rows.append((words(lines[0]), words(lines[-1])))
    return rows


def documents() -> dict[str, bytes]:
    long_decision = decision_document(
        plan("ke-sat-2025"), campaign_state(plan("ke-sat-2025"), MANY, "07/QĐ-UBND", date(2026, 2, 5)).decision,
        decision_text(),
    )
    return {name: generated(name) for name in [*PORTRAIT, "decision-draft"]} | {"decision-60-awardees": long_decision}


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[bytes, list[str]]]:
    return {name: (data, pdf_pages(data)) for name, data in documents().items()}


NAMES = [*PORTRAIT, "decision-draft", "decision-60-awardees"]


@pytest.mark.parametrize("name", NAMES)
def test_no_page_holds_only_its_page_number(rendered, name):
    _, pages = rendered[name]
    for number, text in enumerate(pages, start=1):
        body = re.sub(r"\s+", "", text).removeprefix(str(number) if number > 1 else "")
        assert len(body) > 40, f"{name}: page {number} holds only {text!r}"


@pytest.mark.parametrize("name", NAMES)
def test_signature_blocks_and_list_rows_stay_on_one_page(rendered, name):
    data, pages = rendered[name]
    rows = unsplittable_rows(data)
    assert rows, f"{name}: no row is kept whole"
    on_page = [words(page) for page in pages]
    for first, last in rows:
        assert any(first | last <= page for page in on_page), f"{name}: «{' '.join(first)}» … «{' '.join(last)}» split"


def test_the_long_list_runs_over_pages_with_its_header_repeated(rendered):
    _, pages = rendered["decision-60-awardees"]
    assert len(pages) >= 4
    listed = next(number for number, page in enumerate(pages) if "DANH SÁCH" in page)  # after the decision's text
    assert all("STT" in page for page in pages[listed:]), "the list's header on each page it runs onto"


def test_no_awardee_row_of_the_long_list_is_split(rendered):
    _, pages = rendered["decision-60-awardees"]
    on_page = [words(page) for page in pages]
    for i in range(1, len(MANY) + 1):
        name_mark, unit_mark = f"A{i:02d}", f"B{i:02d}"
        assert any({name_mark, unit_mark} <= page for page in on_page), f"row {i} split across pages"


def test_a_certificate_with_its_verification_code_is_one_page():
    decision = ke_sat_state().decision
    single = decision.model_copy(update={"awardees": [decision.awardees[-1]]})
    code = Verification.of("7K2M-QX4P-9D3R", "https://thiduakhenthuong.kesat.gov.vn")
    [page] = pdf_pages(certificates(plan("ke-sat-2025"), single, decision_text(), code))
    assert "Mã xác minh: 7K2M-QX4P-9D3R" in page and "Phạm Thị Thu Hiền" in page
