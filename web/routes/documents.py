"""Downloads of the documents the service drafts: a dossier's, a campaign's, the lists, and the signed decision's check.

Each download is the document of the data as it is now (documents.assemble), built the first time and
served from the store after (db/document_store.py): unchanged data gives the same file, number and date.
`?format=pdf` gives its copy made by LibreOffice, where the server has it, also once per file.
"""

import re
from datetime import date, datetime
from typing import Annotated, Callable, Literal, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel
from sqlmodel import Session

from common.text import VN_TZ, nfc
from db import models
from db.documents import GeneratedDocument
from documents.assemble import XLSX, DocumentError, Documents, ascii_name
from documents.pdf import PdfUnavailable
from schemas.dossier_actions import ROLE_NAMES, Role
from web.deps import CurrentUser, FileStoreDep, SessionDep, SettingsDep
from web.errors import ServiceError
from web.routes.dossiers import load_dossier
from web.scope import campaign_of_user

router = APIRouter(tags=["documents"])

# The commune's side of the process sees every document; a unit head sees their own unit's dossiers only.
COMMITTEE = {
    Role.appraiser, Role.office_head, Role.council_secretary, Role.council_member, Role.chairman, Role.deputy_chairman
}
DOSSIER_READERS = COMMITTEE | {Role.unit_head}
# The decision and its certificates are also for those who publicise the awardees.
DECISION_READERS = COMMITTEE | {Role.communications}

T = TypeVar("T")
Format = Annotated[Literal["docx", "pdf"], Query(description="docx, or pdf through LibreOffice where installed")]


def get_documents(session: SessionDep, files: FileStoreDep, settings: SettingsDep) -> Documents:
    return Documents(session, files, datetime.now(VN_TZ).date(), settings.public_base_url)


DocumentsDep = Annotated[Documents, Depends(get_documents)]


class DecisionIntegrity(BaseModel):
    number: str
    signed_on: date
    recorded_sha256: str  # recorded when the Chairman signed
    current_sha256: str | None  # of the file in the store now; None if it is gone
    intact: bool
    message: str
    content_type: str  # a .docx the service made, or the PDF signed in the e-office


def allow(user: models.User, roles: set[Role], action: str) -> None:
    if not user.holds(*roles):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=action)


def built(build: Callable[[], T]) -> T:
    """What the builder makes, or the reason it cannot be made yet as the API's error."""
    try:
        return build()
    except DocumentError as error:
        raise ServiceError(error.code, **error.details) from None
    except ValueError as error:  # a text python-docx or openpyxl refuses, come in before the door checked it
        raise ServiceError("DOCUMENT_CANNOT_BE_MADE", reason=str(error)[:200]) from None


def attachment(content: bytes, filename: str, media_type: str, **headers: str) -> Response:
    """The file to save, its Vietnamese name in filename* (RFC 5987) and a plain one for older clients."""
    disposition = f"attachment; filename=\"{ascii_name(filename)}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition, **headers})


def send(documents: Documents, row: GeneratedDocument, format: str) -> Response:
    """The stored file; as PDF, its copy LibreOffice made the first time it was asked for."""
    if format == "pdf" and row.content_type != "application/pdf":  # a decision signed in the e-office is one
        try:
            row = documents.pdf_copy(row)
        except PdfUnavailable as error:
            raise ServiceError("PDF_UNAVAILABLE", reason=str(error)) from None
    return attachment(documents.content(row), row.filename, row.content_type, **{"X-Document-SHA256": row.sha256})


# --- a dossier's documents ---------------------------------------------------------------------------


def _dossier_document(session: Session, user: models.User, dossier_id: str, action: str) -> None:
    """Another issuer's dossier is not found, before the role is asked."""
    load_dossier(session, dossier_id, user)
    allow(user, DOSSIER_READERS, action)


