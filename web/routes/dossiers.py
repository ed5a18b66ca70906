"""Dossiers: create, act on, read, list and search.

Reads come from the database. Actions go to the dossier's workflow as Updates, whose validators decide;
the request id becomes the update id, so a retried request is applied once.
"""

import uuid
from datetime import datetime, timedelta
from urllib.parse import quote
from typing import Annotated, Any, Callable

from fastapi import APIRouter, Header, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import Field
from sqlalchemy.orm import defer
from sqlmodel import Session, col, func, select
from starlette.datastructures import UploadFile
from temporalio.client import Client, WithStartWorkflowOperation
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.exceptions import ApplicationError

from common.bounds import Id
from common.filestore import FileStore
from common.filetypes import named_as
from common.settings import Settings
from common.text import VN_TZ, InputModel, Line, fold, nfc
from db import models
from db.reform import ReformReportPublic, unit_reform_record
from schemas.council import CampaignState
from schemas.dossier import (
    Act,
    AddNominee,
    Appraise,
    AttachDocument,
    DossierStart,
    LinkPerson,
    Minutes,
    NomineeInput,
    PersonChoice,
    Reason,
    RecordMinutes,
    RequestSupplement,
    SupplementAsk,
    Verdict,
)
from schemas.dossier_actions import FINAL_STAGES, NOMINEE_STATUS_NAMES, STAGE_NAMES, Role, Stage, wrong_stage
from web.deps import ClientDep, CurrentUser, FileStoreDep, SessionDep, SettingsDep, actor_of
from web.errors import ServiceError, refused_text
from web.nominee_links import linked
from web.unit_actions import lodging, unit_actor
from web.routes.registrations import NominationWarning, check_submission, nomination_warnings
from web.scope import (
    dossier_issuer,
    dossier_of_user,
    person_of_issuer,
    visible_dossiers,
)
from web.updates import send_action, within_wait
from web.uploads import (
    UPLOAD_FORM,
    checked_file,
    document_note,
    form_fields,
    may_attach,
    remove_unless_used,
    required_document,
    upload_form,
)
from workflows.dossier import DossierWorkflow

router = APIRouter(prefix="/api/dossiers", tags=["dossiers"])

RequestId = Annotated[
    str | None, Header(alias="X-Request-ID", description="Send the same id again to retry: applied once.")
]


class DossierRead(models.DossierDetail):
    """A dossier with the evidence the appraiser weighs beside it."""

    # The unit's periodic reform (CCHC) reports: on time, late, or missing (Tứ Kỳ's reporting rule).
    reform_record: list[ReformReportPublic]
    # Given by a create or a nominee added: a nominee not registered where the plan encourages registration.
    warnings: list[NominationWarning] = []
    # Files the unit removed or replaced (db/corrections.py): out of the dossier, kept as evidence.
    removed_documents: list[models.DocumentPublic] = []


class DossierCreate(InputModel):
    campaign_code: str
    title: str | None = Field(None, max_length=300)
    # The unit the office lodges it for, where the campaign lets it (a one-off award's: its proposing unit).
    # A unit's head lodges for their own unit and leaves it out.
    unit_id: Id | None = None
    nominees: list[NomineeInput] = Field(default_factory=list, max_length=100)


def workflow_id(dossier_id: str) -> str:
    return f"dossier-{dossier_id}"


PAGE, MAX_PAGE = 100, 500  # dossiers a list answers by default, and at most
# --- reads ----------------------------------------------------------------------------------------


def load_dossier(session: Session, dossier_id: str, user: models.User) -> models.Dossier:
    """The dossier, if this user may see it: of their issuer (else not found), and for unit heads of their own
    unit only."""
    dossier = dossier_of_user(session, user, dossier_id)
    if user.holds(Role.unit_head) and dossier.unit_id != user.unit_id:
        raise ServiceError("OTHER_UNIT")
    return dossier


def public(dossier: models.Dossier) -> models.DossierPublic:
    return models.DossierPublic.model_validate(dossier, update={"stage_name": STAGE_NAMES[Stage(dossier.stage)]})


def detail(session: Session, dossier: models.Dossier) -> DossierRead:
    """The dossier as the API shows it, from a row as it is now (read in this session, or again after an action)."""
    nominees = session.exec(
        select(models.Nominee).where(models.Nominee.dossier_id == dossier.id).order_by(models.Nominee.id)
    ).all()
    documents = session.exec(
        select(models.Document).where(models.Document.dossier_id == dossier.id).order_by(models.Document.id)
    ).all()
    history = session.exec(
        select(models.HistoryEntry).where(models.HistoryEntry.dossier_id == dossier.id).order_by(models.HistoryEntry.seq)
    ).all()
    return DossierRead(
        **public(dossier).model_dump(),
        reform_record=reform_record(session, dossier),
        nominees=[
            models.NomineePublic.model_validate(n, update={"status_name": NOMINEE_STATUS_NAMES[n.status]})
            for n in nominees
        ],
        documents=[models.DocumentPublic.model_validate(d) for d in documents if d.removed_at is None],
        removed_documents=[models.DocumentPublic.model_validate(d) for d in documents if d.removed_at is not None],
        history=[models.HistoryEntryPublic.model_validate(h) for h in history],
    )


