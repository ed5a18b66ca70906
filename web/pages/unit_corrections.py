"""The unit head corrects a dossier through the pages: a nominee's page (edit it, its achievement summary, or
remove it) and a file's page (replace it, or remove it). Included in web/pages/unit.py's router (/unit)."""


from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select
from starlette.datastructures import UploadFile

from db import models
from schemas.campaign import EmulationPlan
from schemas.corrections import OTHER_DOCUMENT, NomineeChange, document_rule
from schemas.dossier import ACHIEVEMENT_MAX, DossierState
from schemas.dossier_actions import ACTIONS, NomineeStatus, Stage
from web.deps import ClientDep, FileStoreDep, SessionDep, SettingsDep
from web.errors import ServiceError
from web.pages.deps import CheckedForm, UnitSide
from web.pages.render import Failure, FormInvalid, confirmed, failed, page, request_id, see_other, validated
from web.routes import dossier_corrections as corrections_api
from web.routes import dossiers as dossiers_api

router = APIRouter(include_in_schema=False)

# The fields a nominee's form sends; those left empty are cleared (the ID number: kept, it is never shown).
FIELDS = ("subject_kind", "name", "position", "birth_date", "id_number", "achievement_summary")
CLEARED_WHEN_EMPTY = ("position", "birth_date", "achievement_summary")


def _dossier(session: Session, user: models.User, dossier_id: str) -> tuple[models.Dossier, DossierState, EmulationPlan]:
    row = dossiers_api.load_dossier(session, dossier_id, user)
    campaign = session.exec(select(models.Campaign).where(models.Campaign.code == row.campaign_code)).one()
    return row, DossierState.model_validate(row.state), EmulationPlan.model_validate(campaign.settings)


def voids_minutes(state: DossierState, key: str) -> bool:
    """Removing this nominee leaves no one the meeting selected: the minutes would be set aside."""
    if state.stage != Stage.minutes_recorded:
        return False
    def meeting(n):
        return n.suspended_from if n.status == NomineeStatus.suspended else n.status
    return not any(meeting(n) == NomineeStatus.selected for n in state.nominees if n.key != key)


def _nominee_page(
    request: Request, session: Session, user: models.User, dossier_id: str, key: str, failure: Failure | None = None
) -> HTMLResponse:
    row, state, plan = _dossier(session, user, dossier_id)
    nominee = state.nominee(key)
    if nominee is None:
        raise ServiceError("UNKNOWN_NOMINEE", nominee=key)
    context = {
        "dossier": row,
        "state": state,
        "plan": plan,
        "nominee": nominee,
        "stage": state.stage,
        "stages": Stage,
        "editable": state.stage in ACTIONS["edit_nominee"].stages,
        "summary_only": state.stage == Stage.supplement_requested,
        "removable": state.stage in ACTIONS["remove_nominee"].stages,
        "voids_minutes": voids_minutes(state, key),
        "documents": [d for d in state.documents if d.nominee_key == key],
        "summary_max": ACHIEVEMENT_MAX,
        "failure": failure,
    }
    return page(request, "nominee_edit.html", context, failure.status if failure else 200)


@router.get("/dossiers/{dossier_id}/nominees/{key}", response_class=HTMLResponse)
def nominee_page(dossier_id: str, key: str, request: Request, session: SessionDep, user: UnitSide) -> HTMLResponse:
    return _nominee_page(request, session, user, dossier_id, key)


@router.post("/dossiers/{dossier_id}/nominees/{key}", response_class=HTMLResponse)
async def edit_nominee(
    dossier_id: str, key: str, request: Request, session: SessionDep, client: ClientDep, user: UnitSide, form: CheckedForm
) -> Response:
    try:
        data = {f: str(form.get(f) or "").strip() for f in FIELDS if f in form}
        change = validated(NomineeChange, data | {"void_minutes": form.get("void_minutes") == "yes"})
        sent = change.model_dump(exclude_unset=True) | {f: None for f in CLEARED_WHEN_EMPTY if data.get(f) == ""}
        change = NomineeChange.model_validate(sent)
        await corrections_api.edit_nominee(dossier_id, key, change, session, client, user, request_id(form))
    except (ServiceError, FormInvalid) as error:
        return _nominee_page(request, session, user, dossier_id, key, failed("edit", error, form))
    return see_other(f"/unit/dossiers/{dossier_id}#nominees", "nominee_edit")


