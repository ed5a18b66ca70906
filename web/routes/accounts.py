"""Accounts: locks after wrong passwords (web/logins.py), one's own password and API tokens, an admin's reset.

- `GET /api/users/locked`, `POST /api/users/{user name}/unlock`: the admin lists the locked accounts and
  lifts a lock.
- `POST /api/users/{user name}/password-reset`: the admin of the user's issuer (a super-admin: of an
  issuer's admin) resets the password: the old one stops working at once, the user's logins end, and a
  one-time link to set a new one is mailed (db/password_links.py). A user of another issuer is answered
  404 USER_NOT_FOUND, as one that does not exist: an admin learns nothing of other issuers' accounts.
- `POST /api/me/password`: one's own password, the current one required; every login of the user ends.
- `GET /api/me/tokens`, `POST /api/me/tokens`, `DELETE /api/me/tokens/{id}`: one's API tokens; a new
  token is shown once, in the answer that made it.

The pages (web/pages/account.py) call the same functions.
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel, Field
from sqlmodel import Session, select
from temporalio.client import Client

from common.passwords import PasswordRefused, check_password, verify_password
from common.settings import Settings
from common.text import InputModel, Line
from db import api_tokens, password_links
from db.models import ApiToken, ApiTokenPublic, User, UserBase, VnTimes
from schemas.dossier_actions import ROLE_NAMES, Role
from web import logins
from web.deps import ClientDep, CurrentUser, SessionDep, SettingsDep
from web.errors import ServiceError
from web.mails import deliver_enqueued

router = APIRouter(tags=["accounts"])

Username = Annotated[str, PathParam(max_length=200)]


class LockedUser(UserBase, VnTimes):
    id: int
    locked_until: datetime | None


class PasswordChange(InputModel):
    current_password: str = Field(max_length=1000)
    new_password: str = Field(max_length=1000)


class TokenRequest(InputModel):
    name: Line = Field(min_length=1, max_length=api_tokens.NAME_MAX)


class NewToken(ApiTokenPublic):
    token: str  # shown this once: only its SHA-256 is kept


class ResetDone(BaseModel):
    username: str
    link_sent_to: str


def _admin(user: User, action: str) -> None:
    if not user.holds(Role.admin, Role.super_admin):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=action)


def refused(error: PasswordRefused) -> ServiceError:
    return ServiceError(error.code, **error.details)


# --- locks --------------------------------------------------------------------------------------


@router.get("/api/users/locked", response_model=list[LockedUser], summary="Tài khoản tạm khóa vì sai mật khẩu (quản trị)")
def locked(session: SessionDep, user: CurrentUser) -> list[User]:
    _admin(user, "Xem tài khoản bị khóa")
    return logins.locked_users(session)


@router.post("/api/users/{username}/unlock", response_model=LockedUser, summary="Mở khóa một tài khoản (quản trị)")
def unlock(username: Username, session: SessionDep, user: CurrentUser) -> User:
    _admin(user, "Mở khóa tài khoản")
    target = session.exec(select(User).where(User.username == username)).first()
    if target is None or not may_reset(user, target):  # another issuer's: as if there were none
        raise ServiceError("USER_NOT_FOUND", username=username)
    logins.unlock(session, target)
    return target


# --- an admin's reset ---------------------------------------------------------------------------


def may_reset(admin: User, target: User) -> bool:
    """The admin of the target's issuer; a super-admin, for an issuer's admin."""
    if admin.holds(Role.admin) and admin.issuer_id is not None and target.issuer_id == admin.issuer_id:
        return True
    return admin.holds(Role.super_admin) and target.holds(Role.admin)


def reset_password(session: Session, settings: Settings, admin: User, target: User) -> None:
    """The target's password gone at once, their logins ended, a new link mailed (enqueued; commits).

    Refused with 404 USER_NOT_FOUND for a user the admin may not reset, so nothing tells that it exists.
    """
    action = "Đặt lại mật khẩu"
    _admin(admin, action)
    if not may_reset(admin, target):
        raise ServiceError("USER_NOT_FOUND", username=target.username)
    if not target.email:
        raise ServiceError("USER_EMAIL_MISSING", username=target.username)
    target.password_hash = None  # the old password stops working now, not when the link is used
    target.locked_until = None
    session.add(target)
    password_links.end_logins(session, target)
    password_links.issue_link(session, settings, target)
    session.commit()


async def reset_and_mail(session: Session, client: Client, settings: Settings, admin: User, username: str) -> User:
    target = session.exec(select(User).where(User.username == username)).first()
    if target is None:
        _admin(admin, "Đặt lại mật khẩu")
        raise ServiceError("USER_NOT_FOUND", username=username)
    reset_password(session, settings, admin, target)
    await deliver_enqueued(session, client, settings)
    return target


@router.post(
    "/api/users/{username}/password-reset", response_model=ResetDone, status_code=202,
    summary="Đặt lại mật khẩu của một người dùng: gửi thư có liên kết đặt mật khẩu mới (quản trị)",
)
async def password_reset(
    username: Username, session: SessionDep, client: ClientDep, settings: SettingsDep, user: CurrentUser
) -> ResetDone:
    target = await reset_and_mail(session, client, settings, user, username)
    return ResetDone(username=target.username, link_sent_to=target.email)


# --- one's own password -------------------------------------------------------------------------


def change_own_password(
    session: Session, settings: Settings, user: User, address: str, current: str, new: str,
    keep_session: str | None = None,
) -> None:
    """The current password checked (a wrong one counts as a wrong login), the new one against the policy;
    every other login of the user ends (`keep_session`: the LoginSession.token_hash of this one)."""
    logins.refuse_throttled(session, settings, address)
    if not verify_password(current, user.password_hash) or logins.is_locked(user):
        logins.record_failure(session, settings, address, user)
        raise ServiceError("PASSWORD_WRONG")
    try:
        check_password(new, user.username, user.full_name)
    except PasswordRefused as error:
        raise refused(error) from None
    password_links.set_new_password(session, user, new, keep_session)
    password_links.void_links(session, user)
    session.commit()


@router.post("/api/me/password", status_code=204, summary="Đổi mật khẩu của mình (cần mật khẩu hiện tại)")
def my_password(body: PasswordChange, request: Request, session: SessionDep, settings: SettingsDep, user: CurrentUser):
    change_own_password(session, settings, user, logins.client_address(request), body.current_password, body.new_password)
    return Response(status_code=204)


# --- one's API tokens ---------------------------------------------------------------------------


def create_token(session: Session, user: User, name: str) -> NewToken:
    if len(api_tokens.tokens_of(session, user)) >= api_tokens.TOKENS_MAX:
        raise ServiceError("TOKENS_TOO_MANY", limit=api_tokens.TOKENS_MAX)
    row, secret = api_tokens.add_token(session, user, name.strip())
    session.commit()
    session.refresh(row)
    return NewToken(**ApiTokenPublic.model_validate(row, from_attributes=True).model_dump(), token=secret)


def revoke_token(session: Session, user: User, token_id: int) -> ApiToken:
    row = api_tokens.revoke(session, user, token_id)
    if row is None:
        raise ServiceError("TOKEN_NOT_FOUND", token_id=token_id)
    session.commit()
    return row


@router.get("/api/me/tokens", response_model=list[ApiTokenPublic], summary="Mã truy cập API của mình (chưa thu hồi)")
def my_tokens(session: SessionDep, user: CurrentUser) -> list[ApiToken]:
    return api_tokens.tokens_of(session, user)


@router.post("/api/me/tokens", response_model=NewToken, status_code=201, summary="Tạo mã truy cập API (chỉ hiện một lần)")
def new_token(body: TokenRequest, session: SessionDep, user: CurrentUser) -> NewToken:
    return create_token(session, user, body.name)


@router.delete("/api/me/tokens/{token_id}", status_code=204, summary="Thu hồi một mã truy cập API của mình")
def delete_token(token_id: Annotated[int, PathParam(ge=1, le=2**31)], session: SessionDep, user: CurrentUser):
    revoke_token(session, user, token_id)
    return Response(status_code=204)
