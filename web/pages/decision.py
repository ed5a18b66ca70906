"""The decision's pages: the Chairman signs it with its list; communications publicises the awards."""

from typing import Annotated

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from db import models
from schemas.dossier import Role
from web.deps import ClientDep, SessionDep
from web.pages.campaign_view import campaign_form, campaign_page, emulation_campaigns
from web.pages.deps import CheckedForm, for_roles
from web.pages.render import page, request_id
from web.routes import campaigns as campaigns_api

router = APIRouter(prefix="/decision", include_in_schema=False)

Readers = Annotated[models.User, for_roles(Role.chairman, Role.deputy_chairman, Role.communications)]
Chairman = Annotated[models.User, for_roles(Role.chairman, Role.deputy_chairman)]
Communications = Annotated[models.User, for_roles(Role.communications)]
TEMPLATE = "decision.html"


@router.get("", response_class=HTMLResponse)
def campaigns(request: Request, session: SessionDep, user: Readers) -> HTMLResponse:
    return page(request, "campaigns.html", {"rows": emulation_campaigns(session, user), "link": "/decision/"})


@router.get("/{code}", response_class=HTMLResponse)
def decision(code: str, request: Request, session: SessionDep, _user: Readers) -> HTMLResponse:
    return campaign_page(request, session, code, TEMPLATE)


@router.post("/{code}/sign", response_class=HTMLResponse)
async def sign(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Chairman, form: CheckedForm
) -> Response:
    async def sign_it() -> None:
        await campaigns_api.sign_decision(code, campaigns_api.SigningRequest(), session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/decision/{code}", "sign", form, sign_it)


@router.post("/{code}/recognise", response_class=HTMLResponse)
async def recognise(
    code: str, request: Request, session: SessionDep, client: ClientDep, user: Communications, form: CheckedForm
) -> Response:
    async def publicise() -> None:
        await campaigns_api.recognise(code, session, client, user, request_id(form))

    return await campaign_form(request, session, code, TEMPLATE, f"/decision/{code}", "recognise", form, publicise)
