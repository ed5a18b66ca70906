"""Dependencies of the web pages: the login from the session cookie, the roles a page is for, the CSRF check.

A login is a row of LoginSession found by the SHA-256 of the cookie's random token. Every form sends the
login's CSRF token back in a hidden field; a POST without it, or with another, is refused.
"""

import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Annotated

from fastapi import Depends, Request, Response
from sqlmodel import Session, select
from starlette.datastructures import FormData

from db.models import Dossier, Issuer, LoginSession, User, token_hash, utcnow
from schemas.dossier_actions import APPRAISERS, Role
from web.deps import SessionDep
from web.unit_actions import office_lodges

COOKIE = "thidua_session"
LOGIN_CSRF_COOKIE = "thidua_login_csrf"  # before a login exists, the login form's token: a double-submit cookie


FOR_OTHER_ROLES = "Trang này dành cho vai trò khác; tài khoản của bạn không được xem hoặc thao tác ở đây."


class LoginRequired(Exception):
    """Not logged in: the page sends the browser to the login page."""


class PageForbidden(Exception):
    """Logged in, but the page is for other roles (or the form's CSRF token is wrong)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Login:
    user: User
    csrf_token: str
    issuer_name: str | None = None  # the user's issuer, named in the pages' header and footer; None: the super-admin
    issuer_emblem: str | None = None  # the address of its emblem (web/pages/emblem.py), shown beside its name


def start_login(session: Session, response: Response, user: User, hours: int, secure: bool) -> None:
    """A new login for `user`, its cookie set on `response`; logins that have expired are deleted."""
    for expired in session.exec(select(LoginSession).where(LoginSession.expires_at < utcnow())):
        session.delete(expired)
    token = secrets.token_urlsafe(32)
    session.add(
        LoginSession(
            token_hash=token_hash(token), user_id=user.id, csrf_token=secrets.token_urlsafe(32),
            expires_at=utcnow() + timedelta(hours=hours),
        )
    )
    session.commit()
    response.set_cookie(COOKIE, token, max_age=hours * 3600, httponly=True, samesite="lax", secure=secure)
    response.delete_cookie(LOGIN_CSRF_COOKIE)


def end_login(session: Session, request: Request, response: Response) -> None:
    row = session.get(LoginSession, token_hash(request.cookies.get(COOKIE, "")))
    if row is not None:
        session.delete(row)
        session.commit()
    response.delete_cookie(COOKIE)


def emblem_url(issuer: Issuer | None) -> str | None:
    """Where the pages find the issuer's emblem, the hash in it (a new emblem, a new address); None: none."""
    if issuer is None or not issuer.emblem_sha256:
        return None
    return f"/issuers/{issuer.id}/emblem?v={issuer.emblem_sha256[:16]}"


def optional_login(request: Request, session: SessionDep) -> Login | None:
    """The login of this browser, if any and not expired; kept on the request for the templates."""
    token = request.cookies.get(COOKIE)
    row = session.get(LoginSession, token_hash(token)) if token else None
    login = None
    if row is not None and _aware(row.expires_at) > utcnow():
        user = session.get(User, row.user_id)
        if user and user.active:  # an inactive user: logged out
            issuer = session.get(Issuer, user.issuer_id) if user.issuer_id else None
            login = Login(user, row.csrf_token, issuer.name if issuer else None, emblem_url(issuer))
    request.state.login = login
    return login


def current_login(login: Annotated[Login | None, Depends(optional_login)]) -> Login:
    if login is None:
        raise LoginRequired()
    return login


def for_roles(*roles: Role):
    """A dependency giving the logged-in user, if their role is one of `roles`."""

    def user_of_role(login: Annotated[Login, Depends(current_login)]) -> User:
        if not login.user.holds(*roles):
            raise PageForbidden(FOR_OTHER_ROLES)
        return login.user

    return Depends(user_of_role)


def unit_side(request: Request, session: SessionDep, login: Annotated[Login, Depends(current_login)]) -> User:
    """The logged-in user on a unit's page of a dossier: a unit's head, or an officer of the office where the
    dossier's campaign lets the office lodge in the unit's name (web/unit_actions.py)."""
    user = login.user
    if user.holds(Role.unit_head):
        return user
    dossier = session.get(Dossier, request.path_params.get("dossier_id", ""))
    if dossier is not None and user.holds(*APPRAISERS) and office_lodges(session, dossier.campaign_code):
        return user
    raise PageForbidden(FOR_OTHER_ROLES)


UnitSide = Annotated[User, Depends(unit_side)]


async def checked_form(request: Request, login: Annotated[Login, Depends(current_login)]) -> FormData:
    """The posted form, once its CSRF token is the login's."""
    form = await request.form()
    if not hmac.compare_digest(str(form.get("csrf_token", "")), login.csrf_token):
        raise PageForbidden(CSRF_REFUSED)
    return form


CSRF_REFUSED = "Biểu mẫu đã hết hiệu lực hoặc không gửi từ trang của hệ thống. Hãy tải lại trang rồi thử lại."

CheckedForm = Annotated[FormData, Depends(checked_form)]
OptionalLogin = Annotated[Login | None, Depends(optional_login)]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
