"""The schema's migrations (db/migrations), on real SQLite and PostgreSQL databases.

An empty database gets the newest schema, and the models agree with it (autogenerate finds nothing to
add); every revision goes down and up again; two processes starting together upgrade once. The databases
that earlier releases made with their own code (tests/data/make_old_databases.py) upgrade with every row
kept, and the service works on them: users log in, dossiers are listed and read. docker-compose runs
the migrations once, before the web app and the worker.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, closing
from pathlib import Path

import httpx
import pytest
import yaml
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect
from sqlmodel import SQLModel
from temporalio.testing import WorkflowEnvironment

from common.settings import Settings
from common.text import fold
from db.award_codes import award_code
from db.engine import create_tables, make_engine, newest_revision
from db.migrations import alembic_config
from tests.smtp_server import SmtpServer
from tests.test_compose import COMPOSE_FILE, depends_on, environment
from web.main import create_app
from web.pages.deps import LOGIN_CSRF_COOKIE

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
LAST_RELEASE = DATA / "release-1ac6a7c.db"  # the last release made without migrations
OLDER_RELEASE = DATA / "release-46176aa.db"  # before dossier.state, user.password_hash and the logins' table
BEFORE_ISSUERS = DATA / "release-5bea895.db"  # migrated, but one set of units, people and users for all
WITH_ISSUERS = DATA / "release-b1bf412.db"  # issuers and accounts, before registration and the plans' new rules


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request, tmp_path: Path) -> str:
    """A URL of an empty database: a new SQLite file, or a new database on the module's PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    server = request.getfixturevalue("postgres")
    name = f"m_{uuid.uuid4().hex[:12]}"
    server.execute(f"CREATE DATABASE {name}")
    return server.url(name)


@pytest.fixture
def empty(empty_url: str) -> Iterator[Engine]:
    engine = make_engine(empty_url)
    yield engine
    engine.dispose()


def revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def differences(engine: Engine) -> list:
    """What autogenerate would write in a new revision: the models against the database."""
    with engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), SQLModel.metadata)


def rows(path: Path) -> dict[str, list[dict]]:
    """Every row of every table of a SQLite file, in the order they were written."""
    with closing(sqlite3.connect(path)) as db:
        db.row_factory = sqlite3.Row
        tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {table: [dict(row) for row in db.execute(f'SELECT * FROM "{table}" ORDER BY rowid')] for table in tables}


# Columns a later revision moved, read back from where they went: a user's role is the first of their roles,
# a user's API token their token named "Mã truy cập cũ".
MOVED = {
    ("user", "role"): lambda row, _after: json.loads(row["roles"])[0],
    ("user", "token_hash"): lambda row, after: next(
        token["token_hash"] for token in after["apitoken"] if token["user_id"] == row["id"] and token["name"] == "Mã truy cập cũ"
    ),
}


