"""PDF copies of the .docx documents, through LibreOffice when the server has it.

The documents are set in Times New Roman; LibreOffice prints them in Liberation Serif 2 (fonts-liberation2),
metric-compatible with it and holding the Vietnamese letters (the 1.07 of fonts-liberation lacks them, and
LibreOffice then takes those letters from DejaVu Serif).
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

NOT_INSTALLED = "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản .docx."
FAILED = "LibreOffice không chuyển được tài liệu sang PDF; hãy tải bản .docx."


class PdfUnavailable(RuntimeError):
    """No PDF can be made here; the message, in Vietnamese, tells the user to take the .docx."""

    def __init__(self, message: str = NOT_INSTALLED) -> None:
        super().__init__(message)


def libreoffice() -> str | None:
    """The LibreOffice program on this server, if any."""
    return shutil.which("libreoffice") or shutil.which("soffice")


def to_pdf(docx: bytes, timeout: float = 120) -> bytes:
    """The PDF of a .docx, converted headless in a temporary directory with its own LibreOffice profile."""
    [pdf] = to_pdfs([docx], timeout)
    return pdf


def to_pdfs(documents: list[bytes], timeout: float = 120) -> list[bytes]:
    """The PDFs of several .docx, in their order, converted by one start of LibreOffice."""
    program = libreoffice()
    if program is None:
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        sources = [work / f"document-{index}.docx" for index in range(len(documents))]
        for source, docx in zip(sources, documents):
            source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            *map(str, sources),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout * len(documents), check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable(FAILED) from error
        results = [source.with_suffix(".pdf") for source in sources]
        if not all(result.exists() for result in results):
            raise PdfUnavailable(FAILED)
        return [result.read_bytes() for result in results]
