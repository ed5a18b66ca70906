"""What a file is, told from its content (its first bytes; for .docx and .xlsx, the parts its zip holds),
never from its name or the media type a browser sent with it."""

import zipfile
from dataclasses import dataclass
from typing import BinaryIO, Literal

FileTypeCode = Literal["pdf", "docx", "xlsx", "jpeg", "png"]


@dataclass(frozen=True)
class FileType:
    code: FileTypeCode  # as a campaign's settings name it
    name: str  # as people call it
    media_type: str
    extensions: tuple[str, ...]  # the first is the one given to a name without one of them


FILE_TYPES: dict[str, FileType] = {
    t.code: t
    for t in (
        FileType("pdf", "PDF", "application/pdf", (".pdf",)),
        FileType("docx", "Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",)),
        FileType("xlsx", "Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
        FileType("jpeg", "ảnh JPEG", "image/jpeg", (".jpg", ".jpeg")),
        FileType("png", "ảnh PNG", "image/png", (".png",)),
    )
}
ALL_TYPES: list[FileTypeCode] = list(FILE_TYPES)  # type: ignore[arg-type]

_MAGIC = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpeg", b"\x89PNG\r\n\x1a\n": "png"}
_ZIP = b"PK\x03\x04"
_END_OF_ZIP = b"PK\x05\x06"  # the end of central directory record: its entry count, without reading the rest
_MAX_ZIP_ENTRIES = 5000  # a Word or Excel file has dozens; more is not one (and no list of them is made)
_OFFICE_PARTS = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx"}


def file_type(file: BinaryIO) -> FileType | None:
    """The type of the file's content, or None when it is none of FILE_TYPES (a zip, an .exe, text…)."""
    try:
        file.seek(0)
        head = file.read(8)
        for magic, code in _MAGIC.items():
            if head.startswith(magic):
                return FILE_TYPES[code]
        if head.startswith(_ZIP) and _zip_entries(file) <= _MAX_ZIP_ENTRIES:
            return _office_type(file)
        return None
    finally:
        file.seek(0)


def _zip_entries(file: BinaryIO) -> int:
    """The entries a zip says it holds, from its last record (after at most a 64 KB comment)."""
    size = file.seek(0, 2)
    tail_size = min(size, 22 + 0xFFFF)
    file.seek(size - tail_size)
    tail = file.read(tail_size)
    at = tail.rfind(_END_OF_ZIP)
    return int.from_bytes(tail[at + 10 : at + 12], "little") if at >= 0 else _MAX_ZIP_ENTRIES + 1


def _office_type(file: BinaryIO) -> FileType | None:
    file.seek(0)
    try:
        names = set(zipfile.ZipFile(file).namelist())
    except (zipfile.BadZipFile, ValueError, EOFError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    found = [code for part, code in _OFFICE_PARTS.items() if part in names]
    return FILE_TYPES[found[0]] if len(found) == 1 else None


def named_as(filename: str, kind: FileType) -> str:
    """The file's name with an extension of its type: "bao-cao.zip" of a PDF becomes "bao-cao.zip.pdf"."""
    return filename if filename.lower().endswith(kind.extensions) else filename + kind.extensions[0]