def kept(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """The rows after the upgrade, each limited to the columns it had before."""
    def value(table: str, row: dict, name: str):
        return MOVED[(table, name)](row, after) if (table, name) in MOVED else row[name]

    return {table: [{name: value(table, row, name) for name in old[0]} for row in after[table]] if old else after[table]
            for table, old in before.items()}


def test_an_empty_database_gets_the_newest_schema_and_the_models_agree(empty: Engine):
    create_tables(empty)
    assert revision(empty) == newest_revision()
    assert differences(empty) == []
    create_tables(empty)  # at the newest revision already: nothing to do
    assert revision(empty) == newest_revision()


def test_every_revision_goes_down_and_up_again(empty: Engine):
    create_tables(empty)
    with empty.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    assert set(inspect(empty).get_table_names()) <= {"alembic_version"}
    create_tables(empty)
    assert differences(empty) == []


# A process that imports everything, says so, and upgrades the database when its standard input says go.
UPGRADER = """
import sys
from db.engine import create_tables, make_engine
engine = make_engine(sys.argv[1])
print("ready", flush=True)
sys.stdin.readline()
create_tables(engine)
"""


def test_processes_starting_together_upgrade_once(empty: Engine, empty_url: str):
    with empty.connect():
        pass  # the database exists, empty (a new SQLite file is switched to WAL at its first connection)
    processes = [
        subprocess.Popen([sys.executable, "-c", UPGRADER, empty_url], cwd=ROOT, stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    for process in processes:
        assert process.stdout.readline() == "ready\n"
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        _, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors  # none met another's half-made tables
    engine = make_engine(empty_url)
    assert revision(engine) == newest_revision()
    assert differences(engine) == []
    engine.dispose()


def test_a_database_too_old_to_upgrade_is_refused_and_left_as_it_was(tmp_path: Path):
    path = tmp_path / "ancient.db"
    shutil.copyfile(OLDER_RELEASE, path)
    with closing(sqlite3.connect(path)) as db:  # as before the registry of records
        db.execute("ALTER TABLE nominee DROP COLUMN findings")
        db.execute("ALTER TABLE nominee DROP COLUMN open_records")
    before = rows(path)
    engine = make_engine(f"sqlite:///{path}")
    with pytest.raises(RuntimeError, match="too old to upgrade; it lacks nominee.findings, nominee.open_records$"):
        create_tables(engine)
    engine.dispose()
    assert rows(path) == before  # not even the alembic_version table


# --- the databases of earlier releases ------------------------------------------------------------


@asynccontextmanager
async def serving(env: WorkflowEnvironment, mail: SmtpServer, path: Path) -> AsyncIterator[httpx.AsyncClient]:
    """The web app on the database at `path`, upgraded at its start like any start of the service."""
    settings = Settings(
        smtp_host=mail.host,
        smtp_port=mail.port,
        database_url=f"sqlite:///{path}",
        filestore_dir=path.parent / "files",
        temporal_address=env.client.service_client.config.target_host,
        temporal_task_queue=f"thidua-{uuid.uuid4().hex[:8]}",  # no worker: only reads and logins here
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://thidua.test") as api:
            yield api


async def log_in(api: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    await api.get("/login")
    form = {"username": username, "password": password, "csrf_token": api.cookies[LOGIN_CSRF_COOKIE]}
    return await api.post("/login", data=form)


def bearer(username: str) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-{username}"}


async def dossiers_are_read(api: httpx.AsyncClient, before: dict[str, list[dict]]) -> None:
    """Every dossier is listed, and each one's detail has its nominees, documents and history."""
    listed = (await api.get("/api/dossiers", headers=bearer("thamdinh"))).json()
    assert sorted(d["id"] for d in listed) == sorted(d["id"] for d in before["dossier"])
    assert {d["stage"] for d in listed} == {"recognised", "submitted", "draft"}
    for dossier in before["dossier"]:
        detail = (await api.get(f"/api/dossiers/{dossier['id']}", headers=bearer("thamdinh"))).json()
        assert detail["title"] == dossier["title"] and detail["stage"] == dossier["stage"]
        for table, key in (("nominee", "nominees"), ("document", "documents"), ("historyentry", "history")):
            assert len(detail[key]) == sum(row["dossier_id"] == dossier["id"] for row in before[table]), key
    recognised = next(d for d in listed if d["stage"] == "recognised")
    assert recognised["decision_number"] == "01/QĐ-UBND"
    found = (await api.get("/api/dossiers", params={"q": "pham thi hong nhung"}, headers=bearer("thamdinh"))).json()
    named = {row["dossier_id"] for row in before["nominee"] if row["name"] == "Phạm Thị Hồng Nhung"}
    assert sorted(d["id"] for d in found) == sorted(named) and recognised["id"] in named
    roll = await api.get(f"/api/public/campaigns/{recognised['campaign_code']}/honour-roll")
    assert roll.status_code == 200, roll.text
    assert "Phạm Thị Hồng Nhung" in roll.text


async def test_the_last_release_database_keeps_its_data_and_works(
    tmp_path: Path, dev_env: WorkflowEnvironment, mail_server: SmtpServer
):
    path = tmp_path / "thidua.db"
    shutil.copyfile(LAST_RELEASE, path)
    before = rows(path)
    async with serving(dev_env, mail_server, path) as api:
        assert kept(before, rows(path)) == before
        await dossiers_are_read(api, before)
        assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 303
        assert (await api.get("/appraisal")).status_code == 200
    engine = make_engine(f"sqlite:///{path}")
    assert revision(engine) == newest_revision()
    assert differences(engine) == []
    engine.dispose()


def set_password(path: Path, username: str, password: str) -> subprocess.CompletedProcess:
    """The administrator's command, the password on its standard input as a script gives it."""
    return subprocess.run(
        [sys.executable, "-m", "db.accounts", "set-password", username], input=f"{password}\n", cwd=ROOT,
        env=os.environ | {"DATABASE_URL": f"sqlite:///{path}"}, capture_output=True, encoding="utf-8",
    )


async def test_an_older_database_gets_what_it_lacks_and_its_users_a_password(
    tmp_path: Path, dev_env: WorkflowEnvironment, mail_server: SmtpServer
):
    path = tmp_path / "thidua.db"
    shutil.copyfile(OLDER_RELEASE, path)
    before = rows(path)
    assert "state" not in before["dossier"][0] and "password_hash" not in before["user"][0]
    assert "loginsession" not in before and "generateddocument" not in before
    engine = make_engine(f"sqlite:///{path}")
    create_tables(engine)
    assert revision(engine) == newest_revision()
    assert differences(engine) == []
    engine.dispose()
    after = rows(path)
    assert kept(before, after) == before
    assert {row["password_hash"] for row in after["user"]} == {None}
    assert {row["state"] for row in after["dossier"]} == {None}

    async with serving(dev_env, mail_server, path) as api:
        await dossiers_are_read(api, before)
        assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 401  # no password yet

        refused = set_password(path, "thamdinh", "short")
        assert (refused.returncode, refused.stderr) == (1, "Mật khẩu quá ngắn: cần ít nhất 10 ký tự (tối đa 200).\n")
        unknown = set_password(path, "nobody", "mat-khau-moi-2026")
        assert (unknown.returncode, unknown.stderr) == (1, "Không có người dùng 'nobody'.\n")
        done = set_password(path, "thamdinh", "mat-khau-moi-2026")
        assert (done.returncode, done.stdout) == (0, "Đã đặt mật khẩu cho thamdinh.\n"), done.stderr

        assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 401
        assert (await log_in(api, "thamdinh", "mat-khau-moi-2026")).status_code == 303
        assert (await api.get("/appraisal")).status_code == 200
    assert kept(before, rows(path)) == before  # a login adds its session, and changes nothing else


def test_docker_compose_migrates_once_before_the_web_app_and_the_worker():
    services = yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))["services"]
    job = services["migrate"]
    assert job["command"] == ["python", "-m", "db.migrations"] and job["restart"] == "no"
    assert depends_on(job) == {"app-db": "service_healthy"}
    assert environment(job) == environment(services["web"]) == environment(services["worker"])
    for name in ("web", "worker"):
        assert depends_on(services[name])["migrate"] == "service_completed_successfully", name


async def test_the_release_before_issuers_becomes_its_campaigns_issuers(
    tmp_path: Path, dev_env: WorkflowEnvironment, mail_server: SmtpServer
):
    path = tmp_path / "thidua.db"
    shutil.copyfile(BEFORE_ISSUERS, path)
    before = rows(path)
    assert "issuer" not in before and "role" in before["user"][0]
    async with serving(dev_env, mail_server, path) as api:
        after = rows(path)
        assert before.pop("alembic_version") == [{"version_num": "0002_login_throttle"}]
        assert after.pop("alembic_version") == [{"version_num": newest_revision()}]
        assert kept(before, after) == before
        [issuer] = after["issuer"]  # the one issuer the campaigns name, with the receiving office they name
        assert (issuer["code"], issuer["name"], issuer["kind"], issuer["place"], issuer["receiving_office"]) == (
            "ke-sat", "Ủy ban nhân dân xã Kẻ Sặt", "xa", "Kẻ Sặt", "Phòng Văn hóa - Xã hội")
        for table in ("unit", "person", "user", "campaign"):
            assert {row["issuer_id"] for row in after[table]} == {issuer["id"]}, table
        assert [json.loads(row["roles"]) for row in after["user"]] == [[row["role"]] for row in before["user"]]
        positions = {(row["person_id"], row["unit_id"], row["position"], row["since"]) for row in after["personposition"]}
        assert positions == {(row["id"], row["unit_id"], row["position"], None) for row in before["person"]}
        await dossiers_are_read(api, before)
        assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 303
        assert (await api.get("/appraisal")).status_code == 200
    engine = make_engine(f"sqlite:///{path}")
    assert revision(engine) == newest_revision()
    assert differences(engine) == []
    engine.dispose()


async def test_the_release_with_issuers_keeps_its_data_and_works(
    tmp_path: Path, dev_env: WorkflowEnvironment, mail_server: SmtpServer
):
    path = tmp_path / "thidua.db"
    shutil.copyfile(WITH_ISSUERS, path)
    before = rows(path)
    async with serving(dev_env, mail_server, path) as api:
        after = rows(path)
        assert before.pop("alembic_version") == [{"version_num": "0004_accounts"}]
        assert after.pop("alembic_version") == [{"version_num": newest_revision()}]
        assert kept(before, after) == before
        assert "registration" not in before and after["registration"] == []  # 0005_registration: a new table
        assert all(row["indicator"] is None and row["period_part"] is None for row in after["record"])  # 0008: new columns
        assert after["unit_quota_lock"] == after["unit_quota_claim"] == []  # quotas per unit: none counted yet
        assert after["campaignsettingsversion"] == []  # 0007_settings_versions: no campaign changed yet
        assert after["notification"] == []  # 0009_notifications: a new table, nobody notified yet
        assert all(row["emblem_sha256"] is None for row in after["issuer"])  # 0012_issuer_emblem: none uploaded yet
        # 0010_corrections: new columns, empty; every file as attached, none removed
        assert all(row["achievement_summary"] is None for row in after["nominee"])
        assert all(row["removed_at"] is None and row["description"] is None for row in after["document"])
        # 0011_award_codes: each award of the decision signed before gets its code, as db/award_codes makes it
        signed = [(run["code"], awardee["candidate"]["ref"]) for run in before["campaignrun"]
                  for awardee in (json.loads(run["state"]).get("decision") or {}).get("awardees", [])
                  if json.loads(run["state"])["decision"].get("number")]
        assert len(signed) == 5
        assert sorted((r["code"], r["campaign_code"], r["candidate_ref"]) for r in after["awardcode"]) == sorted(
            (award_code(code, ref), code, ref) for code, ref in signed)
        # 0013_number_series: no series started at a number yet; 0014_award_register: the sổ vàng goes on after
        # the numbers the certificates of the decisions signed before were printed with (1, 2, … per campaign)
        assert [(r["year"], r["type_code"]) for r in after["numberseriesstart"]] == [(0, "SV")]
        assert sorted((r["campaign_code"], r["candidate_ref"]) for r in after["award"]) == sorted(signed)
        assert after["numberseriesstart"][0]["first_number"] == max(r["register_number"] for r in after["award"]) + 1
        # 0017_dossier_search_key: each dossier's title, unit, id and nominees' names, folded, a line each
        names = {d["id"]: [n["name"] for n in before["nominee"] if n["dossier_id"] == d["id"]] for d in before["dossier"]}
        assert {d["id"]: d["search_key"].split("\n") for d in after["dossier"]} == {
            d["id"]: [fold(d["title"]), fold(d["unit_name"]), fold(d["id"]), *map(fold, names[d["id"]])] for d in before["dossier"]}
        assert any(names.values())  # dossiers with their nominees
        await dossiers_are_read(api, before)
        assert (await log_in(api, "thamdinh", "demo-thamdinh")).status_code == 303
    engine = make_engine(f"sqlite:///{path}")
    assert differences(engine) == []
    engine.dispose()
