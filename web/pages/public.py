"""What anyone may see without logging in: the start page and each campaign's honour roll."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlmodel import select

from db import models
from web.deps import SessionDep
from web.pages.deps import OptionalLogin
from web.pages.render import page
from web.routes import public as public_api
from web.scope import visible_campaigns

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, login: OptionalLogin) -> HTMLResponse:
    """The campaigns' honour rolls: someone logged in sees their own issuer's campaigns; anyone else the public
    list of every issuer's, whose honour rolls are public."""
    if login is not None:
        campaigns = visible_campaigns(session, login.user, kind="emulation")
    else:
        campaigns = session.exec(
            select(models.Campaign).where(models.Campaign.kind == "emulation").order_by(models.Campaign.code)
        ).all()
    return page(request, "home.html", {"campaigns": campaigns})


@router.get("/honour-roll/{code}", response_class=HTMLResponse)
def honour_roll(code: str, request: Request, session: SessionDep, _login: OptionalLogin) -> HTMLResponse:
    return page(request, "honour_roll.html", {"roll": public_api.honour_roll(code, session)})
