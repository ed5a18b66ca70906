"""A web app of a test's own, for tests that need it started on settings of their own (a Temporal address
where nothing listens, a short wait for Updates) and a login to its pages."""

import secrets
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import httpx
from fastapi import FastAPI
from sqlmodel import Session, select

from common.settings import Settings
from db.campaigns import save_campaign
from db.demo import CAMPAIGN_FILE, load_demo
from db.engine import make_engine
from db.models import LoginSession, User, token_hash, utcnow
from schemas.campaign_file import load_campaign
from tests.conftest import today
from tests.smtp_server import SmtpServer
from web.main import create_app
from web.pages.deps import COOKIE, LOGIN_CSRF_COOKIE


def service_settings(database_url: str, tmp_path: Path, mail: SmtpServer, temporal_address: str, **more) -> Settings:
    """Settings as the conftest's service has them: a task queue of its own on the given Temporal server."""
    return Settings(
        smtp_host=mail.host,
        smtp_port=mail.port,
        database_url=database_url,
        filestore_dir=tmp_path / "files",
        temporal_address=temporal_address,
        temporal_task_queue=f"thidua-{uuid.uuid4().hex[:8]}",
        **more,
    )


def load_demo_campaign(database_url: str) -> str:
    """The demo's people and the Kẻ Sặt plan under a code of its own, its deadline ahead; gives the code."""
    engine = make_engine(database_url)
    with Session(engine) as session:
        load_demo(session, today())
        code = f"ke-sat-test-{uuid.uuid4().hex[:8]}"
        save_campaign(session, load_campaign(CAMPAIGN_FILE).with_deadline(code, today() + timedelta(days=60)))
    engine.dispose()
    return code


@asynccontextmanager
async def web_app(settings: Settings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient]]:
    """The app started (its lifespan run) and an HTTP client calling it in process."""
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as api:
            yield app, api


def log_in(app: FastAPI, api: httpx.AsyncClient, username: str) -> str:
    """A login to the pages for `username`, as the login page makes one; sets its cookie, gives its CSRF token."""
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with Session(app.state.engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        session.add(LoginSession(token_hash=token_hash(token), user_id=user.id, csrf_token=csrf,
                                 expires_at=utcnow() + timedelta(hours=1)))
        session.commit()
    api.cookies.set(COOKIE, token)
    return csrf


async def page_of(service, username: str, path: str) -> str:
    """A page of the service (tests.conftest.Service) as `username` sees it once logged in through the login
    form, its white space made single."""
    transport = httpx.ASGITransport(app=service.api._transport.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as browser:
        await browser.get("/login")
        form = {"username": username, "password": f"demo-{username}", "csrf_token": browser.cookies[LOGIN_CSRF_COOKIE]}
        assert (await browser.post("/login", data=form)).status_code == 303
        response = await browser.get(path)
        assert response.status_code == 200, response.text
        return " ".join(response.text.split())