def reform_record(session: Session, dossier: models.Dossier) -> list[ReformReportPublic]:
    """The unit's reform reports, of its issuer's reform plans."""
    return unit_reform_record(session, dossier.unit_id, datetime.now(VN_TZ).date())


@router.get("", response_model=list[models.DossierPublic])
def list_dossiers(
    session: SessionDep,
    user: CurrentUser,
    response: Response,
    campaign: str | None = None,
    unit_id: Id | None = None,
    stage: Stage | None = None,
    q: Annotated[Line | None, Query(description="A nominee's name; diacritics and case are ignored")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="How many at most")] = PAGE,
    offset: Annotated[int, Query(ge=0, le=2_147_483_647, description="How many to skip")] = 0,
) -> list[models.DossierPublic]:
    """The dossiers of the user's issuer's campaigns (a unit head's: their unit's), newest first, `limit` of them
    after `offset`; the header X-Total-Count says how many match in all."""
    query = visible_dossiers(user)
    if user.holds(Role.unit_head):
        unit_id = user.unit_id
    if campaign:
        query = query.where(models.Dossier.campaign_code == campaign)
    if unit_id is not None:
        query = query.where(models.Dossier.unit_id == unit_id)
    if stage:
        query = query.where(models.Dossier.stage == stage)
    if q and fold(q):
        # autoescape: a % or _ typed is itself, not a wildcard
        name_matches = col(models.Nominee.name_key).contains(fold(q), autoescape=True)
        matching = select(models.Nominee.dossier_id).where(name_matches)
        query = query.where(col(models.Dossier.id).in_(matching))
    response.headers["X-Total-Count"] = str(session.exec(select(func.count()).select_from(query.subquery())).one())
    page = query.order_by(col(models.Dossier.created_at).desc(), col(models.Dossier.id)).offset(offset).limit(limit)
    return [public(d) for d in session.exec(page).all()]


@router.get("/{dossier_id}", response_model=DossierRead)
def read_dossier(dossier_id: str, session: SessionDep, user: CurrentUser) -> DossierRead:
    return detail(session, load_dossier(session, dossier_id, user))


# The kinds of file a browser may show in its own page (its PDF viewer, an image) rather than save.
SHOWN_INLINE = frozenset({"application/pdf", "image/png", "image/jpeg"})


@router.get("/{dossier_id}/documents/{document_id}")
def download_document(
    dossier_id: str, document_id: str, session: SessionDep, user: CurrentUser, files: FileStoreDep,
    inline: bool = False,
) -> Response:
    """A file the unit attached; with `inline`, a PDF or an image to be shown in the browser, in a sandbox (no
    script of the file runs, nothing of the site is reachable from it)."""
    load_dossier(session, dossier_id, user)
    document = session.exec(
        select(models.Document).where(
            models.Document.dossier_id == dossier_id, models.Document.document_id == document_id
        )
    ).first()
    if document is None:
        raise ServiceError("DOCUMENT_NOT_FOUND", document_id=document_id)
    shown = inline and document.content_type in SHOWN_INLINE
    disposition = f"{'inline' if shown else 'attachment'}; filename*=UTF-8''{quote(document.filename)}"
    headers = {"Content-Disposition": disposition} | ({"Content-Security-Policy": "sandbox"} if shown else {})
    return Response(files.get(document.sha256), media_type=document.content_type, headers=headers)


# --- creation -------------------------------------------------------------------------------------


