"""The unit head sends a dossier: a summary to check first (the documents present and missing against the plan's
list, each nominee's warnings, the deadline and the unit's extension, the unit's quotas), then "Xác nhận nộp" with
the box that restates the step; and recalls one it sent, until the office starts the appraisal."""

from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from common.text import VN_TZ
from db import models
from schemas.council import CampaignState
from schemas.dossier import Act, Reason
from schemas.dossier_actions import Stage
from web.deps import ClientDep, FileStoreDep, SessionDep, SettingsDep, actor_of
from web.pages.deps import CheckedForm, UnitSide
from web.pages.dossier_story import story
from web.pages.dossier_view import dossier_context, dossier_form
from web.pages.render import Failure, FormInvalid, confirmed, page, request_id, take_form, validated
from web.routes import dossiers as dossiers_api
from workflows.dossier import DossierWorkflow

router = APIRouter(prefix="/dossiers", include_in_schema=False)  # under /unit (web/pages/unit.py)

AREA = "unit"


def deadline_of(session: Session, campaign: models.Campaign, unit_id: int) -> dict:
    """The unit's deadline: the plan's, or the extension the office granted the unit (with its reason)."""
    run = session.get(models.CampaignRun, campaign.code)
    state = CampaignState.model_validate(run.state) if run else None
    extension = state.extensions.get(unit_id) if state else None
    until = extension.until if extension else campaign.submit_before
    today = datetime.now(VN_TZ).date()
    return {
        "plan": campaign.submit_before,
        "extension": extension,
        "until": until,
        "days_left": (until - today).days if until else None,  # "before the day": 0 is too late
    }


def summary_page(
    request: Request, session: Session, user: models.User, dossier_id: str, failure: Failure | None = None
) -> HTMLResponse:
    context = dossier_context(session, dossier_id, user)
    row = session.get(models.Dossier, dossier_id)
    context |= story(session, context["plan"], row, context["dossier"], AREA)
    going_in = [n for n in context["dossier"].nominees if n.status not in ("not_selected",)]
    context |= {
        "area": AREA,
        "failure": failure,
        "deadline": deadline_of(session, context["campaign"], row.unit_id),
        "going_in": going_in,
        "adds": {
            "collectives": sum(n.group == "collective" for n in going_in),
            "individuals": sum(n.group == "individual" for n in going_in),
        },
        "may_submit": Stage(row.stage) == Stage.minutes_recorded
        or (Stage(row.stage) == Stage.draft and not context["plan"].unit_meeting.required and bool(going_in)),
    }
    return page(request, "dossier_submit.html", context, failure.status if failure else 200)


@router.get("/{dossier_id}/submit", response_class=HTMLResponse)
def submit_summary(dossier_id: str, request: Request, session: SessionDep, user: UnitSide) -> HTMLResponse:
    return summary_page(request, session, user, dossier_id)


@router.post("/{dossier_id}/submit", response_class=HTMLResponse)
async def submit(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, user: UnitSide, form: CheckedForm
) -> Response:
    async def send() -> None:
        confirmed(form)
        message = Act(actor=actor_of(user, "submit"))
        await dossiers_api.act(session, client, dossier_id, user, DossierWorkflow.submit, message, request_id(form))

    def show(failure: Failure) -> Response:  # refused: the summary again, saying why
        return summary_page(request, session, user, dossier_id, failure)

    return await take_form("submit", form, send, f"/unit/dossiers/{dossier_id}", show)


@router.post("/{dossier_id}/recall", response_class=HTMLResponse)
async def recall(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, user: UnitSide, form: CheckedForm
) -> Response:
    async def send() -> None:
        reason = validated(Reason, {"reason": str(form.get("reason") or "").strip()}).reason
        message = Act(actor=actor_of(user, "recall"), reason=reason)
        await dossiers_api.act(session, client, dossier_id, user, DossierWorkflow.recall, message, request_id(form))

    return await dossier_form(request, session, user, dossier_id, AREA, "recall", form, send)


@router.post("/{dossier_id}/attach-missing", response_class=HTMLResponse)
async def attach_missing(
    dossier_id: str, request: Request, session: SessionDep, client: ClientDep, files: FileStoreDep,
    settings: SettingsDep, user: UnitSide, form: CheckedForm,
) -> Response:
    """A missing document attached on its own line of "Kiểm tra trước khi nộp": its kind and owner come with the
    form; checked and stored as any attachment (web/routes/dossiers.py attach)."""

    async def attach() -> None:
        file = form.get("file")
        if not isinstance(file, UploadFile) or not file.filename:
            raise FormInvalid({"file": "Chọn tệp cần đính kèm."})
        kind, nominee_key = str(form.get("kind") or ""), str(form.get("nominee_key") or "") or None
        await dossiers_api.attach(
            session, client, user, files, settings, dossier_id, file, kind, nominee_key, request_id(form)
        )

    return await dossier_form(request, session, user, dossier_id, AREA, "attach_missing", form, attach)
