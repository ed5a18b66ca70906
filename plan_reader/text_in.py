"""A plan file's text, page by page: a .docx (python-docx), a PDF with a text layer (pdfplumber), a scanned
PDF or an image (Tesseract's Vietnamese model, tesseract-ocr-vie, through pytesseract), or pasted text. Sizes
and kinds are bounded; a file that is none of these is refused with a Vietnamese message and a code."""

import io

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 60
OCR_DPI = 300


class PlanFileRefused(ValueError):
    def __init__(self, code: str, message: str) -> None:
        self.code = code
        super().__init__(message)


def kind_of(content: bytes) -> str:
    """The file's kind from its first bytes, not its name."""
    if content.startswith(b"%PDF"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        return "docx"
    if content.startswith((b"\x89PNG", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")):
        return "image"
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "unknown"
    return "text"


def docx_pages(content: bytes) -> list[str]:
    from docx import Document

    try:
        document = Document(io.BytesIO(content))
    except Exception:  # noqa: BLE001 — a zip that is not a Word file
        raise PlanFileRefused("PLAN_FILE_UNREADABLE", "Tệp .docx không mở được: hãy lưu lại bằng Word rồi tải lên lại.") from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:  # the letterhead is often a table of two columns
        for row in table.rows:
            lines[:0] = ["  ".join(cell.text for cell in row.cells)]
    return ["\n".join(lines)]


def ocr_image(image) -> str:
    import pytesseract

    return pytesseract.image_to_string(image, lang="vie")


def pdf_pages(content: bytes) -> list[str]:
    """Each page's text layer; a page without one (a scan) is OCR'd from its image."""
    import pdfplumber

    try:
        pdf = pdfplumber.open(io.BytesIO(content))
    except Exception:  # noqa: BLE001
        raise PlanFileRefused("PLAN_FILE_UNREADABLE", "Tệp PDF không mở được.") from None
    with pdf:
        if len(pdf.pages) > MAX_PAGES:
            raise PlanFileRefused("PLAN_FILE_TOO_LONG", f"Kế hoạch dài quá {MAX_PAGES} trang.")
        pages = []
        for page in pdf.pages:
            text = page.extract_text() or ""
            if len(text.strip()) < 20:
                text = ocr_image(page.to_image(resolution=OCR_DPI).original)
            pages.append(text)
    return pages


def image_pages(content: bytes) -> list[str]:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(content))
        image.load()
    except Exception:  # noqa: BLE001
        raise PlanFileRefused("PLAN_FILE_UNREADABLE", "Ảnh không mở được.") from None
    return [ocr_image(image)]


def pages_of(content: bytes) -> list[str]:
    """The text of a plan file's pages, or PlanFileRefused."""
    if len(content) > MAX_BYTES:
        raise PlanFileRefused("PLAN_FILE_TOO_LARGE", f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB.")
    kind = kind_of(content)
    if kind == "unknown":
        raise PlanFileRefused("PLAN_FILE_TYPE", "Chỉ nhận tệp .docx, .pdf, ảnh chụp (.png, .jpg, .tif) hoặc văn bản.")
    if kind == "text":
        return content.decode("utf-8").split("\f")
    return {"docx": docx_pages, "pdf": pdf_pages, "image": image_pages}[kind](content)
