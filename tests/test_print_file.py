"""Certificates built fast from one laid-out prototype per layout are the documents documents/certificate.py lays
out one by one; the print file holds every certificate of the decision, a page each, in the decision's order;
a decision's list of 1,000 awardees copies its first row's layout and is the document python-docx lays out."""

import io
import shutil
import zipfile
from datetime import date

import docx
import pdfplumber
import pytest

import documents.layout
from documents.certificate import Face, document_of
from documents.decision import decision_document
from documents.inputs import Verification
from documents.pdf import to_pdf
from documents.print_file import certificate_files, print_file
from tests.test_documents import campaign_state, decision_text, plan
from tests.test_pdf_fonts import LIBERATION_SERIF, pdf_fonts

# Every layout: a collective that is its unit (no position line), a person with and without a position,
# texts XML must escape, and one face without a QR code.
ROWS = [
    ("Phòng Kinh tế", "collective", None, "Phòng Kinh tế", 7),
    ("Nguyễn Thị <Thu> & Hà", "individual", "Chuyên viên", "Phòng Văn hóa - Xã hội", 6),
    ("Trần Văn Bình", "individual", None, "Trung tâm Văn hóa, Thể thao và Truyền thông", 6),
    ("Lê Thị Ánh", "individual", "Kế toán", "Văn phòng HĐND và UBND xã", 5),
]


def faces_and_decision():
    decision = campaign_state(plan("ke-sat-2025"), ROWS, "07/QĐ-UBND", date(2026, 2, 5)).decision
    faces = [
        Face.of(awardee, 41 + index, Verification.of(f"7K2M-QX4P-9D3{index}", "https://kesat.gov.vn") if index < 3 else None)
        for index, awardee in enumerate(decision.awardees)
    ]
    return decision, faces


def parts(data: bytes) -> dict[str, bytes]:
    package = zipfile.ZipFile(io.BytesIO(data))
    return {name: package.read(name) for name in package.namelist()}


def test_each_certificate_is_the_one_laid_out_alone():
    decision, faces = faces_and_decision()
    built = certificate_files(plan("ke-sat-2025"), decision, decision_text(), faces)
    for face, data in zip(faces, built, strict=True):
        assert parts(data) == parts(document_of(plan("ke-sat-2025"), decision, decision_text(), [face])), face.name


def test_the_print_file_holds_every_certificate_in_the_decisions_order():
    decision, faces = faces_and_decision()
    data = print_file(plan("ke-sat-2025"), decision, decision_text(), faces)
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    names = [face.name for face in faces]
    assert [text for text in texts if text in names] == names
    starts = [p for p in document.paragraphs if p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"]
    assert len(starts) == len(faces)
    assert [bool(p.paragraph_format.page_break_before) for p in starts] == [False, True, True, True]
    assert len(document.inline_shapes) == 3  # the QR codes of the three verified faces, each its own picture
    pictures = [name for name in parts(data) if name.startswith("word/media/giay-khen-")]
    assert len(set(parts(data)[name] for name in pictures)) == 3


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdffonts") is None, reason="LibreOffice or poppler-utils is not installed")
def test_the_print_file_prints_a_page_per_certificate():
    decision, faces = faces_and_decision()
    printed = to_pdf(print_file(plan("ke-sat-2025"), decision, decision_text(), faces))
    assert pdf_fonts(printed) <= LIBERATION_SERIF  # Times New Roman's twin with the Vietnamese letters, no other face
    with pdfplumber.open(io.BytesIO(printed)) as pdf:
        pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) == len(faces)
    for page, face in zip(pages, faces, strict=True):
        assert face.name in page and f"Số sổ vàng: {face.register}" in page
        assert (face.verification is None) or face.verification.code in page


def test_a_long_list_copies_its_first_rows_layout_into_the_same_document(monkeypatch):
    rows = [(f"Nguyễn Văn A{i:04d}", "individual", "Chuyên viên" if i % 2 else None, "Phòng Kinh tế", 6) for i in range(300)]
    rows[7] = ("  Nguyễn Văn Khoảng Trắng ", "individual", "Chuyên viên", "Phòng Kinh tế", 6)
    decision = campaign_state(plan("ke-sat-2025"), rows, "07/QĐ-UBND", date(2026, 2, 5)).decision
    copied = decision_document(plan("ke-sat-2025"), decision, decision_text())
    monkeypatch.setattr(documents.layout, "_one_line", lambda row: False)
    assert copied == decision_document(plan("ke-sat-2025"), decision, decision_text())