@router.post("/dossiers/{dossier_id}/nominees/{key}/remove", response_class=HTMLResponse)
async def remove_nominee(
    dossier_id: str, key: str, request: Request, session: SessionDep, client: ClientDep, user: UnitSide, form: CheckedForm
) -> Response:
    try:
        confirmed(form)  # the box said what goes with it, and whether the minutes are set aside
        void = form.get("void_minutes") == "yes"
        await corrections_api.remove_nominee(dossier_id, key, session, client, user, void, request_id(form))
    except (ServiceError, FormInvalid) as error:
        return _nominee_page(request, session, user, dossier_id, key, failed("remove", error, form))
    return see_other(f"/unit/dossiers/{dossier_id}#nominees", "nominee_remove")


# --- files ----------------------------------------------------------------------------------------


def _document_page(
    request: Request, session: Session, user: models.User, dossier_id: str, document_id: str,
    failure: Failure | None = None,
) -> HTMLResponse:
    row, state, plan = _dossier(session, user, dossier_id)
    document = next((d for d in state.documents if d.id == document_id), None)
    if document is None:
        raise ServiceError("DOCUMENT_NOT_FOUND", document_id=document_id)
    owner = state.nominee(document.nominee_key) if document.nominee_key else None
    rule = document_rule(plan.dossier_rules(), document.kind) or OTHER_DOCUMENT
    context = {
        "dossier": row,
        "document": document,
        "owner": owner,
        "rule": rule,
        "stage": state.stage,
        "changeable": state.stage in ACTIONS["replace_document"].stages,
        "shown_inline": dossiers_api.SHOWN_INLINE,
        "failure": failure,
    }
    return page(request, "document_edit.html", context, failure.status if failure else 200)


@router.get("/dossiers/{dossier_id}/documents/{document_id}", response_class=HTMLResponse)
def document_page(dossier_id: str, document_id: str, request: Request, session: SessionDep, user: UnitSide) -> HTMLResponse:
    return _document_page(request, session, user, dossier_id, document_id)


@router.post("/dossiers/{dossier_id}/documents/{document_id}/replace", response_class=HTMLResponse)
async def replace_document(
    dossier_id: str, document_id: str, request: Request, session: SessionDep, client: ClientDep, files: FileStoreDep,
    settings: SettingsDep, user: UnitSide, form: CheckedForm,
) -> Response:
    try:
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            raise FormInvalid({"file": "Chọn tệp mới để thay."})
        await corrections_api.replace(
            session, client, user, files, settings, dossier_id, document_id, file, request_id(form)
        )
    except (ServiceError, FormInvalid) as error:
        return _document_page(request, session, user, dossier_id, document_id, failed("replace", error, form))
    return see_other(f"/unit/dossiers/{dossier_id}#documents", "document_replace")


@router.post("/dossiers/{dossier_id}/documents/{document_id}/remove", response_class=HTMLResponse)
async def remove_document(
    dossier_id: str, document_id: str, request: Request, session: SessionDep, client: ClientDep, user: UnitSide,
    form: CheckedForm,
) -> Response:
    try:
        confirmed(form)
        await corrections_api.remove_document(dossier_id, document_id, session, client, user, request_id(form))
    except (ServiceError, FormInvalid) as error:
        return _document_page(request, session, user, dossier_id, document_id, failed("remove", error, form))
    return see_other(f"/unit/dossiers/{dossier_id}#documents", "document_remove")
