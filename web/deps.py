"""Dependencies of the routes: the database session, the Temporal client and the current user."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session
from temporalio.client import Client

from common.settings import Settings
from common.filestore import FileStore
from db.api_tokens import user_of_token
from db.models import User
from schemas.council import ACTIONS as CAMPAIGN_ACTIONS
from schemas.dossier_actions import ACTIONS as DOSSIER_ACTIONS
from schemas.dossier_actions import Actor, Role
from web import logins
from web.errors import RetryLater, ServiceError


# The dependencies that only read the app's state are `async` (but the file store, which pages call too): FastAPI
# runs a plain one in a thread of its pool, a hop (and a wait for a free thread under load) for nothing. The
# session takes its connection at its first query.


async def get_session(request: Request) -> AsyncIterator[Session]:
    # The session knows how long its request may wait for an Update (web/updates.py, which closes it meanwhile).
    info = {"update_wait_seconds": request.app.state.settings.update_wait_seconds}
    with Session(request.app.state.engine, info=info) as session:
        yield session


async def get_client(request: Request) -> Client:
    """The Temporal client; until the web app has connected to Temporal (web/main.py), a 503 to retry."""
    client = request.app.state.temporal
    if client is None:
        raise RetryLater("TEMPORAL_UNAVAILABLE", request.headers.get("X-Request-ID"))
    return client


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_filestore(request: Request) -> FileStore:
    return FileStore(request.app.state.settings.filestore_dir)


SessionDep = Annotated[Session, Depends(get_session)]
ClientDep = Annotated[Client, Depends(get_client)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
FileStoreDep = Annotated[FileStore, Depends(get_filestore)]

bearer = HTTPBearer(auto_error=False, description="The user's API token")


def get_current_user(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None:
        raise ServiceError("NOT_AUTHENTICATED")
    address = logins.client_address(request)
    logins.refuse_throttled(session, settings, address)  # even a right token: guessing must not pay
    # A revoked token, or one of an inactive user, is refused like a wrong one (db/api_tokens.py).
    user = user_of_token(session, credentials.credentials)
    if user is None or logins.demo_refused(settings, user, credentials.credentials):
        logins.record_failure(session, settings, address)
        raise ServiceError("NOT_AUTHENTICATED")
    if session.dirty:
        session.commit()  # the token's last use, noted at most once a minute
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def actor_of(user: User, action: str) -> Actor:
    """The user as a workflow sees them doing `action` (a key of the dossier's or the campaign's ACTIONS): in
    the first of their roles the action allows, else in their main role, which the validator refuses."""
    allowed = (DOSSIER_ACTIONS.get(action) or CAMPAIGN_ACTIONS[action]).roles
    role = next((role for role in user.roles if role in allowed), user.main_role)
    return Actor(user_id=user.id, name=user.full_name, role=Role(role), unit_id=user.unit_id)
