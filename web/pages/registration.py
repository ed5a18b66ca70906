"""The registration pages (đăng ký thi đua): the unit's (has it registered, by when, a form to register) and the
office's (who has and has not registered, with counts, and a form to enter a paper registration received).
They call what the JSON API calls (web/routes/registrations.py)."""

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session, select
from starlette.datastructures import FormData

from common.bounds import Id
from db import models
from db import registrations as store
from schemas.dossier_actions import APPRAISERS, Role
from schemas.registration import REGISTRANT_NAMES
from web.deps import SessionDep
from web.errors import ServiceError
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import Failure, FormInvalid, failed, page, see_other, validated
from web.routes import registrations as api
from web.scope import visible_campaigns

router = APIRouter(include_in_schema=False)

UnitHead = Annotated[models.User, for_roles(Role.unit_head)]
Office = Annotated[models.User, for_roles(*APPRAISERS)]


def registration_rows(session: Session, user: models.User) -> list[dict]:
    """The user's issuer's emulation campaigns whose plan asks for registration, each with its deadline and, for a
    unit head, whether the unit has registered; for the office, how many of the units asked have."""
    rows = []
    for campaign in visible_campaigns(session, user, kind="emulation"):
        plan = store.plan_of(campaign)
        if not plan.registration.asked:
            continue
        row = {"campaign": campaign, "mode": plan.registration.mode, "deadline": store.deadline_of(session, campaign, plan)}
        if user.holds(Role.unit_head):
            row["registered"] = bool(store.registrations(session, campaign.code, user.unit_id))
        else:
            overview = store.overview(session, campaign)
            row["count"], row["expected"] = len(overview.registered), len(overview.registered) + len(overview.not_registered)
        rows.append(row)
    return rows


def _targets(form: FormData) -> list[str]:
    return [line.strip() for line in str(form.get("targets") or "").splitlines() if line.strip()]


def _body(form: FormData, model: type[api.RegistrationCreate], **extra) -> api.RegistrationCreate:
    data = {"registrant": form.get("registrant") or "unit", "name": form.get("name"), "targets": _targets(form)}
    return validated(model, data | extra)


def _context(session: Session, user: models.User, code: str, failure: Failure | None) -> dict:
    campaign = api.emulation_campaign(session, user, code)
    listing = api.registration_list(session, user, campaign)
    choices = {who: REGISTRANT_NAMES[who].capitalize() for who in listing.who}
    return {"campaign": campaign, "listing": listing, "registrant_choices": choices, "failure": failure,
            "today": api.today()}


# --- the unit's page ------------------------------------------------------------------------------


def _unit_page(request: Request, session: Session, user: models.User, code: str, failure: Failure | None = None):
    context = _context(session, user, code, failure)
    return page(request, "registration_unit.html", context, failure.status if failure else 200)


@router.get("/unit/registration/{code}", response_class=HTMLResponse)
def unit_registration(code: str, request: Request, session: SessionDep, user: UnitHead) -> HTMLResponse:
    return _unit_page(request, session, user, code)


@router.post("/unit/registration/{code}", response_class=HTMLResponse)
def register(code: str, request: Request, session: SessionDep, user: UnitHead, form: CheckedForm) -> Response:
    try:
        api.register(code, _body(form, api.RegistrationCreate), session, user)
    except (ServiceError, FormInvalid) as error:
        return _unit_page(request, session, user, code, failed("register", error, form))
    return see_other(f"/unit/registration/{code}", "register")


@router.post("/unit/registration/{code}/{registration_id}/withdraw", response_class=HTMLResponse)
def unit_withdraw(
    code: str, registration_id: Id, request: Request, session: SessionDep, user: UnitHead, form: CheckedForm
) -> Response:
    try:
        api.withdraw(code, registration_id, session, user)
    except ServiceError as error:
        return _unit_page(request, session, user, code, failed("withdraw", error, form))
    return see_other(f"/unit/registration/{code}", "registration_withdraw")


# --- the office's page ----------------------------------------------------------------------------


def _office_page(request: Request, session: Session, user: models.User, code: str, failure: Failure | None = None):
    context = _context(session, user, code, failure)
    listing = context["listing"]
    context["unit_choices"] = {str(row.unit_id): row.unit_name for row in listing.not_registered + listing.registered}
    context["paper_unit"] = request.query_params.get("unit_id", "")  # the unit whose button was pressed
    return page(request, "registration_office.html", context, failure.status if failure else 200)


@router.get("/appraisal/registration/{code}", response_class=HTMLResponse)
def office_registration(code: str, request: Request, session: SessionDep, user: Office) -> HTMLResponse:
    return _office_page(request, session, user, code)


@router.post("/appraisal/registration/{code}/paper", response_class=HTMLResponse)
def enter_paper(code: str, request: Request, session: SessionDep, user: Office, form: CheckedForm) -> Response:
    try:
        body = _body(form, api.PaperRegistration, unit_id=form.get("unit_id"), received_on=form.get("received_on"))
        api.enter_paper(code, body, session, user)
    except (ServiceError, FormInvalid) as error:
        return _office_page(request, session, user, code, failed("paper", error, form))
    return see_other(f"/appraisal/registration/{code}", "paper_registration")


def registration_fact(session: Session, campaign: models.Campaign, dossier: models.Dossier) -> dict | None:
    """For a dossier's page: whether its unit and nominees are registered as the plan asks (None: it asks none)."""
    plan = store.plan_of(campaign)
    if not plan.registration.asked:
        return None
    nominees = session.exec(select(models.Nominee).where(models.Nominee.dossier_id == dossier.id)).all()
    check = store.check_nomination(session, campaign, session.get(models.Unit, dossier.unit_id),
                                   [(n.group, n.name) for n in nominees])
    return {"mode": check.mode, "missing": check.missing, "deadline": check.deadline, "code": campaign.code}
