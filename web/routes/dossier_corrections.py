"""The unit corrects its dossier over the API: a nominee edited (PATCH) or removed (DELETE), a file removed
(DELETE) or replaced by another (PUT, a form with the file). The workflow's validators decide
(workflows/dossier_corrections.py); what happens to recorded minutes: schemas/corrections.py."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError
from sqlmodel import Session, select
from starlette.datastructures import UploadFile

from common.filetypes import named_as
from common.text import nfc
from db import models
from schemas.campaign import EmulationPlan
from schemas.corrections import EditNominee, NomineeChange, RemoveDocument, RemoveNominee, ReplaceDocument
from schemas.dossier import DossierState, LinkedNominee, Nominee, NomineeInput
from web.deps import ClientDep, CurrentUser, FileStoreDep, SessionDep, SettingsDep, actor_of
from web.errors import ServiceError, refused_text
from web.nominee_links import linked
from web.routes.dossiers import DossierRead, RequestId, act, load_dossier
from web.scope import dossier_issuer
from web.unit_actions import unit_actor
from web.uploads import checked_file, may_attach, remove_unless_used, required_document, upload_form
from workflows.dossier import DossierWorkflow

router = APIRouter(prefix="/api/dossiers", tags=["dossiers"])

# What ties a nominee to the registry of people or units: changed, the service matches it again.
IDENTITY = {"name", "birth_date", "id_number"}
VoidMinutes = Annotated[bool, Query(description="Agree that the recorded minutes are set aside, where it does")]

REPLACE_FORM = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary", "description": "The new file"}},
            }
        }
    },
}


def _current(dossier: models.Dossier, nominee_key: str) -> Nominee:
    nominee = DossierState.model_validate(dossier.state).nominee(nominee_key)
    if nominee is None:
        raise ServiceError("UNKNOWN_NOMINEE", nominee=nominee_key)
    return nominee


def changed_nominee(session: Session, dossier: models.Dossier, current: Nominee, change: NomineeChange) -> LinkedNominee:
    """The nominee with the change applied; tied to the registry again if what identifies it changed."""
    sent = {f: getattr(change, f) for f in change.model_fields_set - {"void_minutes"}}
    sent = {f: v for f, v in sent.items() if v is not None or f not in ("name", "subject_kind")}  # required ones
    fields = current.model_dump(include=set(NomineeInput.model_fields)) | sent
    if "subject_kind" in sent:  # the group follows the kind; another group is refused by the workflow
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == dossier.campaign_code)).one()
        kind = EmulationPlan.model_validate(campaign.settings).dossier_rules().subject_kind(sent["subject_kind"])
        if kind is not None:
            fields["group"] = kind.group
    try:
        nominee = NomineeInput.model_validate(fields)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise ServiceError("INVALID_INPUT", problems=problems) from None
    if not IDENTITY & {f for f in sent if sent[f] != getattr(current, f)} and nominee.group == current.group:
        kept = current.model_dump(include={"person_id", "unit_id", "link"})
        return LinkedNominee(**nominee.model_dump(exclude={"person_id", "unit_id"}), **kept)
    return linked(session, nominee.model_copy(update={"person_id": None, "unit_id": None}), dossier_issuer(session, dossier))


@router.patch("/{dossier_id}/nominees/{nominee_key}", response_model=DossierRead)
async def edit_nominee(
    dossier_id: str, nominee_key: str, body: NomineeChange, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> DossierRead:
    """Change a nominee's fields (those sent; null clears an optional one), its achievement summary among them.
    Until submission; in a supplement the office asked for, the achievement summary only."""
    dossier = load_dossier(session, dossier_id, user)
    actor = unit_actor(session, user, dossier, "edit_nominee")  # before the registry is matched
    nominee = changed_nominee(session, dossier, _current(dossier, nominee_key), body)
    message = EditNominee(
        actor=actor, nominee_key=nominee_key, nominee=nominee, void_minutes=body.void_minutes
    )
    return await act(session, client, dossier_id, user, DossierWorkflow.edit_nominee, message, request_id)


@router.delete("/{dossier_id}/nominees/{nominee_key}", response_model=DossierRead)
async def remove_nominee(
    dossier_id: str, nominee_key: str, session: SessionDep, client: ClientDep, user: CurrentUser,
    void_minutes: VoidMinutes = False, request_id: RequestId = None,
) -> DossierRead:
    """Remove a nominee, with its own files, until submission."""
    message = RemoveNominee(actor=actor_of(user, "remove_nominee"), nominee_key=nominee_key, void_minutes=void_minutes)
    return await act(session, client, dossier_id, user, DossierWorkflow.remove_nominee, message, request_id)


@router.delete("/{dossier_id}/documents/{document_id}", response_model=DossierRead)
async def remove_document(
    dossier_id: str, document_id: str, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> DossierRead:
    """Remove an attached file, until submission and in a supplement: listed apart, its file kept."""
    message = RemoveDocument(actor=actor_of(user, "remove_document"), document_id=document_id)
    return await act(session, client, dossier_id, user, DossierWorkflow.remove_document, message, request_id)


@router.put("/{dossier_id}/documents/{document_id}", response_model=DossierRead, openapi_extra={"requestBody": REPLACE_FORM})
async def replace_document(
    dossier_id: str, document_id: str, request: Request, session: SessionDep, client: ClientDep, user: CurrentUser,
    files: FileStoreDep, settings: SettingsDep, request_id: RequestId = None,
) -> DossierRead:
    """Put another file in an attached one's place (a form: file), checked as an upload of its kind."""
    may_attach(session, load_dossier(session, dossier_id, user), user)
    form = await upload_form(request)
    try:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ServiceError("INVALID_INPUT", problems="cần gửi một tệp (file).")
        return await replace(session, client, user, files, settings, dossier_id, document_id, upload, request_id)
    finally:
        await form.close()


async def replace(
    session: Session, client, user: models.User, files, settings, dossier_id: str, document_id: str,
    upload: UploadFile, request_id: str | None,
) -> DossierRead:
    dossier = load_dossier(session, dossier_id, user)
    may_attach(session, dossier, user)
    row = session.exec(
        select(models.Document).where(models.Document.dossier_id == dossier_id, models.Document.document_id == document_id)
    ).first()
    if row is None:
        raise ServiceError("DOCUMENT_NOT_FOUND", document_id=document_id)
    if row.removed_at is not None:
        raise ServiceError("DOCUMENT_REMOVED", document_id=document_id)
    filename = refused_text("file", nfc(upload.filename or "tai-lieu"))
    required = required_document(session, dossier, row.kind, row.nominee_key)
    checked = await run_in_threadpool(checked_file, upload, filename, required, settings.upload_max_bytes)
    sha256, new = await run_in_threadpool(files.put_file, upload.file)
    message = ReplaceDocument(
        actor=actor_of(user, "replace_document"),
        document_id=document_id,
        filename=named_as(filename, checked.type),
        sha256=sha256,
        size=checked.size,
        content_type=checked.type.media_type,
    )
    try:
        return await act(session, client, dossier_id, user, DossierWorkflow.replace_document, message, request_id)
    except ServiceError:
        if new:
            remove_unless_used(session, files, sha256)
        raise