@router.post("", response_model=DossierRead, status_code=201)
async def create_dossier(
    body: DossierCreate, session: SessionDep, client: ClientDep, settings: SettingsDep, user: CurrentUser,
    request_id: RequestId = None,
) -> DossierRead:
    actor = actor_of(user, "create")
    campaign, rules, unit = lodging(session, user, actor, body.campaign_code, body.unit_id)
    run = session.get(models.CampaignRun, campaign.code)
    extension = run and CampaignState.model_validate(run.state).extensions.get(unit.id)
    if extension:  # the office granted this unit more time
        rules.submit_before = extension.until
    for index, nominee in enumerate(body.nominees):
        earlier = [(n.group, n.name) for n in body.nominees[:index]]
        try:
            rules.check_nominee(nominee.group, nominee.subject_kind, nominee.name, earlier)
        except ApplicationError as refusal:  # the same refusal the workflow's validator gives
            raise ServiceError(refusal.type, **refusal.details[0]) from None
    # Registration (đăng ký thi đua) where the plan asks for it: refused here, before any workflow starts.
    warnings = nomination_warnings(session, campaign, unit.id, [(n.group, n.name) for n in body.nominees])
    # The same request id from the same user names the same dossier: a retried create finds it again. Without
    # one, a new id is made, which a 503 gives back to retry with.
    request_id = request_id or uuid.uuid4().hex
    dossier_id = uuid.uuid5(uuid.NAMESPACE_URL, f"thidua:dossier:{user.id}:{request_id}").hex[:12]
    start = DossierStart(
        dossier_id=dossier_id,
        title=nfc(body.title or f"Hồ sơ đề nghị khen thưởng của {unit.name}"),
        unit_id=unit.id,
        unit_name=unit.name,
        rules=rules,
        nominees=[linked(session, nominee, campaign.issuer_id) for nominee in body.nominees],
        created_by=actor,
    )
    # Update-with-start: one call starts the workflow (or finds it, on a retry) and waits until its first
    # event is in the database, so a read right after this reply finds the dossier.
    def start_and_wait():  # a new operation on each try: the SDK's holds the outcome of one call
        operation = WithStartWorkflowOperation(
            DossierWorkflow.run,
            start,
            id=workflow_id(dossier_id),
            task_queue=settings.temporal_task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            task_timeout=timedelta(seconds=settings.workflow_task_timeout_seconds),
        )
        return client.execute_update_with_start_workflow(
            DossierWorkflow.created, start_workflow_operation=operation, id=f"created-{dossier_id}"
        )

    await within_wait(session, request_id, start_and_wait)
    return detail(session, saved(session, dossier_id)).model_copy(update={"warnings": warnings})


# --- actions --------------------------------------------------------------------------------------


async def act(
    session: Session, client: Client, dossier_id: str, user: models.User, update: Callable, arg: Any,
    request_id: str | None,
) -> DossierRead:
    """Send one action to the dossier's workflow and return the dossier as saved after it."""
    dossier = load_dossier(session, dossier_id, user)
    if update is DossierWorkflow.submit:  # registration (đăng ký thi đua) still there, where the plan requires it
        check_submission(session, dossier)
    sent = Stage(dossier.stage) not in FINAL_STAGES and await send_action(
        session, client, workflow_id(dossier.id), update, arg, request_id
    )
    dossier = saved(session, dossier_id)  # read again: the session was closed while Temporal worked
    if sent:
        return detail(session, dossier)
    # The workflow has ended (a final stage, maybe reached just now): no action applies any more.
    raise ServiceError("WRONG_STAGE", **wrong_stage(update.__name__, Stage(dossier.stage)))


def saved(session: Session, dossier_id: str) -> models.Dossier:
    """The dossier's row as the workflow's save left it, without its snapshot (`state`, kilobytes), which the
    API's answer does not show."""
    return session.get(models.Dossier, dossier_id, options=[defer(models.Dossier.state)])


@router.post("/{dossier_id}/nominees", response_model=DossierRead)
async def add_nominee(
    dossier_id: str, body: NomineeInput, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> DossierRead:
    dossier = load_dossier(session, dossier_id, user)
    actor = unit_actor(session, user, dossier, "add_nominee")  # the registry is matched only for who may add here
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == dossier.campaign_code)).one()
    warnings = nomination_warnings(session, campaign, dossier.unit_id, [(body.group, body.name)])
    message = AddNominee(actor=actor, nominee=linked(session, body, dossier_issuer(session, dossier)))
    read = await act(session, client, dossier_id, user, DossierWorkflow.add_nominee, message, request_id)
    return read.model_copy(update={"warnings": warnings})


