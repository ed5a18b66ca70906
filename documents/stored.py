"""Where the documents are kept: the file store holds their bytes, table generateddocument a row for each.

The same bytes of the same document keep their row; a document built from inputs (db/document_store.py) is built
the first time only and served from the store after. `StoredDocuments` is the part of `Documents`
(documents/assemble.py) that stores; the builders are there.
"""

import hashlib
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from sqlmodel import Session, col, select

from common.filestore import FileStore
from db import document_store, models
from db.documents import GeneratedDocument
from documents.pdf import to_pdf

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# Kinds of generated documents; the unit's three are the kinds the campaigns require in a dossier.
PROPOSAL = "to_trinh"
MINUTES = "bien_ban_hop"
REPORT = "bao_cao_thanh_tich"
APPRAISAL = "to_trinh_tham_dinh"
DECISION = "quyet_dinh"
CERTIFICATE = "giay_khen"
PRINT_FILE = "giay_khen_in"  # every certificate of the decision in one .docx, to print
ZIPPED = "tep_nen"  # several documents in one .zip
PDF_COPY = "ban_pdf"  # a document's PDF, made by LibreOffice (documents/pdf.py)
ZIP = "application/zip"
PDF = "application/pdf"
HIGHER = "to_trinh_cap_tren"


class DocumentError(Exception):
    """The document cannot be made yet; `code` is one of schemas.errors.ERRORS."""

    def __init__(self, code: str, **details: Any) -> None:
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass
class Export:
    filename: str
    content: bytes


def ascii_name(text: str) -> str:
    """The text without diacritics, for the plain filename older clients read: "Tờ trình" → "To trinh"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c) and c.isascii() and c not in '"\\')


def number_part(number: str | None) -> str:
    """A document number as a filename can hold it: "03/TTr-KT" → "03-TTr-KT"."""
    return f" {number.replace('/', '-')}" if number else ""


class StoredDocuments:
    """Stores and records the documents of one database session; `today` dates new ones."""

    def __init__(self, session: Session, files: FileStore, today: date, verify_base_url: str = "") -> None:
        self.session = session
        self.files = files
        self.today = today
        self.verify_base_url = verify_base_url  # the site's public address: the certificates' QR codes open it

    def _first_issued_on(
        self, kind: str, campaign_code: str, dossier_id: str | None = None, subject_key: str | None = None,
        new: date | None = None,
    ) -> date:
        """The date the document bore when it was first made; `new` (by default today) for a new one."""
        first = self.session.exec(
            select(GeneratedDocument.issued_on)
            .where(
                GeneratedDocument.kind == kind,
                GeneratedDocument.campaign_code == campaign_code,
                GeneratedDocument.dossier_id == dossier_id,
                GeneratedDocument.subject_key == subject_key,
            )
            .order_by(col(GeneratedDocument.id))
        ).first()
        return first or new or self.today

    def _store(
        self,
        content: bytes,
        kind: str,
        campaign_code: str,
        filename: str,
        dossier_id: str | None = None,
        subject_key: str | None = None,
        signed: bool = False,
        content_type: str = DOCX,
        **fields: Any,
    ) -> GeneratedDocument:
        """The bytes in the file store and their row; the same bytes of the same document keep their row."""
        sha256 = self.files.put(content)
        same = self.session.exec(
            select(GeneratedDocument).where(
                GeneratedDocument.kind == kind,
                GeneratedDocument.campaign_code == campaign_code,
                GeneratedDocument.dossier_id == dossier_id,
                GeneratedDocument.subject_key == subject_key,
                GeneratedDocument.signed == signed,
                GeneratedDocument.sha256 == sha256,
            )
        ).first()
        if same is not None:
            return same
        row = GeneratedDocument(
            kind=kind,
            campaign_code=campaign_code,
            dossier_id=dossier_id,
            subject_key=subject_key,
            signed=signed,
            sha256=sha256,
            size=len(content),
            filename=filename,
            content_type=content_type,
            created_at=models.utcnow(),
            **fields,
        )
        self.session.add(row)
        self.session.commit()
        self.session.refresh(row)
        return row

    def _built(
        self, key: str, build: Callable[[], bytes], kind: str, campaign_code: str, filename: str, **fields: Any
    ) -> GeneratedDocument:
        """The row built from the inputs `key` names (db/document_store.py): built and stored the first time only."""
        found = document_store.built(self.session, [key]).get(key)
        if found is not None:
            return found
        row = self._store(build(), kind, campaign_code, filename, **fields)
        document_store.remember(self.session, {key: row})
        return row

    def zipped(self, code: str, rows: list[GeneratedDocument], names: list[str], filename: str) -> GeneratedDocument:
        """The files of `rows` in one .zip, under `names`: made once per set of files, then served from the store."""
        key = document_store.inputs_key(ZIPPED, [(row.sha256, name) for row, name in zip(rows, names)], filename)

        def build() -> bytes:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for row, name in zip(rows, names):  # stamped 1980-01-01: the same files give the same bytes
                    archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), self.content(row), zipfile.ZIP_DEFLATED)
            return buffer.getvalue()

        return self._built(key, build, ZIPPED, code, filename, content_type=ZIP)

    def pdf_copy(self, row: GeneratedDocument) -> GeneratedDocument:
        """The PDF of a stored .docx, made by LibreOffice once per file (PdfUnavailable where it cannot be)."""
        filename = row.filename.removesuffix(".docx") + ".pdf"
        key = document_store.inputs_key(PDF_COPY, row.sha256, filename)
        build = lambda: to_pdf(self.content(row))  # noqa: E731
        return self._built(
            key, build, PDF_COPY, row.campaign_code, filename, dossier_id=row.dossier_id, subject_key=row.subject_key,
            content_type=PDF, number=row.number, issued_on=row.issued_on,
        )

    def content(self, row: GeneratedDocument) -> bytes:
        return self.files.get(row.sha256)

    def current_sha256(self, row: GeneratedDocument) -> str | None:
        """The hash of the row's file as the store holds it now, None if it is gone: the row's own hash
        unless someone changed the file."""
        path = self.files.path(row.sha256)
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None