@router.get("/api/dossiers/{dossier_id}/generated/proposal")
def proposal(
    dossier_id: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser, format: Format = "docx"
) -> Response:
    """The unit's tờ trình (Mẫu số 01, NĐ 152/2025) with its nominees, numbered in the unit's series."""
    _dossier_document(session, user, dossier_id, "Tải tờ trình của đơn vị")
    return send(documents, built(lambda: documents.proposal(dossier_id)), format)


@router.get("/api/dossiers/{dossier_id}/generated/minutes")
def minutes(
    dossier_id: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser, format: Format = "docx"
) -> Response:
    """The minutes of the unit's selection meeting, from the minutes it recorded."""
    _dossier_document(session, user, dossier_id, "Tải biên bản họp bình xét")
    return send(documents, built(lambda: documents.minutes(dossier_id)), format)


@router.get("/api/dossiers/{dossier_id}/generated/achievement-reports/{nominee_key}")
def achievement_report(
    dossier_id: str,
    nominee_key: str,
    session: SessionDep,
    documents: DocumentsDep,
    user: CurrentUser,
    format: Format = "docx",
) -> Response:
    """A draft achievement report of one nominee, in the form the campaign names, for the unit to complete."""
    _dossier_document(session, user, dossier_id, "Tải báo cáo thành tích")
    return send(documents, built(lambda: documents.achievement_report(dossier_id, nominee_key)), format)


# --- a campaign's documents --------------------------------------------------------------------------


def _campaign_document(session: Session, user: models.User, code: str, roles: set[Role], action: str) -> None:
    """Another issuer's campaign is not found, before the role is asked."""
    campaign_of_user(session, user, code)
    allow(user, roles, action)


@router.get("/api/campaigns/{code}/generated/appraisal-report")
def appraisal_report(code: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser, format: Format = "docx") -> Response:
    """The office's tờ trình to the Chairman with the council's results, numbered in the office's series."""
    _campaign_document(session, user, code, COMMITTEE, "Tải tờ trình của cơ quan thường trực")
    return send(documents, built(lambda: documents.appraisal(code)), format)


def _signed_decision(documents: Documents, code: str) -> GeneratedDocument:
    return built(lambda: documents.issue_decision(code))


@router.get("/api/campaigns/{code}/generated/decision")
def decision(code: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser, format: Format = "docx") -> Response:
    """The decision: once signed, the file recorded at signing (refused if it has changed since); before,
    the draft the office sends with its tờ trình, marked "DỰ THẢO" with its number and date blank."""
    _campaign_document(session, user, code, DECISION_READERS, "Tải quyết định khen thưởng")
    state = built(lambda: documents.campaign(code))
    if state.decision is not None and state.decision.number is not None:
        row = _signed_decision(documents, code)
        current = documents.current_sha256(row)
        if current != row.sha256:
            current = current or "không còn tệp"
            raise ServiceError("DOCUMENT_ALTERED", number=row.number, recorded=row.sha256, current=current)
        return send(documents, row, format)
    return send(documents, built(lambda: documents.draft_decision(code)), format)


@router.get("/api/campaigns/{code}/decision/integrity", response_model=DecisionIntegrity)
def decision_integrity(code: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser) -> DecisionIntegrity:
    """The signed decision's hash recorded at signing against the hash of its file now."""
    _campaign_document(session, user, code, DECISION_READERS, "Kiểm tra tệp quyết định đã ký")
    return integrity(documents, _signed_decision(documents, code))


def integrity(documents: Documents, row: GeneratedDocument) -> DecisionIntegrity:
    """The signed decision's file now against the hash recorded at signing: for its readers and the public page."""
    current = documents.current_sha256(row)
    if current == row.sha256:
        message = f"Tệp Quyết định số {row.number} còn nguyên như khi ký."
    elif current is None:
        message = f"Không còn tệp Quyết định số {row.number} trong kho lưu trữ."
    else:
        message = f"Tệp Quyết định số {row.number} đã bị thay đổi sau khi ký: mã SHA-256 hiện nay khác mã ghi lúc ký."
    return DecisionIntegrity(
        number=row.number,
        signed_on=row.issued_on,
        recorded_sha256=row.sha256,
        current_sha256=current,
        intact=current == row.sha256,
        message=message,
        content_type=row.content_type,
    )


