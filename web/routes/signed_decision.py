"""The decision signed in the province's e-office (way (b) of issue 16): the office uploads the signed PDF.

The upload is bounded (UPLOAD_MAX_BYTES) and must be a PDF; its signatures are checked with pyHanko against the
root certificates the admin put in SIGNING_ROOTS_DIR (documents/signed_pdf.py), every one intact, covering the
file and trusted, or it is refused with what is wrong, and nothing is kept. The number and date are the ones
the clerk confirms, or, left empty, those the first page prints. Only then is the file put in the file store,
and the campaign's workflow is sent its SHA-256 with the number and date: the workflow records it as the signed
decision, as the service's own signing records the file it makes.
"""

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlmodel import Session

from common.bounds import SoonDay
from common.filestore import FileStore
from common.settings import Settings
from db import numbers
from db.documents import GeneratedDocument
from documents.signed_pdf import SignatureCheck, SignedPdf, SignedPdfRefused, load_roots, read_signed_pdf
from schemas.campaign import EmulationPlan
from schemas.council import SignDecision
from schemas.dossier_actions import ROLE_NAMES, Role
from schemas.errors import ERRORS
from web.deps import ClientDep, CurrentUser, FileStoreDep, SessionDep, SettingsDep, actor_of
from web.errors import ServiceError
from web.routes import campaigns as campaigns_api
from web.routes.decision_numbers import refuse_if_taken
from web.routes.dossiers import RequestId
from workflows.campaign import CampaignWorkflow

router = APIRouter(prefix="/api/campaigns", tags=["decision"])
PDF = "application/pdf"
# Those who file the decision signed in the e-office: the Chairman's side and the office (văn thư, cán bộ TĐKT).
FILERS = {Role.chairman, Role.deputy_chairman, Role.office_head, Role.appraiser}
NUMBER = re.compile(r"^(\d{1,5})/")


class SignatureShown(BaseModel):
    """One signature of the uploaded decision as its pages show it."""

    signer: str
    issuer: str
    signed_at: str | None  # "05/02/2026 09:30 UTC", as the signature writes it
    signed_at_vn: str | None  # the same moment in Vietnam's time
    signed_at_if_local: str | None  # the clock reading taken as Vietnam's time, as some signing software writes it
    intact: bool
    trusted: bool
    valid: bool
    problems: list[str]


def _moment(value) -> str | None:
    return value.strftime("%d/%m/%Y %H:%M") if value else None


def shown(check: SignatureCheck) -> SignatureShown:
    return SignatureShown(
        signer=check.signer, issuer=check.issuer,
        signed_at=f"{_moment(check.signed_at)} UTC" if check.signed_at else None,
        signed_at_vn=f"{_moment(check.signed_at_vn)} giờ Việt Nam" if check.signed_at else None,
        signed_at_if_local=f"{_moment(check.signed_at_if_local)} giờ Việt Nam" if check.signed_at else None,
        intact=check.intact and check.covers_file, trusted=check.trusted, valid=check.valid, problems=check.problems,
    )


def roots_of(settings: Settings) -> list:
    try:
        return load_roots(settings.signing_roots_dir)
    except ValueError as error:
        raise ServiceError("SIGNING_ROOTS_UNREADABLE", reason=str(error)[:200]) from None


def checked(data: bytes, settings: Settings) -> SignedPdf:
    """The uploaded file's signatures, every one valid, or the refusal saying what is wrong."""
    if not data.startswith(b"%PDF-"):
        raise ServiceError("SIGNED_PDF_UNREADABLE", reason="tệp không phải PDF.")
    try:
        signed = read_signed_pdf(data, roots_of(settings))
    except SignedPdfRefused as refused:
        raise ServiceError(refused.code, reason=str(refused)) from None
    except Exception as error:  # the parsers' own failure on a malformed file: it is unreadable all the same
        raise ServiceError("SIGNED_PDF_UNREADABLE", reason=f"tệp PDF bị hỏng ({type(error).__name__}).") from None
    bad = [check for check in signed.signatures if not check.valid]
    if bad:
        problems = "; ".join(f"chữ ký của {check.signer}: {' '.join(check.problems)}" for check in bad)
        raise ServiceError("SIGNED_PDF_NOT_VALID", problems=problems)
    return signed


