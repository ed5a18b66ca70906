"""The plan reader's files in: a .docx, the PDF LibreOffice renders of it (a text layer), and that page rendered
to an image by pdftoppm and read back by Tesseract's Vietnamese model, as a scanned plan is; a file of another
kind refused."""

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

from plan_reader import draft_pages
from plan_reader.text_in import PlanFileRefused, pages_of
from schemas.campaign_file import repository_issuers

ISSUERS = {r["code"]: r for r in repository_issuers()}
PLAN = [
    "ỦY BAN NHÂN DÂN", "XÃ KẺ SẶT", "Số: 101/KH-UBND          Kẻ Sặt, ngày 21 tháng 11 năm 2025", "KẾ HOẠCH",
    "Triển khai công tác thi đua, khen thưởng 6 tháng cuối năm 2025", "I. HÌNH THỨC KHEN THƯỞNG",
    "1. Giấy khen của Chủ tịch UBND xã.", "2. Thời gian",
    "Hồ sơ đề nghị khen thưởng gửi về UBND xã (qua Phòng Văn hóa - Xã hội) trước ngày 05/12/2025.",
]


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("plan")
    document = Document()
    for line in PLAN:
        document.add_paragraph(line)
    docx = folder / "ke-hoach.docx"
    document.save(docx)
    profile = folder / "profile"
    subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(docx)], check=True, capture_output=True, timeout=180)
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(folder / "ke-hoach.pdf"), str(folder / "scan")],
                   check=True, capture_output=True, timeout=120)
    return {"docx": docx.read_bytes(), "pdf": (folder / "ke-hoach.pdf").read_bytes(), "png": (folder / "scan.png").read_bytes()}


@pytest.mark.parametrize("kind", ["docx", "pdf", "png"])
def test_each_kind_of_file_drafts_the_plan(files, kind):
    draft = draft_pages(pages_of(files[kind]), ISSUERS)
    assert draft.first("issuer")["code"] == "ke-sat"
    assert draft.first("plan.number") == "101/KH-UBND"
    assert draft.first("plan.date") == "2025-11-21"
    assert draft.first("receiving_office") == "Phòng Văn hóa - Xã hội"
    assert draft.first("deadlines.submit_before") == "2025-12-05"
    assert draft.first("award_forms")["name"] == "Giấy khen của Chủ tịch UBND xã"
    assert draft.unsourced() == []


def test_another_kind_of_file_is_refused():
    with pytest.raises(PlanFileRefused) as refused:
        pages_of(b"\x00\x01\x02 not a plan \xff")
    assert refused.value.code == "PLAN_FILE_TYPE" and "Chỉ nhận tệp" in str(refused.value)
