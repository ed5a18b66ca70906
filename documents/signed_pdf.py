"""A decision signed in the province's e-office, uploaded as PDF: its signatures checked with pyHanko, and the
number and date it bears read from its first page.

Each PAdES/PKCS#7 signature is checked for what a clerk must know before filing it: who signed (the
certificate's subject), whether the certificate chains to a root the admin has loaded (the Ban Cơ yếu Chính
phủ's, from the folder `SIGNING_ROOTS_DIR`), when it was signed, and whether the file is intact since: the
bytes it covers unchanged, and nothing but a later signature or a time stamp added after it. Vietnamese
signing software may write the local time labelled UTC: both readings are given.

The number and date the decision is filed with (the clerk's, or else the page's) are compared with what the file
says: the number and date line its first page prints, and the day each signature was made. A difference is a
warning for the decision's page, naming both values; the file is not refused for it.
"""

import io
import logging
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pdfplumber
from asn1crypto import pem, x509
from pyhanko.pdf_utils.misc import PdfReadError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus
from pyhanko_certvalidator import ValidationContext

from common.text import VN_TZ, vn_date

MAX_SIGNATURES = 10
ROOT_SUFFIXES = {".cer", ".crt", ".pem", ".der"}
# pyHanko logs each chain it cannot build with a traceback: the check's result says it, once, in Vietnamese.
logging.getLogger("pyhanko").setLevel(logging.ERROR)
NUMBER = re.compile(r"Số\s*:\s*([0-9]{1,5}\s*/\s*[0-9]{0,4}\s*/?\s*QĐ-[A-ZĐ0-9-]+)")
DATE_LINE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


class SignedPdfRefused(ValueError):
    """The file cannot be taken as the signed decision: a stable code and its Vietnamese reason."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass
class SignatureCheck:
    """One signature of the file, as checked."""

    field_name: str
    signer: str  # the certificate's subject: "Nguyễn Văn A, Chủ tịch, UBND xã Kẻ Sặt"
    issuer: str  # who issued the certificate
    signed_at: datetime | None  # as the signature says, in UTC
    intact: bool  # the bytes it covers are unchanged
    covers_file: bool  # nothing after it but signatures and time stamps
    trusted: bool  # the certificate chains to a loaded root
    problems: list[str] = field(default_factory=list)  # in Vietnamese, for the clerk

    @property
    def signed_at_vn(self) -> datetime | None:
        """The signing time in Vietnam's time, read as UTC."""
        return self.signed_at.astimezone(VN_TZ) if self.signed_at else None

    @property
    def signed_at_if_local(self) -> datetime | None:
        """The same clock reading taken as Vietnam's time, as some signing software writes it."""
        return self.signed_at.replace(tzinfo=VN_TZ) if self.signed_at else None

    @property
    def valid(self) -> bool:
        return self.intact and self.covers_file and self.trusted


@dataclass
class SignedPdf:
    number: str | None  # "12/QĐ-UBND", as the first page prints it
    signed_on: date | None  # the date line's
    signatures: list[SignatureCheck]


def load_roots(folder: Path | None) -> list[x509.Certificate]:
    """The root certificates in the folder (PEM or DER, one file each); an unreadable file is an error to fix."""
    if folder is None or not folder.is_dir():
        return []
    roots = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() not in ROOT_SUFFIXES:
            continue
        data = path.read_bytes()
        ders = [der for _, _, der in pem.unarmor(data, multiple=True)] if pem.detect(data) else [data]
        try:
            loaded = [x509.Certificate.load(der) for der in ders]
            for certificate in loaded:
                certificate.native  # asn1crypto parses lazily: a broken file fails here, not in a later check
        except ValueError as error:
            raise ValueError(f"{path.name} is not a certificate: {error}") from None
        roots += loaded
    return roots


def read_signed_pdf(data: bytes, roots: list[x509.Certificate]) -> SignedPdf:
    """The signatures of the uploaded decision and what its first page says; refused if none can be read."""
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = reader.embedded_signatures
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise SignedPdfRefused("SIGNED_PDF_UNREADABLE", f"Không đọc được tệp PDF: {str(error)[:120]}") from None
    if not embedded:
        raise SignedPdfRefused("SIGNED_PDF_UNSIGNED", "Tệp PDF không có chữ ký số nào.")
    if len(embedded) > MAX_SIGNATURES:
        raise SignedPdfRefused("SIGNED_PDF_UNSIGNED", f"Tệp PDF có quá {MAX_SIGNATURES} chữ ký.")
    # Offline: no certificate is fetched; revocation is checked where the file embeds it, else not held against.
    context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
    checks = [_check(signature, context) for signature in embedded]
    number, signed_on = _first_page_facts(data)
    return SignedPdf(number=number, signed_on=signed_on, signatures=checks)


