"""Logging in with a user name and password, and out."""

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from sqlmodel import select

from common.passwords import verify_password
from db.models import User
from schemas.dossier_actions import Role
from schemas.errors import error_message
from web import logins
from web.deps import SessionDep, SettingsDep
from web.pages.deps import (
    CSRF_REFUSED,
    LOGIN_CSRF_COOKIE,
    CheckedForm,
    OptionalLogin,
    PageForbidden,
    end_login,
    start_login,
)
from web.pages.render import ROLE_HOME, Failure, page, see_other

router = APIRouter(include_in_schema=False)

WRONG_PASSWORD = "Tên đăng nhập hoặc mật khẩu không đúng."


def _safe_next(target: str | None) -> str | None:
    """Only a path of this site: never another site's address."""
    return target if target and target.startswith("/") and not target.startswith("//") else None


def _login_page(request: Request, next_url: str | None, failure: Failure | None = None) -> HTMLResponse:
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    status = failure.status if failure else 200
    settings = request.app.state.settings
    context = {"login_csrf": token, "next": next_url, "failure": failure, "lock": logins.lock_rule(settings)}
    response = page(request, "login.html", context, status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="lax", secure=settings.secure)
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, login: OptionalLogin, next: str | None = None) -> Response:
    if login is not None:
        return see_other(_safe_next(next) or ROLE_HOME[Role(login.user.main_role)])
    return _login_page(request, _safe_next(next))


@router.post("/login", response_class=HTMLResponse)
def log_in(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    if not hmac.compare_digest(csrf_token, request.cookies.get(LOGIN_CSRF_COOKIE, "")) or not csrf_token:
        raise PageForbidden(CSRF_REFUSED)
    address = logins.client_address(request)
    try:
        logins.refuse_throttled(session, settings, address)
    except logins.Throttled as throttled:
        message = error_message(throttled.code, throttled.details)
        response = _login_page(request, _safe_next(next), Failure("login", message, 429, {}, {"username": [username]}))
        response.headers["Retry-After"] = str(throttled.seconds)
        return response
    user = session.exec(select(User).where(User.username == username.strip())).first()
    # No user, a wrong password, a locked or inactive account, the demo's password in production: one answer,
    # and the password hashed every time, so that neither the answer nor its time tells which.
    right = verify_password(password, user and user.password_hash)
    if not right or logins.is_locked(user) or not user.active or logins.demo_refused(settings, user, password):
        logins.record_failure(session, settings, address, user)
        failure = Failure("login", WRONG_PASSWORD, 401, {"password": WRONG_PASSWORD}, {"username": [username]})
        return _login_page(request, _safe_next(next), failure)
    logins.logged_in(session, user)
    response = see_other(_safe_next(next) or ROLE_HOME[Role(user.main_role)])
    start_login(session, response, user, settings.login_hours, settings.secure)
    return response


@router.post("/logout")
def log_out(request: Request, session: SessionDep, _form: CheckedForm) -> Response:
    response = see_other("/")
    end_login(session, request, response)
    return response
