"""Every document the service drafts prints in Times New Roman's metric twin, Liberation Serif 2, with its
Vietnamese letters: the PDF LibreOffice makes of each one is read with `pdffonts` (poppler-utils), and any
other face (DejaVu Serif taking the letters Liberation Serif 1.07 lacks, a sans-serif) fails the test.
That the .docx sets every run in Times New Roman is tests/test_documents.py's.
"""

import io
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import docx
import pdfplumber
import pytest

from documents.pdf import to_pdfs
from tests.test_documents import ALL, generated
from tests.test_print_layout import documents as long_documents

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdffonts") is None,
    reason="LibreOffice or poppler-utils is not installed",
)

LIBERATION_SERIF = {"LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"}
VIETNAMESE = "ạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđơưĐƠƯỦỆỘ"


def pdf_fonts(pdf: bytes) -> set[str]:
    """The faces a PDF embeds or names, as pdffonts lists them, without a subset's "ABCDEF+" prefix."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(pdf)
        listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in listing.splitlines()[2:] if line.strip()]
    return {name.split("+", 1)[-1] for name in names}


def vietnamese_letters(text: str) -> set[str]:
    return {letter for letter in unicodedata.normalize("NFC", text) if letter in VIETNAMESE}


def every_document() -> dict[str, bytes]:
    return {name: generated(name) for name in ALL} | long_documents()


@pytest.fixture(scope="module")
def rendered() -> dict[str, tuple[bytes, bytes]]:
    sources = every_document()
    return dict(zip(sources, zip(sources.values(), to_pdfs(list(sources.values())))))


NAMES = [*ALL, "decision-60-awardees"]


def test_times_new_roman_maps_to_liberation_serif_2_here():
    """fontconfig gives LibreOffice the 2.x files for Times New Roman, not 1.07 (no Vietnamese letters)."""
    found = subprocess.run(["fc-match", "-f", "%{file}", "Times New Roman"], capture_output=True, text=True).stdout
    assert "/liberation2/LiberationSerif" in found, found


@pytest.mark.parametrize("name", NAMES)
def test_every_face_in_the_pdf_is_liberation_serif(rendered, name):
    _, pdf = rendered[name]
    faces = pdf_fonts(pdf)
    assert faces and faces <= LIBERATION_SERIF, f"{name}: {sorted(faces)}"


@pytest.mark.parametrize("name", NAMES)
def test_the_vietnamese_letters_come_out_of_the_pdf_as_written(rendered, name):
    data, pdf = rendered[name]
    written = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        printed = "\n".join(page.extract_text() or "" for page in document.pages)
    assert vietnamese_letters(written) <= vietnamese_letters(printed), name
    assert vietnamese_letters(printed), name


def test_the_image_installs_libreoffice_and_liberation_serif_2():
    """Production makes its PDFs in the image (Dockerfile): without LibreOffice there they answer 503."""
    text = (Path(__file__).resolve().parent.parent / "Dockerfile").read_text(encoding="utf-8")
    installs = " ".join(line for line in text.replace("\\\n", " ").splitlines() if "apt-get install" in line)
    for package in ("libreoffice-writer-nogui", "fonts-liberation2", "--no-install-recommends"):
        assert package in installs, package
