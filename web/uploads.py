"""A dossier's document on its way to the file store: checked as the workflow will check it, but before
anything is stored. Who may attach it and at which stage (as the read model has them), the kind the
campaign asks for and the nominee it belongs to; then its size, and its type told from its content. A file
the workflow refused after all is removed again, unless a record uses the same bytes.
"""

from dataclasses import dataclass

from pydantic import ValidationError

from sqlmodel import Session, select
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request

from common.filestore import FileStore
from common.filetypes import FILE_TYPES, FileType, file_type
from common.text import size_text
from db import models
from db.documents import GeneratedDocument
from schemas.campaign import EmulationPlan, RequiredDocument
from schemas.corrections import DESCRIPTION_MAX, DocumentNote, document_rule, is_other
from schemas.dossier_actions import ACTIONS, Stage, wrong_stage
from web.errors import ServiceError
from web.unit_actions import unit_actor

ACTION = "attach_document"
FIELDS = "cần gửi một tệp (file), loại tài liệu (kind) và, với tài liệu của từng người, mã người đó (nominee_key)."

# The body of an upload, as OpenAPI shows it: the route reads it itself, once the checks that need none pass.
UPLOAD_FORM = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "kind"],
                "properties": {
                    "file": {"type": "string", "format": "binary", "description": "The scanned or typed document: "
                             "PDF, Word (.docx), Excel (.xlsx), JPEG or PNG as the campaign takes; 20 MB at most "
                             "(UPLOAD_MAX_BYTES)"},
                    "kind": {"type": "string", "maxLength": 100, "description": "A document kind of the campaign, e.g. to_trinh"},
                    "nominee_key": {"type": "string", "maxLength": 20, "description": "For a per-nominee document: N1, N2, …"},
                    "description": {"type": "string", "maxLength": 300, "description": "What the document is (for "
                                    "kind tai_lieu_khac, «Tài liệu khác», a document the plan does not list)"},
                },
            }
        }
    },
}


@dataclass(frozen=True)
class CheckedFile:
    type: FileType
    size: int


def may_attach(session: Session, dossier: models.Dossier, user: models.User) -> None:
    """The user's role and unit, and the dossier's stage, allow attaching a document: else the refusal."""
    unit_actor(session, user, dossier, ACTION)
    if Stage(dossier.stage) not in ACTIONS[ACTION].stages:
        raise ServiceError("WRONG_STAGE", **wrong_stage(ACTION, Stage(dossier.stage)))


def required_document(session: Session, dossier: models.Dossier, kind: str, nominee_key: str | None) -> RequiredDocument:
    """The campaign's document of this kind, for the dossier or for one of its nominees, as the kind requires."""
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == dossier.campaign_code)).one()
    rules = EmulationPlan.model_validate(campaign.settings).dossier_rules()
    required = document_rule(rules, kind)
    if required is None:
        allowed = ", ".join(d.kind for d in rules.required_documents)
        raise ServiceError("UNKNOWN_DOCUMENT_KIND", kind=kind, allowed=allowed)
    if is_other(rules, kind) and not nominee_key:  # "Tài liệu khác": of the dossier, or of one nominee (below)
        return required
    if required.per == "dossier" and not is_other(rules, kind):
        if nominee_key:
            raise ServiceError("DOCUMENT_FOR_DOSSIER", title=required.title)
        return required
    if not nominee_key:
        raise ServiceError("DOCUMENT_NEEDS_NOMINEE", title=required.title)
    nominee = session.exec(
        select(models.Nominee).where(models.Nominee.dossier_id == dossier.id, models.Nominee.key == nominee_key)
    ).first()
    if nominee is None:
        raise ServiceError("UNKNOWN_NOMINEE", nominee=nominee_key)
    if required.group and nominee.group != required.group:  # never for "Tài liệu khác"
        raise ServiceError("INVALID_INPUT", problems=f"«{required.title}» không dành cho «{nominee.name}».")
    return required


async def upload_form(request: Request) -> FormData:
    """The upload's form, read with room for one file and two short fields (the body's size: web/middleware.py)."""
    try:
        return await request.form(max_files=1, max_fields=3, max_part_size=1024)
    except HTTPException as error:
        if error.status_code != 400:  # 413: the body past its cap
            raise
        raise ServiceError("INVALID_INPUT", problems=FIELDS) from None


def form_fields(form: FormData) -> tuple[UploadFile, str, str | None]:
    """The file, the kind and the nominee key of an upload's form."""
    file, kind, nominee_key = form.get("file"), form.get("kind"), form.get("nominee_key")
    if not isinstance(file, UploadFile) or not isinstance(kind, str) or isinstance(nominee_key, UploadFile):
        raise ServiceError("INVALID_INPUT", problems=FIELDS)
    if len(kind) > 100 or len(nominee_key or "") > 20:
        raise ServiceError("INVALID_INPUT", problems="loại tài liệu (kind) hoặc mã người (nominee_key) quá dài.")
    return file, kind, nominee_key


def document_note(value: object) -> str | None:
    """What the unit says a document is (a form field beside the file): one line, bounded, NFC."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ServiceError("INVALID_INPUT", problems="mô tả tài liệu (description) phải là một dòng chữ.")
    try:
        return DocumentNote(description=value).description
    except ValidationError as error:
        problem = error.errors()[0]
        said = f"quá dài, tối đa {DESCRIPTION_MAX} ký tự" if problem["type"] == "string_too_long" else problem["msg"]
        fields = [{"field": "description", "problem": said, "code": problem["type"]}]
        raise ServiceError("INVALID_INPUT", problems=f"mô tả tài liệu: {said}", fields=fields) from None


def checked_file(upload: UploadFile, filename: str, required: RequiredDocument, max_bytes: int) -> CheckedFile:
    """The file's type and size, if the document takes it (blocking: reads the spooled file)."""
    size = upload.size if upload.size is not None else upload.file.seek(0, 2)
    if size == 0:
        raise ServiceError("INVALID_INPUT", problems="tệp rỗng.")
    if size > max_bytes:
        raise ServiceError("FILE_TOO_LARGE", limit=size_text(max_bytes))
    found = file_type(upload.file)
    if found is None or found.code not in required.file_types:
        allowed = ", ".join(FILE_TYPES[code].name for code in required.file_types)
        raise ServiceError("FILE_TYPE_NOT_ALLOWED", filename=filename, allowed=allowed)
    return CheckedFile(found, size)


def remove_unless_used(session: Session, files: FileStore, sha256: str) -> None:
    """Remove a file just stored for a document the workflow refused, unless a record uses the same bytes."""
    attached = session.exec(select(models.Document.id).where(models.Document.sha256 == sha256)).first()
    generated = session.exec(select(GeneratedDocument.id).where(GeneratedDocument.sha256 == sha256)).first()
    emblem = session.exec(select(models.Issuer.id).where(models.Issuer.emblem_sha256 == sha256)).first()
    if attached is None and generated is None and emblem is None:
        files.remove(sha256)
