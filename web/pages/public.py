"""What anyone may see without logging in: the start page, each campaign's honour roll, and what an award's
code opens."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import select

from db import models
from db.award_codes import find_award
from web.deps import SessionDep, SettingsDep
from web.pages.deps import OptionalLogin
from schemas.errors import error_message
from web.errors import ServiceError
from web.pages.render import page
from web.routes import public as public_api
from web.routes.signed_decision import verified
from web.routes.documents import DocumentsDep
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


@router.get("/verify", response_class=HTMLResponse)
def verify_form(request: Request, _login: OptionalLogin, code: str = "") -> Response:
    """The code typed from the paper: its page."""
    if code.strip():
        return RedirectResponse(f"/verify/{code.strip()[:40]}", status_code=303)
    return page(request, "verify.html", {"award": None, "refusal": None})


@router.get("/verify/{code}", response_class=HTMLResponse)
def verify(
    code: str, request: Request, session: SessionDep, documents: DocumentsDep, settings: SettingsDep,
    _login: OptionalLogin,
) -> HTMLResponse:
    try:
        award = public_api.verify(code, session, documents)
    except ServiceError as refusal:
        message = error_message(refusal.code, refusal.details)
        return page(request, "verify.html", {"award": None, "refusal": message}, 404)
    # Where the decision was signed in the e-office: whose signature its file bears, checked now.
    row = documents.signed_decision(find_award(session, code[:40]).campaign_code)
    signatures = verified(row, documents.files, settings)
    return page(request, "verify.html", {"award": award, "refusal": None, "signatures": signatures})