async def file_signed(
    code: str, content: bytes, number: int | None, signed_on: date | None, session: Session, client, files: FileStore,
    settings: Settings, user, request_id: str | None,
) -> campaigns_api.CampaignDetail:
    """Check the upload, store it, and have the campaign's workflow record it as the signed decision."""
    campaign = campaigns_api.load(session, code, user)
    if not user.holds(*FILERS):
        action = "Nộp quyết định đã ký số trên hệ thống quản lý văn bản"
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=action)
    signed = await run_in_threadpool(checked, content, settings)
    printed = NUMBER.match(signed.number or "")
    number = number or (int(printed.group(1)) if printed else None)
    signed_on = signed_on or signed.signed_on
    missing = [name for name, value in (("số", number), ("ngày", signed_on)) if value is None]
    if missing:
        raise ServiceError("SIGNED_PDF_NO_NUMBER", missing=" và ".join(missing))
    refuse_if_taken(session, EmulationPlan.model_validate(campaign.settings), signed_on.year, number)
    new = not files.path(hashlib.sha256(content).hexdigest()).exists()
    sha256 = files.put(content)
    message = SignDecision(
        actor=actor_of(user, "file_signed_decision"), signed_on=signed_on, number=number, signed_file_sha256=sha256
    )
    try:
        return await campaigns_api.act(session, client, code, user, CampaignWorkflow.file_signed_decision, message, request_id)
    except ServiceError as error:
        if new and ERRORS[error.code].status < 500:  # refused: the file is kept by nothing (a 503 may still apply)
            files.remove(sha256)
        raise


async def read_upload(file: UploadFile, settings: Settings) -> bytes:
    """The uploaded file, refused past the upload limit without reading further."""
    content = await file.read(settings.upload_max_bytes + 1)
    if len(content) > settings.upload_max_bytes:
        raise ServiceError("FILE_TOO_LARGE", limit=f"{settings.upload_max_bytes // (1024 * 1024)} MB")
    return content


@router.post("/{code}/decision/signed-pdf", response_model=campaigns_api.CampaignDetail)
async def upload_signed_decision(
    code: str, session: SessionDep, client: ClientDep, files: FileStoreDep, settings: SettingsDep, user: CurrentUser,
    file: Annotated[UploadFile, File(description="the decision as signed in the e-office, PDF")],
    number: Annotated[int | None, Form(ge=1, le=numbers.MAX_NUMBER)] = None,
    signed_on: Annotated[SoonDay | None, Form()] = None,
    request_id: RequestId = None,
) -> campaigns_api.CampaignDetail:
    """The decision signed in the e-office: its signatures checked (SIGNED_PDF_UNREADABLE, SIGNED_PDF_UNSIGNED,
    SIGNED_PDF_NOT_VALID), the number and date as sent or as its first page prints them, recorded as signed."""
    content = await read_upload(file, settings)
    return await file_signed(code, content, number, signed_on, session, client, files, settings, user, request_id)


# --- what was verified, shown on the decision's page and the public verification page ------------------------


def verified(row: GeneratedDocument | None, files: FileStore, settings: Settings) -> list[SignatureShown] | None:
    """The signatures of the signed decision's file, checked now, where it is a PDF uploaded; None otherwise."""
    if row is None or row.content_type != PDF:
        return None
    path = files.path(row.sha256)
    if not path.exists():
        return None
    folder = settings.signing_roots_dir
    # pyHanko runs an event loop of its own: in a thread of its own, whether a page renders in a loop or not.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(_verified, path, folder, _stamp(path, folder)).result()


def _stamp(path: Path, folder: Path) -> tuple:
    """What changes when the file is touched or the admin adds or removes a root: the check is made again."""
    roots = sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()) if folder.is_dir() else []
    return (path.stat().st_mtime_ns, path.stat().st_size, *roots)


@lru_cache(maxsize=64)
def _verified(path: Path, folder: Path, _stamp: tuple) -> list[SignatureShown]:
    data = path.read_bytes()
    try:
        signed = read_signed_pdf(data, load_roots(folder))
    except (SignedPdfRefused, ValueError):
        return []
    return [shown(check) for check in signed.signatures]
