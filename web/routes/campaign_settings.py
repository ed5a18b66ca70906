"""A running campaign's deadlines and settings: events' dates, a new version of its settings shown as a diff
first and then applied by its workflow, and the versions applied.

The deadlines are resolved here, where the working-day calendar is (common/workdays.py), and sent to the
campaign workflow with the request; its validator checks them against what it holds (schemas/campaign_changes.py).
"""

from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from sqlmodel import Session
from temporalio.exceptions import ApplicationError

from common.text import VN_TZ, vn_date
from common.workdays import default_calendar
from db import models
from db.campaigns import settings_facts, settings_versions
from db.issuers import issuers_for_files, own_issuer
from schemas.campaign import EmulationPlan
from schemas.campaign_changes import (
    ApplySettings,
    Change,
    EventDateSet,
    MAX_CHANGES_SHOWN,
    SettingsChangeRequest,
    check_change,
    settings_diff,
)
from schemas.campaign_file import CampaignFileError, read_campaign_file
from schemas.council import ACTIONS, CampaignState, EventDate
from schemas.deadlines import STEP_NAMES, STEPS
from schemas.dossier_actions import ROLE_NAMES, Role
from web.deps import ClientDep, CurrentUser, SessionDep, SettingsDep, actor_of
from web.errors import ServiceError
from web.routes.campaigns import CampaignDetail, act, file_refused, load
from web.routes.dossiers import RequestId
from workflows.campaign import CampaignWorkflow

router = APIRouter(prefix="/api/campaigns", tags=["campaigns"])
CHANGERS = ACTIONS["apply_settings"].roles


class DeadlineView(BaseModel):
    step: str
    name: str  # "Hạn nộp hồ sơ"
    rule: str  # as the plan writes it: "15 ngày sau Hội nghị sơ kết"
    last_day: date | None  # the last day the step may be done; None until its event is dated
    text: str  # "trước ngày 20/03/2026", "chậm nhất ngày 19/03/2026", "chưa có ngày (…)"


class EventView(BaseModel):
    code: str
    name: str
    day: date | None


class DeadlinesView(BaseModel):
    version: int
    events: list[EventView]
    deadlines: list[DeadlineView]


class SettingsPreview(BaseModel):
    version: int  # the version in force, which the change replaces: send it back with the change
    changes: list[Change]
    deadlines: list[DeadlineView]  # as they would be
    refused: dict[str, Any] | None = None  # {code, message}: the change would be refused, and why


class VersionView(BaseModel):
    version: int
    applied_at: datetime
    actor_name: str
    reason: str
    changes: list[Change]


def current(session: Session, campaign: models.Campaign) -> tuple[EmulationPlan, CampaignState]:
    if campaign.kind != "emulation":
        raise ServiceError("CAMPAIGN_WRONG_PHASE", action="Đổi cấu hình", phase="", phase_name="kế hoạch cải cách hành chính",
                           allowed="đợt thi đua")
    run = session.get(models.CampaignRun, campaign.code)
    if run is not None:
        session.refresh(run)
    state = CampaignState.model_validate(run.state) if run else CampaignState(code=campaign.code, title=campaign.title)
    return EmulationPlan.model_validate(campaign.settings), state


def resolve(plan: EmulationPlan, event_dates: dict[str, date]) -> dict[str, date]:
    return plan.deadlines.resolve(event_dates, default_calendar())


def deadline_views(plan: EmulationPlan, due: dict[str, date]) -> list[DeadlineView]:
    names = plan.deadlines.event_names()
    views = []
    for step in STEPS:
        rule = plan.deadlines.rule(step)
        if rule is None:
            continue
        last = due.get(step)
        if last is None:
            text = f"chưa có ngày ({rule.text(names)})"
        elif step == "submission":
            text = f"trước ngày {vn_date(last + timedelta(days=1))}"
        else:
            text = f"chậm nhất ngày {vn_date(last)}"
        views.append(DeadlineView(step=step, name=STEP_NAMES[step], rule=rule.text(names), last_day=last, text=text))
    return views


def deadlines_view(plan: EmulationPlan, state: CampaignState) -> DeadlinesView:
    events = [EventView(code=c, name=n, day=state.event_dates.get(c)) for c, n in plan.deadlines.event_names().items()]
    due = state.due or resolve(plan, state.event_dates)
    return DeadlinesView(version=state.settings_version, events=events, deadlines=deadline_views(plan, due))


def refusal(error: ApplicationError) -> ServiceError:
    return ServiceError(error.type, **(error.details[0] if error.details else {}))


def allow_change(user: models.User) -> None:
    if not user.holds(*CHANGERS):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=ACTIONS["apply_settings"].name)


