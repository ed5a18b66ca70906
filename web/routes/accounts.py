"""Accounts locked after too many wrong passwords (web/logins.py): the admin lists them and lifts a lock."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter
from fastapi import Path as PathParam
from sqlmodel import select

from db.models import User, UserBase, VnTimes
from schemas.dossier import ROLE_NAMES, Role
from web import logins
from web.deps import CurrentUser, SessionDep
from web.errors import ServiceError

router = APIRouter(prefix="/api/users", tags=["accounts"])


class LockedUser(UserBase, VnTimes):
    id: int
    locked_until: datetime | None


def _admin(user: User, action: str) -> None:
    if not user.holds(Role.admin):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=action)


@router.get("/locked", response_model=list[LockedUser], summary="Tài khoản tạm khóa vì sai mật khẩu (quản trị)")
def locked(session: SessionDep, user: CurrentUser) -> list[User]:
    _admin(user, "Xem tài khoản bị khóa")
    return logins.locked_users(session)


@router.post("/{username}/unlock", response_model=LockedUser, summary="Mở khóa một tài khoản (quản trị)")
def unlock(username: Annotated[str, PathParam(max_length=200)], session: SessionDep, user: CurrentUser) -> User:
    _admin(user, "Mở khóa tài khoản")
    target = session.exec(select(User).where(User.username == username)).first()
    if target is None:
        raise ServiceError("USER_NOT_FOUND", username=username)
    logins.unlock(session, target)
    return target
