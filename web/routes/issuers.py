"""The issuers (cơ quan ban hành), which the super-admin creates and edits, with each one's first admin."""

from fastapi import APIRouter
from sqlmodel import select

from common.bounds import Id
from db import directory, models
from schemas import directory_api
from schemas.dossier_actions import ROLE_NAMES, Role
from web.deps import ClientDep, CurrentUser, SessionDep, SettingsDep
from web.errors import ServiceError
from web.mails import deliver_enqueued
from web.routes.directory import _saved

router = APIRouter(prefix="/api/issuers", tags=["issuers"])


def super_admin(user: models.User, action: str) -> None:
    if not user.holds(Role.super_admin):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action=action)


@router.get("", response_model=list[models.IssuerPublic], summary="Các cơ quan (quản trị hệ thống)")
def issuers(session: SessionDep, user: CurrentUser) -> list[models.Issuer]:
    super_admin(user, "Xem các cơ quan")
    return list(session.exec(select(models.Issuer).order_by(models.Issuer.name)).all())


@router.post("", response_model=models.IssuerPublic, status_code=201, summary="Thêm cơ quan (quản trị hệ thống)")
def add_issuer(body: directory_api.IssuerCreate, session: SessionDep, user: CurrentUser) -> models.Issuer:
    super_admin(user, "Thêm cơ quan")
    return _saved(session, lambda: directory.create_issuer(session, body))


@router.patch("/{issuer_id}", response_model=models.IssuerPublic, summary="Sửa cơ quan (quản trị hệ thống)")
def change_issuer(issuer_id: Id, body: directory_api.IssuerChange, session: SessionDep, user: CurrentUser) -> models.Issuer:
    super_admin(user, "Sửa cơ quan")
    return _saved(session, lambda: directory.update_issuer(session, issuer_id, body))


@router.post("/{issuer_id}/deactivate", response_model=models.IssuerPublic, summary="Ngừng cơ quan (quản trị hệ thống)")
def deactivate_issuer(issuer_id: Id, session: SessionDep, user: CurrentUser) -> models.Issuer:
    """Its plans are no longer loaded (db/issuers.issuers_for_files); its rows stay."""
    super_admin(user, "Ngừng cơ quan")
    return _saved(session, lambda: directory.set_issuer_active(session, issuer_id, False))


@router.post("/{issuer_id}/admins", response_model=models.UserPublic, status_code=201,
             summary="Tạo tài khoản quản trị của cơ quan (quản trị hệ thống)")
async def add_admin(
    issuer_id: Id, body: directory_api.FirstAdmin, session: SessionDep, client: ClientDep, settings: SettingsDep,
    user: CurrentUser,
) -> models.User:
    """The admin gets a mail with a one-time link to set their password."""
    super_admin(user, "Tạo quản trị của cơ quan")
    row = _saved(session, lambda: directory.create_first_admin(session, settings, issuer_id, body))
    await deliver_enqueued(session, client, settings)
    return row
