"""One-off awards (khen thưởng đột xuất, chuyên đề) in the pages (db/one_off.py): the office raises one for a
unit's achievement, and a unit's head for their own unit where the issuer's standing rules let units propose;
both see the ones raised and where each stands. The dossier, appraisal, council and decision are then the
campaign's own pages.

    /one-off                the list, and the form to raise one
    /one-off/{code}/dossier the office lodges the dossier itself, in the proposing unit's name (one it raised)
    /one-off/{code}/report  the office reports its appraisal to the head, where the council does not sit
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select

from common.text import VN_TZ
from common.workdays import default_calendar
from db import models
from db.issuers import issuers_for_files, own_issuer
from db.one_off import OneOffRequest, one_off_rows, raise_one_off
from schemas.campaign_file import CampaignFileError
from schemas.dossier import Act
from schemas.dossier_actions import APPRAISERS, STAGE_NAMES, Role, Stage
from schemas.standing_rules import StandingRules, standing_rules
from web.campaign_workflows import campaign_started, start_campaign_workflows
from web.routes.campaigns import act
from workflows.campaign import CampaignWorkflow
from web.deps import ClientDep, SessionDep, SettingsDep, actor_of
from web.errors import ServiceError
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import Failure, FormInvalid, failed, page, request_id, see_other, validated
from web.routes import dossiers as dossiers_api

router = APIRouter(include_in_schema=False)

Proposer = Annotated[models.User, for_roles(*APPRAISERS, Role.unit_head)]
FIELDS = ("award_form", "title", "achievement", "achieved_on", "unit_id")
UNIT_STAGES = {Stage.draft, Stage.minutes_recorded, Stage.submitted, Stage.supplement_requested}  # the unit's turn


def _rules(session: Session, user: models.User) -> StandingRules | None:
    code = own_issuer(session, user)
    try:
        return standing_rules(code, issuers_for_files(session)) if code else None
    except CampaignFileError as error:  # the office's file is wrong: said plainly, nothing raised
        raise ServiceError("INVALID_INPUT", problems=str(error)) from None


def _as_office(user: models.User) -> bool:
    return user.holds(*APPRAISERS)


def _may_raise(rules: StandingRules | None, user: models.User) -> bool:
    if rules is None:
        return False
    return ("office" in rules.proposers and _as_office(user)) or (
        "unit" in rules.proposers and user.holds(Role.unit_head) and user.unit_id is not None)


def dossier_link(dossier: models.Dossier, office_lodges: bool, office: bool) -> str:
    """A dossier's page for this reader: the unit's (to fill it in) while it is with the unit, for the office
    too where it lodges in the unit's name; the appraisal's once submitted."""
    with_unit = Stage(dossier.stage) in UNIT_STAGES
    return f"/unit/dossiers/{dossier.id}" if not office or (office_lodges and with_unit) else f"/appraisal/dossiers/{dossier.id}"


def _page(request: Request, session: Session, user: models.User, failure: Failure | None = None) -> HTMLResponse:
    rules = _rules(session, user)
    office = _as_office(user)
    rows = one_off_rows(session, user.issuer_id, None if office else user.unit_id)
    units = session.exec(select(models.Unit).where(models.Unit.issuer_id == user.issuer_id, models.Unit.active)
                         .order_by(models.Unit.name)) if office else []
    context = {
        "rules": rules, "may_raise": _may_raise(rules, user), "office": office,
        "forms": {form.code: form.name for form in rules.award_forms} if rules else {},
        "units": {"": "(chọn đơn vị)"} | {str(u.id): u.name for u in units},
        "rows": rows, "stage_names": STAGE_NAMES,
        "links": {d.id: dossier_link(d, row.office_lodges, office) for row in rows for d in row.dossiers},
        "raised": request.query_params.get("raised", ""), "failure": failure,
    }
    return page(request, "one_off.html", context, failure.status if failure else 200)


@router.get("/one-off", response_class=HTMLResponse)
def one_off_page(request: Request, session: SessionDep, user: Proposer) -> HTMLResponse:
    return _page(request, session, user)


@router.post("/one-off", response_class=HTMLResponse)
async def raise_page(request: Request, session: SessionDep, client: ClientDep, settings: SettingsDep, user: Proposer,
                     form: CheckedForm) -> Response:
    rules = _rules(session, user)
    try:
        if not _may_raise(rules, user):
            raise ServiceError("WRONG_ROLE", role="người dùng này", action="Đề nghị khen thưởng đột xuất")
        data = {name: form.get(name) for name in FIELDS}
        if not _as_office(user):
            data["unit_id"] = user.unit_id  # a unit proposes for itself
        body = validated(OneOffRequest, data)
        if rules.form(body.award_form) is None:
            raise FormInvalid({"award_form": "Chọn một hình thức khen thưởng trong quy định."})
        today = datetime.now(VN_TZ).date()
        if body.achieved_on > today:
            raise FormInvalid({"achieved_on": "Ngày lập thành tích không được sau hôm nay."})
        by_office = _as_office(user)
        proposed_by = user.full_name if by_office else session.get(models.Unit, user.unit_id).name
        try:
            plan = raise_one_off(session, rules, body, user.issuer_id, today, default_calendar(), proposed_by, by_office)
        except LookupError:
            raise FormInvalid({"unit_id": "Chọn một đơn vị đang hoạt động của cơ quan."}) from None
    except (ServiceError, FormInvalid) as error:
        return _page(request, session, user, failed("one_off", error, form))
    await start_campaign_workflows(client, plan, settings.temporal_task_queue)
    await campaign_started(client, plan.code)
    return see_other(f"/one-off?raised={plan.code}")


Office = Annotated[models.User, for_roles(*APPRAISERS)]


@router.post("/one-off/{code}/dossier", response_class=HTMLResponse)
async def lodge_page(request: Request, code: str, session: SessionDep, client: ClientDep, settings: SettingsDep,
                     user: Office, form: CheckedForm) -> Response:
    """The office lodges the dossier of a one-off award it raised, in the proposing unit's name, and fills it in
    on the unit's page of the dossier, as the unit's head would."""
    try:
        body = validated(dossiers_api.DossierCreate, {"campaign_code": code})
        dossier = await dossiers_api.create_dossier(body, session, client, settings, user, request_id(form))
    except (ServiceError, FormInvalid) as error:
        return _page(request, session, user, failed("one_off", error, form))
    return see_other(f"/unit/dossiers/{dossier.id}", "create")


@router.post("/one-off/{code}/report", response_class=HTMLResponse)
async def report_page(request: Request, code: str, session: SessionDep, client: ClientDep, user: Office,
                      form: CheckedForm) -> Response:
    """The office's appraisal reported to the head without the council (the standing rules' `council: false`):
    the draft decision waits for the Chairman's signature on the decision's page."""
    try:
        await act(session, client, code, user, CampaignWorkflow.report_appraisal,
                  Act(actor=actor_of(user, "report_appraisal")), None)
    except ServiceError as error:
        return _page(request, session, user, failed("one_off", error, form))
    return see_other(f"/decision/{code}")
