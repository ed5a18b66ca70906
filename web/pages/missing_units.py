"""The units that have not submitted, for the council's secretary (the council's page) and the office (the
appraisal queue, and a page of its own per campaign): each with its deadline, and an extension granted there
(the campaign workflow's grant_extension, which mails the unit's heads: mail/events.py).

The list is a template global (templates/pages/_missing_units.html), read with its own database session, so
that the pages including it need not know; the routes hang under /council (council.py includes them)."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from common.text import VN_TZ
from db import models
from db.expected_units import WaitingUnit, waiting_units
from schemas.council import BEFORE_SESSION, CampaignState, Phase
from schemas.dossier_actions import Role
from web.deps import ClientDep, SessionDep
from web.pages.campaign_view import campaign_page
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import Failure, page, request_id, take_form, validated
from web.routes import campaigns as campaigns_api
from web.scope import visible_campaigns
from web.templating import templates

router = APIRouter(include_in_schema=False)

# Those who may grant a unit more time (schemas/council.py ACTIONS grant_extension).
Granter = Annotated[models.User, for_roles(Role.council_secretary, Role.appraiser, Role.office_head)]
TEMPLATE = "missing_units.html"


@dataclass
class CampaignWaiting:
    code: str
    title: str
    units: list[WaitingUnit]
    submissions_open: bool  # the campaign still takes dossiers (its deadline has not passed)
    late_from: date | None  # the campaign's own deadline: dossiers are late from this day

    @property
    def still_open(self) -> bool:
        """A unit may still submit: opening the council now needs a reason."""
        today = datetime.now(VN_TZ).date()
        return self.submissions_open or any(u.extended and u.before and u.before > today for u in self.units)


def missing_units(request: Request, code: str | None = None) -> list[CampaignWaiting]:
    """The campaign's (None: each of the user's issuer's campaigns before the council) units not submitted."""
    user = request.state.login.user
    with Session(request.app.state.engine) as session:
        campaigns = [campaigns_api.load(session, code, user)] if code else visible_campaigns(session, user, "emulation")
        rows = []
        for campaign in campaigns:
            run = session.get(models.CampaignRun, campaign.code)
            if run is None or Phase(run.phase) not in BEFORE_SESSION:
                continue
            state = CampaignState.model_validate(run.state)
            units = waiting_units(session, campaign)
            if units or code:
                rows.append(
                    CampaignWaiting(campaign.code, campaign.title, units, state.phase == Phase.open, state.submit_before)
                )
        return rows


def install() -> None:
    templates.env.globals["missing_units"] = missing_units


BACK = {"appraisal": "/appraisal"}  # where a form may send the browser back to; else the council's page


def _show(request: Request, code: str, failure: Failure | None = None) -> HTMLResponse:
    return page(request, TEMPLATE, {"code": code, "failure": failure}, failure.status if failure else 200)


@router.get("/{code}/missing-units", response_class=HTMLResponse)
def units_page(code: str, request: Request, session: SessionDep, user: Granter) -> HTMLResponse:
    campaigns_api.load(session, code, user)  # another issuer's campaign is not found
    return _show(request, code)


@router.post("/{code}/extension", response_class=HTMLResponse)
async def grant_extension(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Granter, form: CheckedForm
) -> Response:
    async def grant() -> None:
        fields = {name: form.get(name) for name in ("unit_id", "until", "reason")}
        body = validated(campaigns_api.ExtensionRequest, fields)
        await campaigns_api.grant_extension(code, body, session, client, user, request_id(form))

    back = BACK.get(str(form.get("back") or ""), f"/council/{code}")
    if back == f"/council/{code}" and not user.holds(Role.council_secretary):
        back = f"/council/{code}/missing-units"

    def show(failure: Failure) -> Response:
        if back == f"/council/{code}":  # the secretary: the council's page again, the form as typed
            return campaign_page(request, session, code, "council.html", failure)
        return _show(request, code, failure)

    return await take_form(f"extension_{code}", form, grant, back, show, done="extension")