@router.get("/api/campaigns/{code}/generated/certificates/{dossier_id}/{nominee_key}")
def certificate(
    code: str, dossier_id: str, nominee_key: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser,
    format: Format = "docx",
) -> Response:
    """One awardee's Giấy khen, A4 landscape."""
    _campaign_document(session, user, code, DECISION_READERS, "Tải giấy khen")
    return send(documents, built(lambda: documents.certificate(code, f"{dossier_id}/{nominee_key}")), format)


@router.get("/api/campaigns/{code}/generated/certificates.zip")
def all_certificates(code: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser) -> Response:
    """Every awardee's Giấy khen, one .docx each, in one .zip."""
    _campaign_document(session, user, code, DECISION_READERS, "Tải giấy khen")
    rows = built(lambda: documents.certificates(code))
    number = rows[0].number.replace("/", "-") if rows else code
    names = entry_names([row.filename for row in rows])
    row = documents.zipped(code, rows, names, f"Giấy khen - Quyết định {number}.zip")
    return attachment(documents.content(row), row.filename, row.content_type)


@router.get("/api/campaigns/{code}/generated/certificates-print")
def certificates_print_file(
    code: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser, format: Format = "docx"
) -> Response:
    """Every awardee's Giấy khen in one file, a page each, in the decision's order: to print them all at once."""
    _campaign_document(session, user, code, DECISION_READERS, "Tải giấy khen")
    return send(documents, built(lambda: documents.print_file(code)), format)


# What no file system takes in a name (Windows is the strictest): a path's separators, a drive's colon,
# wildcards, quotes, control characters; and the names of its devices.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
_DEVICES = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(1, 10)), *(f"LPT{n}" for n in range(1, 10))}
_NAME_BYTES = 200  # with a " (2)" to make it unique, still within the 255 bytes of a name


def entry_names(filenames: list[str]) -> list[str]:
    """The names of the files in a zip, one for each document: a name at the top of the archive, never a
    path (no "/", "\\", "../", drive or absolute path), nothing a file system refuses, the Vietnamese letters
    kept (NFC), each one unique (case aside, as Windows and macOS compare names)."""
    names, taken = [], set()
    for filename in filenames:
        whole = _UNSAFE.sub("_", nfc(filename))
        stem, dot, extension = whole.rpartition(".")
        if not dot or len(extension) > 10:
            stem, extension = whole, ""
        stem = stem.strip(" .") or "tep"
        if stem.split(".")[0].upper() in _DEVICES:
            stem = f"_{stem}"
        while len(stem.encode()) > _NAME_BYTES:
            stem = stem[:-1]
        suffix = f".{extension}" if extension else ""
        name, count = stem + suffix, 1
        while name.casefold() in taken:
            count += 1
            name = f"{stem} ({count}){suffix}"
        taken.add(name.casefold())
        names.append(name)
    return names


@router.get("/api/campaigns/{code}/generated/higher-proposal")
def higher_proposal(code: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser, format: Format = "docx") -> Response:
    """The Committee's tờ trình to the higher level (An Hải: the city Chairman's Bằng khen)."""
    _campaign_document(session, user, code, COMMITTEE, "Tải tờ trình đề nghị cấp trên khen thưởng")
    return send(documents, built(lambda: documents.higher_proposal(code)), format)


@router.get("/api/campaigns/{code}/generated/lists.xlsx")
def lists(code: str, session: SessionDep, documents: DocumentsDep, user: CurrentUser) -> Response:
    """The nominees with their dossier's stage and their outcome, and the awardees with form and bonus."""
    _campaign_document(session, user, code, COMMITTEE, "Tải danh sách đề nghị, khen thưởng")
    export = built(lambda: documents.export(code))
    return attachment(export.content, export.filename, XLSX)
