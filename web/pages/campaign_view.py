"""What a campaign's pages show (the council's, the decision's), and their forms."""

from typing import Any, Awaitable, Callable

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session
from starlette.datastructures import FormData

from db import models, queries
from schemas.campaign import EmulationPlan
from schemas.council import PHASE_NAMES, CampaignState, Phase
from db.blanks import layouts
from web.pages.downloads import campaign_downloads, decision_integrity, pdf_available
from web.pages.render import Failure, page, take_form
from web.routes import campaigns as campaigns_api
from web.scope import visible_campaigns


def emulation_campaigns(session: Session, user: models.User) -> list[dict[str, Any]]:
    """Each emulation campaign of the user's issuer with the name of its phase."""
    rows = []
    for campaign in visible_campaigns(session, user, kind="emulation"):
        run = session.get(models.CampaignRun, campaign.code)
        rows.append({"campaign": campaign, "phase_name": run and PHASE_NAMES[Phase(run.phase)]})
    return rows


def campaign_page(
    request: Request, session: Session, code: str, template: str, failure: Failure | None = None
) -> HTMLResponse:
    user = request.state.login.user
    campaign = campaigns_api.load(session, code, user)
    detail = campaigns_api.detail(session, campaign, user.id, user.roles)
    context = {
        "campaign": detail,
        "phases": Phase,
        "members": queries.council_members(session, campaign.issuer_id),
        "candidates": queries.council_candidates(session, code),
        "failure": failure,
    } | _documents(request, session, campaign, detail.run)
    return page(request, template, context, failure.status if failure else 200)


def _documents(
    request: Request, session: Session, campaign: models.Campaign, state: CampaignState | None
) -> dict[str, Any]:
    """The campaign's documents the logged-in user may download, and the signed decision's integrity."""
    if state is None:  # a reform plan: no campaign workflow, no documents
        return {"downloads": [], "integrity": None, "pdf": False}
    user = request.state.login.user
    plan = EmulationPlan.model_validate(campaign.settings)
    integrity = decision_integrity(request, session, campaign.code, state, user)
    blank_layouts = layouts(session, user.issuer_id) if integrity is not None else []  # signed: print on blanks
    downloads = campaign_downloads(campaign.code, plan, state, user, integrity, blank_layouts)
    return {"downloads": downloads, "integrity": integrity, "pdf": pdf_available()}


async def campaign_form(
    request: Request, session: Session, code: str, template: str, then: str, form_name: str, form: FormData,
    action: Callable[[], Awaitable[Any]],
) -> Response:
    def show(failure: Failure) -> Response:
        return campaign_page(request, session, code, template, failure)

    return await take_form(form_name, form, action, then, show)