async def read_new_settings(session: Session, settings, user: models.User, code: str, content: bytes,
                            source: str) -> EmulationPlan:
    """The file's settings for this campaign (a yearly plan's year of it), checked as a file loaded is."""
    try:
        issuers = {c: record for c, record in issuers_for_files(session).items() if c == own_issuer(session, user)}
        plan = await run_in_threadpool(read_campaign_file, content, source, settings.campaign_file_max_bytes, issuers)
    except CampaignFileError as error:
        raise file_refused("CAMPAIGN_FILE_INVALID", source, error.problems) from None
    if not isinstance(plan, EmulationPlan):
        raise ServiceError("SETTINGS_FIELD_FIXED", field="kind")
    period = next((p for p in plan.periods() if p.code == code), None)
    if period is None:
        raise ServiceError("SETTINGS_FIELD_FIXED", field="code")
    return period


@router.get("/{code}/deadlines", response_model=DeadlinesView)
def read_deadlines(code: str, session: SessionDep, user: CurrentUser) -> DeadlinesView:
    """The campaign's events and their dates, and each step's deadline as it stands."""
    plan, state = current(session, load(session, code, user))
    return deadlines_view(plan, state)


@router.post("/{code}/event-dates", response_model=CampaignDetail)
async def set_event_date(
    code: str, body: EventDate, session: SessionDep, client: ClientDep, user: CurrentUser, request_id: RequestId = None
) -> CampaignDetail:
    """An event's date: every deadline hanging on it moves, in the workflow's timers, the reminders, the pages
    and the campaign's dossiers, those created before and after."""
    plan, state = current(session, load(session, code, user))
    event_dates = {**state.event_dates, body.event: body.day}
    message = EventDateSet(
        actor=actor_of(user, "set_event_date"), event=body.event, day=body.day, event_dates=event_dates,
        due=resolve(plan, event_dates), version=state.settings_version, facts=settings_facts(session, code),
    )
    return await act(session, client, code, user, CampaignWorkflow.set_event_date, message, request_id)


@router.post("/{code}/settings/preview", response_model=SettingsPreview)
async def preview_settings(
    code: str, session: SessionDep, settings: SettingsDep, user: CurrentUser,
    file: Annotated[UploadFile, File(description="The campaign's settings file, changed")],
) -> SettingsPreview:
    """What a new version of the settings would change (field path, old value, new value), and whether it would
    be refused, before anything is applied."""
    allow_change(user)
    campaign = load(session, code, user)
    content = await file.read(settings.campaign_file_max_bytes + 1)
    new = await read_new_settings(session, settings, user, code, content, file.filename or "kế hoạch")
    return preview(session, campaign, new)


def preview(session: Session, campaign: models.Campaign, new: EmulationPlan) -> SettingsPreview:
    old, state = current(session, campaign)
    due = resolve(new, state.event_dates)
    views = deadline_views(new, due)
    try:
        changes = check_change(old, new, state, settings_facts(session, campaign.code), due, today())
    except ApplicationError as error:
        changes = settings_diff(old.model_dump(mode="json"), new.model_dump(mode="json"))
        return SettingsPreview(version=state.settings_version, changes=changes[:MAX_CHANGES_SHOWN], deadlines=views,
                               refused={"code": error.type, "message": error.message})
    return SettingsPreview(version=state.settings_version, changes=changes, deadlines=views)


def today() -> date:
    return datetime.now(VN_TZ).date()


@router.post("/{code}/settings", response_model=CampaignDetail)
async def apply_settings(
    code: str, session: SessionDep, client: ClientDep, settings: SettingsDep, user: CurrentUser,
    file: Annotated[UploadFile, File(description="The campaign's settings file, changed, as previewed")],
    reason: Annotated[str, Form(max_length=2000)], version: Annotated[int, Form(ge=1, le=10_000)],
    request_id: RequestId = None,
) -> CampaignDetail:
    """Apply a new version of the settings: the campaign workflow checks it and applies it to itself and its
    dossiers, or refuses it with nothing changed. `version` is the one the preview showed."""
    allow_change(user)
    campaign = load(session, code, user)
    request = SettingsChangeRequest(reason=reason, version=version)
    content = await file.read(settings.campaign_file_max_bytes + 1)
    new = await read_new_settings(session, settings, user, code, content, file.filename or "kế hoạch")
    return await apply(session, client, campaign, user, new, request, request_id)


async def apply(session: Session, client, campaign: models.Campaign, user: models.User, new: EmulationPlan,
                request: SettingsChangeRequest, request_id: str | None) -> CampaignDetail:
    _, state = current(session, campaign)
    message = ApplySettings(
        actor=actor_of(user, "apply_settings"), settings=new, version=request.version, reason=request.reason,
        due=resolve(new, state.event_dates), facts=settings_facts(session, campaign.code),
    )
    return await act(session, client, campaign.code, user, CampaignWorkflow.apply_settings, message, request_id)


@router.get("/{code}/settings/versions", response_model=list[VersionView])
def list_versions(code: str, session: SessionDep, user: CurrentUser) -> list[VersionView]:
    """The versions applied to the campaign since it was loaded (version 1), with who applied each and why."""
    campaign = load(session, code, user)
    return [
        VersionView(version=v.version, applied_at=v.applied_at, actor_name=v.actor_name, reason=v.reason,
                    changes=[Change.model_validate(c) for c in v.changes])
        for v in settings_versions(session, campaign.code)
    ]
