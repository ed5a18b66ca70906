"""The outbox: every mail the service sent or will send, with its status; refused addresses stand out."""

from fastapi import APIRouter

from common.bounds import whole
from db.outbox import MailStatus, OutboxMailPublic
from schemas.dossier_actions import ROLE_NAMES, Role
from web.deps import CurrentUser, SessionDep
from web.errors import ServiceError
from web.scope import visible_mails

router = APIRouter(prefix="/api/mail", tags=["mail"])


@router.get("", response_model=list[OutboxMailPublic], summary="Thư đi, mới nhất trước (quản trị)")
def mail(session: SessionDep, user: CurrentUser, status: MailStatus | None = None, limit: whole(1, 500) = 100):
    """An issuer's admin reads the mails to its users, units and people, and those about its campaigns and
    dossiers (web/scope.py); the super-admin reads every mail."""
    if not user.holds(Role.admin):
        raise ServiceError("WRONG_ROLE", role=ROLE_NAMES[Role(user.main_role)], action="Xem thư đi")
    return visible_mails(session, user, status, limit)