@router.post("/{dossier_id}/minutes", response_model=DossierRead)
async def record_minutes(
    dossier_id: str, body: Minutes, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> DossierRead:
    message = RecordMinutes(actor=actor_of(user, "record_minutes"), **body.model_dump())
    return await act(session, client, dossier_id, user, DossierWorkflow.record_minutes, message, request_id)


@router.post("/{dossier_id}/documents", response_model=DossierRead, openapi_extra={"requestBody": UPLOAD_FORM})
async def attach_document(
    dossier_id: str,
    request: Request,
    session: SessionDep,
    client: ClientDep,
    user: CurrentUser,
    files: FileStoreDep,
    settings: SettingsDep,
    request_id: RequestId = None,
) -> DossierRead:
    """Attach a document (a form: file, kind, nominee_key). Who, which dossier and its stage are checked before
    the body is read; the file is stored once its kind, owner, size and type (by content) are right."""
    may_attach(session, load_dossier(session, dossier_id, user), user)
    form = await upload_form(request)
    try:
        description = form.get("description")  # what a "Tài liệu khác" is (a file here: refused below)
        return await attach(
            session, client, user, files, settings, dossier_id, *form_fields(form), request_id, description=description
        )
    finally:
        await form.close()  # the spooled file, on disk past 1 MB


async def attach(
    session: Session, client: Client, user: models.User, files: FileStore, settings: Settings, dossier_id: str,
    upload: UploadFile, kind: str, nominee_key: str | None, request_id: str | None, description: Any = None,
) -> DossierRead:
    """Check an upload as the workflow will, store it, and attach it; a file the workflow refused is not kept."""
    dossier = load_dossier(session, dossier_id, user)
    may_attach(session, dossier, user)
    note = document_note(description)
    filename = refused_text("file", nfc(upload.filename or "tai-lieu"))
    kind, nominee_key = refused_text("kind", kind), refused_text("nominee_key", nominee_key) or None
    required = required_document(session, dossier, kind, nominee_key)
    checked = await run_in_threadpool(checked_file, upload, filename, required, settings.upload_max_bytes)
    sha256, new = await run_in_threadpool(files.put_file, upload.file)
    # The bytes are in the file store; the workflow only ever sees their hash.
    message = AttachDocument(
        actor=actor_of(user, "attach_document"),
        kind=kind,
        nominee_key=nominee_key,
        filename=named_as(filename, checked.type),
        sha256=sha256,
        size=checked.size,
        content_type=checked.type.media_type,
        description=note,
    )
    try:
        return await act(session, client, dossier_id, user, DossierWorkflow.attach_document, message, request_id)
    except ServiceError:
        if new:
            remove_unless_used(session, files, sha256)
        raise


def _simple_action(name: str, summary: str) -> None:
    """Register POST /{id}/<path> for an action that takes an optional reason or note."""
    update = getattr(DossierWorkflow, name)

    async def endpoint(
        dossier_id: str, session: SessionDep, client: ClientDep, user: CurrentUser, body: Reason | None = None,
        request_id: RequestId = None,
    ) -> DossierRead:
        message = Act(actor=actor_of(user, name), reason=nfc(body.reason) if body and body.reason else None)
        return await act(session, client, dossier_id, user, update, message, request_id)

    endpoint.__name__ = name
    router.add_api_route(
        f"/{{dossier_id}}/{name.replace('_', '-')}", endpoint, methods=["POST"],
        response_model=DossierRead, summary=summary,
    )


_simple_action("submit", "Nộp hồ sơ (thủ trưởng đơn vị)")
_simple_action("supplement", "Bổ sung hồ sơ theo yêu cầu (thủ trưởng đơn vị)")
_simple_action("withdraw", "Rút hồ sơ, có lý do (thủ trưởng đơn vị)")
_simple_action("recall", "Rút lại hồ sơ đã nộp để sửa, trước khi thẩm định; có lý do (thủ trưởng đơn vị)")
_simple_action("start_appraisal", "Tiếp nhận, bắt đầu thẩm định (cán bộ thẩm định)")


@router.post("/{dossier_id}/nominees/{nominee_key}/appraisal", response_model=DossierRead)
async def appraise(
    dossier_id: str, nominee_key: str, body: Verdict, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> DossierRead:
    message = Appraise(actor=actor_of(user, "appraise"), nominee_key=nominee_key, passed=body.passed, reason=_text(body.reason))
    return await act(session, client, dossier_id, user, DossierWorkflow.appraise, message, request_id)


@router.post("/{dossier_id}/supplement-request", response_model=DossierRead)
async def request_supplement(
    dossier_id: str, body: SupplementAsk, session: SessionDep, client: ClientDep, user: CurrentUser,
    request_id: RequestId = None,
) -> DossierRead:
    message = RequestSupplement(actor=actor_of(user, "request_supplement"), items=[nfc(i) for i in body.items], due_date=body.due_date)
    return await act(session, client, dossier_id, user, DossierWorkflow.request_supplement, message, request_id)


@router.post("/{dossier_id}/nominees/{nominee_key}/person-link", response_model=DossierRead)
async def link_person(
    dossier_id: str, nominee_key: str, body: PersonChoice, session: SessionDep, client: ClientDep,
    user: CurrentUser, request_id: RequestId = None,
) -> DossierRead:
    """An appraiser ties a nominee the service could not match to a person of the registry, or confirms, with
    a reason, that the person has no record (`person_id` left out)."""
    dossier = load_dossier(session, dossier_id, user)
    if body.person_id is not None:  # a person of the dossier's issuer only: another's is not found
        person_of_issuer(session, dossier_issuer(session, dossier), body.person_id)
    message = LinkPerson(actor=actor_of(user, "link_person"), nominee_key=nominee_key, person_id=body.person_id, reason=_text(body.reason))
    return await act(session, client, dossier_id, user, DossierWorkflow.link_person, message, request_id)


def _text(value: str | None) -> str | None:
    return nfc(value) if value else None