def _check(signature, context: ValidationContext) -> SignatureCheck:
    name = signature.field_name or "?"
    try:
        status: PdfSignatureStatus = validate_pdf_signature(signature, context)
    except (SignatureValidationError, ValueError) as error:
        return SignatureCheck(name, "?", "?", None, False, False, False, [f"Không kiểm tra được chữ ký: {str(error)[:120]}"])
    certificate = status.signing_cert
    # The whole file, or its revision followed only by later signatures and time stamps (long-term validation).
    later = status.modification_level.name if status.modification_level is not None else "OTHER"
    covers = status.coverage is not None and (
        status.coverage.name == "ENTIRE_FILE" or (status.coverage.name == "ENTIRE_REVISION" and later in {"NONE", "LTA_UPDATES"})
    )
    problems = []
    if not status.intact:
        problems.append("Nội dung đã bị thay đổi sau khi ký.")
    if not covers or status.docmdp_ok is False:
        problems.append("Sau chữ ký, tệp có thêm nội dung không phải chữ ký số.")
    if not status.trusted:
        problems.append("Chứng thư số không thuộc chuỗi tin cậy đã nạp (chứng thư gốc của Ban Cơ yếu Chính phủ).")
    if status.revoked:
        problems.append("Chứng thư số đã bị thu hồi.")
    return SignatureCheck(
        field_name=name,
        signer=_named(certificate.subject),
        issuer=_named(certificate.issuer),
        signed_at=status.signer_reported_dt,
        intact=status.intact,
        covers_file=covers and status.docmdp_ok is not False,
        trusted=status.trusted and not status.revoked,
        problems=problems,
    )


def differences(data: bytes, number: str, signed_on: date) -> list[str]:
    """Where the decision's number and date, as filed, differ from the uploaded file's: its first page's number
    and date line, and each signature's signing day (in either reading of its time). In Vietnamese, both values."""
    printed_number, printed_on = _first_page_facts(data)
    found = []
    if printed_number is None:
        found.append(f"Không đọc được số quyết định trên trang đầu của tệp PDF để đối chiếu với số {number}.")
    elif _number_key(printed_number) != _number_key(number):
        found.append(f"Số quyết định đã ghi là {number}, nhưng tệp PDF ghi «Số: {printed_number}».")
    if printed_on is None:
        found.append(f"Không đọc được ngày ban hành trên trang đầu của tệp PDF để đối chiếu với ngày {vn_date(signed_on)}.")
    elif printed_on != signed_on:
        found.append(f"Ngày ký đã ghi là {vn_date(signed_on)}, nhưng tệp PDF ghi ngày {vn_date(printed_on)}.")
    for signer, signed_at in _signing_times(data):
        readings = {signed_at.astimezone(VN_TZ).date(), signed_at.replace(tzinfo=VN_TZ).date()}
        if signed_on not in readings:
            moment = signed_at.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")
            found.append(
                f"Ngày ký đã ghi là {vn_date(signed_on)}, nhưng chữ ký số của {signer} ghi thời điểm ký "
                f"{moment} giờ Việt Nam."
            )
    return found


def _number_key(number: str) -> tuple:
    """A number as compared: "05/QĐ-UBND" and "5 / QĐ-UBND" are the same number."""
    head, _, rest = re.sub(r"\s+", "", number).partition("/")
    return (int(head) if head.isdigit() else head, rest)


def _signing_times(data: bytes) -> list[tuple[str, datetime]]:
    """Each signature's signer and the signing time it reports, unchecked (the check is read_signed_pdf's)."""
    try:
        embedded = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures[:MAX_SIGNATURES]
        return [
            (_named(signature.signer_cert.subject), signature.self_reported_timestamp)
            for signature in embedded
            if signature.self_reported_timestamp is not None
        ]
    except (PdfReadError, ValueError, KeyError, TypeError):
        return []


def _named(name: x509.Name) -> str:
    """A certificate's subject or issuer as a clerk reads it: "Phạm Thị Thu Hiền, Chủ tịch, UBND xã Kẻ Sặt"."""
    parts = name.native
    said = [parts.get(key) for key in ("common_name", "title", "organizational_unit_name", "organization_name")]
    return ", ".join(str(part) for part in said if part) or name.human_friendly


def _first_page_facts(data: bytes) -> tuple[str | None, date | None]:
    """The number ("Số: 12/QĐ-UBND") and date ("…, ngày 05 tháng 02 năm 2026") the first page prints."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = pdf.pages[0].extract_text() or "" if pdf.pages else ""
    number = NUMBER.search(text)
    dated = DATE_LINE.search(text)
    signed_on = None
    if dated:
        day, month, year = (int(part) for part in dated.groups())
        try:
            signed_on = date(year, month, day)
        except ValueError:
            signed_on = None
    return (re.sub(r"\s+", "", number.group(1)) if number else None), signed_on

