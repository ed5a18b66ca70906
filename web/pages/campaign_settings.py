"""A running campaign's page of deadlines and settings, for the office and the admin: the events and their dates
(entered here), each step's deadline as it stands, the versions of the settings applied, and a changed settings
file shown as a diff before it is applied (web/routes/campaign_settings.py does the work)."""

import re
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import UploadFile

from common.bounds import SoonDay
from common.text import VN_TZ, InputModel, vn_date
from db import models
from db.campaigns import settings_versions
from db.progress import campaign_progress
from schemas.campaign_changes import SettingsChangeRequest
from schemas.council import ACTIONS, PHASE_NAMES, EventDate, Phase
from schemas.dossier_actions import Role
from web.deps import ClientDep, SessionDep, SettingsDep
from web.errors import ServiceError
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import Failure, FormInvalid, failed, page, request_id, see_other, validated
from web.routes import campaign_settings as api
from web.routes.campaigns import load

router = APIRouter(prefix="/admin/campaigns", include_in_schema=False)
Office = Annotated[models.User, for_roles(Role.admin, Role.office_head, Role.appraiser)]


def shown(value) -> str:
    """A changed value as a clerk reads it: dates dd/mm/yyyy, yes/no, lists joined, nothing as "(không có)"."""
    if value is None or value == [] or value == {}:
        return "(không có)"
    if isinstance(value, bool):
        return "có" if value else "không"
    if isinstance(value, list):
        return ", ".join(shown(item) for item in value)
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return vn_date(date.fromisoformat(value))
    return str(value)


def rows(changes) -> list[dict]:
    return [{"path": c.path, "old": shown(c.old), "new": shown(c.new)} for c in changes]


class EventDateForm(InputModel):
    event: str
    day: SoonDay


def _page(request: Request, session: Session, user: models.User, code: str, failure: Failure | None = None,
          preview: api.SettingsPreview | None = None, content: str = "", status: int = 200) -> HTMLResponse:
    campaign = load(session, code, user)
    plan, state = api.current(session, campaign)
    view = api.deadlines_view(plan, state)
    context = {
        "campaign": campaign,
        "progress": campaign_progress(session, campaign.code, view.deadlines, datetime.now(VN_TZ).date()),
        "phase_name": PHASE_NAMES[Phase(state.phase)],
        "view": view,
        "versions": [
            {"version": v.version, "applied_at": v.applied_at, "actor_name": v.actor_name, "reason": v.reason,
             "changes": rows(api.Change.model_validate(c) for c in v.changes)}
            for v in settings_versions(session, campaign.code)
        ],
        "changes": rows(preview.changes) if preview else [],
        "can_date": user.holds(*ACTIONS["set_event_date"].roles),
        "can_change": user.holds(*api.CHANGERS),
        "preview": preview,
        "content": content,
        "failure": failure,
    }
    return page(request, "campaign_settings.html", context, failure.status if failure else status)


@router.get("/{code}", response_class=HTMLResponse)
def campaign_settings(code: str, request: Request, session: SessionDep, user: Office) -> HTMLResponse:
    return _page(request, session, user, code)


@router.post("/{code}/event-dates", response_class=HTMLResponse)
async def enter_event_date(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Office, form: CheckedForm
) -> Response:
    try:
        body = validated(EventDateForm, dict(form))
        await api.set_event_date(code, EventDate(event=body.event, day=body.day), session, client, user, request_id(form))
    except (ServiceError, FormInvalid) as error:
        return _page(request, session, user, code, failed("event_date", error, form))
    return see_other(f"/admin/campaigns/{code}", "event_date")


@router.post("/{code}/settings/preview", response_class=HTMLResponse)
async def preview_settings(
    code: str, request: Request, session: SessionDep, settings: SettingsDep, user: Office, form: CheckedForm
) -> Response:
    file = form.get("file")
    try:
        api.allow_change(user)
        if not isinstance(file, UploadFile) or not file.filename:
            raise ServiceError("CAMPAIGN_FILE_INVALID", source="(chưa chọn tệp)", problems="hãy chọn một tệp .yaml")
        content = await file.read(settings.campaign_file_max_bytes + 1)
        campaign = load(session, code, user)
        new = await api.read_new_settings(session, settings, user, code, content, file.filename)
        shown = api.preview(session, campaign, new)
    except ServiceError as error:
        return _page(request, session, user, code, failed("settings", error, form))
    return _page(request, session, user, code, preview=shown, content=content.decode("utf-8"))


@router.post("/{code}/settings", response_class=HTMLResponse)
async def apply_settings(
    code: str, request: Request, session: SessionDep, client: ClientDep, settings: SettingsDep, user: Office,
    form: CheckedForm,
) -> Response:
    """Apply the file shown as a diff (carried in the form as its text), with the reason."""
    try:
        api.allow_change(user)
        change = validated(SettingsChangeRequest, {"reason": form.get("reason"), "version": form.get("version")})
        content = str(form.get("content") or "").encode("utf-8")
        campaign = load(session, code, user)
        new = await api.read_new_settings(session, settings, user, code, content, "kế hoạch")
        await api.apply(session, client, campaign, user, new, change, request_id(form))
    except (ServiceError, FormInvalid) as error:
        return _page(request, session, user, code, failed("apply", error, form))
    return see_other(f"/admin/campaigns/{code}", "settings")
