"""The database engine, and the schema brought to the newest revision of the migrations (db/migrations)."""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from alembic import command
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, event
from sqlalchemy.orm import configure_mappers
from sqlmodel import create_engine

from db import award_codes, awards, council_reads, documents, models, notifications, numbers, outbox, records, reform  # noqa: F401  (registers the tables on SQLModel.metadata)
from db.migrations import alembic_config


# Connections a process keeps open: as many as the web app's threads (anyio's 40), which hold most of them.
POOL_SIZE = 40


def make_engine(url: str, pool_size: int = POOL_SIZE) -> Engine:
    """An engine whose pool keeps `pool_size` connections open and never makes a request wait.

    Beyond `pool_size`, it opens more, closed when given back. A bounded pool deadlocks the web app under load:
    requests holding a connection wait for a thread, or for the event loop, that requests waiting for a
    connection hold (bench/concurrency.py). A pool smaller than the threads that use it at once opens and
    closes a connection for nearly every query instead: on PostgreSQL a new server process each time, which
    took most of the machine in that benchmark. So the web app keeps as many as its threads, and the worker
    as many as its activity threads (worker.py).

    The tables' mappers are configured here, before any query: SQLAlchemy would do it in the first query, and an
    activity cancelled there (the SDK raises into its thread) leaves them failed for the process's life, each
    later query refused "One or more mappers failed to initialize".
    """
    configure_mappers()
    unbounded = {"pool_size": pool_size, "max_overflow": -1}
    if url.startswith("sqlite"):
        if ":memory:" in url or url == "sqlite://":
            unbounded = {}  # an in-memory database keeps its one connection
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **unbounded)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, **unbounded)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # the worker writes while the web app reads
    # In WAL mode, NORMAL syncs the log at checkpoints, not at each commit: a crash of the process loses
    # nothing, a power cut at most the last commits, and the database stays whole.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_tables(engine: Engine) -> None:
    """Upgrade the database to the newest schema: an empty one gets every table, an older one its changes."""
    with engine.connect() as connection, migration_transaction(connection):
        if MigrationContext.configure(connection).get_current_revision() != newest_revision():
            command.upgrade(alembic_config(connection), "head")


@cache
def newest_revision() -> str:
    """The head of the migrations, read once per process: a database already there is left at once."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@contextmanager
def migration_transaction(connection: Connection) -> Iterator[None]:
    """One transaction for the whole upgrade, committed at the end or rolled back on an error.

    SQLite needs three things more. Python's sqlite3 commits each CREATE or ALTER on its own, so the
    transaction is begun explicitly; IMMEDIATE also makes a second process starting at the same moment wait
    for the first one's upgrade. And SQLite alters a table by copying it and dropping the old one, which its
    foreign keys would refuse: they are off meanwhile and checked once before the commit.
    """
    if connection.dialect.name != "sqlite":
        with connection.begin():
            yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")  # not within a transaction, or SQLite ignores it
    connection.commit()
    try:
        with connection.begin():
            connection.exec_driver_sql("BEGIN IMMEDIATE")
            yield
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"The upgrade left rows whose foreign key points nowhere: {broken[:5]}")
    finally:
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()
