"""PDF copies of the .docx documents, through LibreOffice when the server has it."""

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
    program = libreoffice()
    if program is None:
        raise PdfUnavailable()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        source = work / "document.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            raise PdfUnavailable(FAILED) from error
        result = work / "document.pdf"
        if not result.exists():
            raise PdfUnavailable(FAILED)
        return result.read_bytes()
