"""The unit head's pages: the unit's dossiers and the campaigns' deadlines; making, filling in and submitting
a dossier; supplementing it when asked."""

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select
from starlette.datastructures import UploadFile

from db import models
from db.one_off import proposer_of
from db.unit_quotas import unit_standing
from schemas.campaign import EmulationPlan
from schemas.council import PHASE_NAMES, CampaignState, Phase
from schemas.dossier import Act, Minutes, NomineeInput, Reason
from schemas.dossier_actions import STAGE_NAMES, Role
from web.deps import ClientDep, FileStoreDep, SessionDep, SettingsDep, actor_of
from web.errors import ServiceError
from web.pages import dossier_submit
from web.pages.deps import CheckedForm, UnitSide, for_roles
from web.pages.dossier_lists import dossier_listing
from web.pages.dossier_view import dossier_form, dossier_page
from web.pages import unit_corrections
from web.pages.registration import registration_rows
from web.pages.render import Failure, FormInvalid, failed, page, request_id, see_other, validated
from web.routes import dossiers as dossiers_api
from web.scope import visible_campaigns
from workflows.dossier import DossierWorkflow

router = APIRouter(prefix="/unit", include_in_schema=False)
router.include_router(unit_corrections.router)  # a nominee's page and a file's page: edit, replace, remove
router.include_router(dossier_submit.router)  # submitting, with its summary first; recalling

UnitHead = Annotated[models.User, for_roles(Role.unit_head)]
AREA = "unit"


def campaign_deadlines(session: Session, user: models.User) -> list[dict]:
    """Each emulation campaign of the unit's issuer with the unit's deadline: the plan's, or the extension
    granted to the unit."""
    unit_id = user.unit_id
    rows = []
    for campaign in visible_campaigns(session, user, kind="emulation"):
        if proposer_of(campaign.code) not in (None, unit_id):
            continue  # another unit's one-off award (db/one_off.py)
        run = session.get(models.CampaignRun, campaign.code)
        state = CampaignState.model_validate(run.state) if run else None
        extension = state and state.extensions.get(unit_id)
        rows.append(
            {
                "campaign": campaign,
                "deadline": extension.until if extension else campaign.submit_before,
                "extended": bool(extension),
                "phase_name": state and PHASE_NAMES[Phase(state.phase)],
                "open": state is not None and state.phase == Phase.open,
                # what the unit's submitted dossiers count against the plan's quotas per unit (None: no number)
                "quota": unit_id and unit_standing(session, EmulationPlan.model_validate(campaign.settings), unit_id),
            }
        )
    return rows


def _unit_page(request: Request, session: Session, user: models.User, failure: Failure | None = None) -> HTMLResponse:
    listing, dossiers = dossier_listing(request, session, user, unit_id=user.unit_id,
                                        sorts=["newest", "oldest", "title", "campaign"])
    context = {
        "listing": listing,
        "unit": session.get(models.Unit, user.unit_id),
        "campaigns": campaign_deadlines(session, user),
        "registrations": registration_rows(session, user),  # đăng ký thi đua, where a plan asks for it
        "dossiers": dossiers,
        "stage_names": STAGE_NAMES,
        "failure": failure,
    }
    return page(request, "unit.html", context, failure.status if failure else 200)


@router.get("", response_class=HTMLResponse)
def unit_home(request: Request, session: SessionDep, user: UnitHead) -> HTMLResponse:
    return _unit_page(request, session, user)


@router.post("/dossiers", response_class=HTMLResponse)
async def create_dossier(
    request: Request, session: SessionDep, client: ClientDep, settings: SettingsDep, user: UnitHead, form: CheckedForm
) -> Response:
    try:
        body = validated(dossiers_api.DossierCreate, {"campaign_code": form.get("campaign_code"), "title": form.get("title")})
        dossier = await dossiers_api.create_dossier(body, session, client, settings, user, request_id(form))
    except (ServiceError, FormInvalid) as error:
        return _unit_page(request, session, user, failed("create", error, form))
    return see_other(f"/unit/dossiers/{dossier.id}", "create")


@router.get("/dossiers/{dossier_id}", response_class=HTMLResponse)
def dossier(dossier_id: str, request: Request, session: SessionDep, user: UnitSide) -> HTMLResponse:
    return dossier_page(request, session, user, dossier_id, AREA)


@router.post("/dossiers/{dossier_id}/nominees", response_class=HTMLResponse)
async def add_nominee(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, user: UnitSide, form: CheckedForm
) -> Response:
    async def add() -> None:
        campaign_code = dossiers_api.load_dossier(session, dossier_id, user).campaign_code
        campaign = session.exec(select(models.Campaign).where(models.Campaign.code == campaign_code)).one()
        kind = EmulationPlan.model_validate(campaign.settings).dossier_rules().subject_kind(str(form.get("subject_kind")))
        if kind is None:
            raise FormInvalid({"subject_kind": "Chọn đối tượng được đề nghị."})
        fields = ("subject_kind", "name", "position", "birth_date", "id_number", "achievement_summary")
        nominee = validated(NomineeInput, {"group": kind.group} | {f: form.get(f) for f in fields})
        await dossiers_api.add_nominee(dossier_id, nominee, session, client, user, request_id(form))

    return await dossier_form(request, session, user, dossier_id, AREA, "nominee", form, add)


@router.post("/dossiers/{dossier_id}/minutes", response_class=HTMLResponse)
async def record_minutes(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, user: UnitSide, form: CheckedForm
) -> Response:
    async def record() -> None:
        votes = {name.removeprefix("votes_"): value for name, value in form.items() if name.startswith("votes_")}
        fields = ("meeting_date", "members", "present", "meeting_time", "place", "chair", "secretary")
        data = {f: form.get(f) for f in fields} | {"votes": votes}
        minutes = validated(Minutes, data)
        await dossiers_api.record_minutes(dossier_id, minutes, session, client, user, request_id(form))

    return await dossier_form(request, session, user, dossier_id, AREA, "minutes", form, record)


@router.post("/dossiers/{dossier_id}/documents", response_class=HTMLResponse)
async def attach_document(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, files: FileStoreDep,
    settings: SettingsDep, user: UnitSide, form: CheckedForm,
) -> Response:
    async def attach() -> None:
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            raise FormInvalid({"file": "Chọn tệp cần đính kèm."})
        kind, nominee_key = str(form.get("kind") or ""), str(form.get("nominee_key") or "") or None
        await dossiers_api.attach(
            session, client, user, files, settings, dossier_id, file, kind, nominee_key, request_id(form),
            description=form.get("description"),  # what a "Tài liệu khác" is
        )

    return await dossier_form(request, session, user, dossier_id, AREA, "document", form, attach)


async def _act(
    action: str, dossier_id: str, request: Request, session: Session, client, user: models.User, form
) -> Response:
    async def send() -> None:
        reason = validated(Reason, {"reason": str(form.get("reason") or "").strip()}).reason
        message = Act(actor=actor_of(user, action), reason=reason)
        update = getattr(DossierWorkflow, action)
        await dossiers_api.act(session, client, dossier_id, user, update, message, request_id(form))

    return await dossier_form(request, session, user, dossier_id, AREA, action, form, send)


@router.post("/dossiers/{dossier_id}/supplement", response_class=HTMLResponse)
async def supplement(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, user: UnitSide, form: CheckedForm
) -> Response:
    return await _act("supplement", dossier_id, request, session, client, user, form)
