"""The database engine and its tables."""

from sqlalchemy import Engine, event, inspect, text
from sqlmodel import SQLModel, create_engine

from db import documents, models, outbox, records, reform  # noqa: F401  (registers the tables on SQLModel.metadata)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # the worker writes while the web app reads
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


# Columns added to a table after its first release: a database made before gets them in place (nullable).
ADDED_COLUMNS = {"user": ["password_hash"]}


def create_tables(engine: Engine) -> None:
    SQLModel.metadata.create_all(engine)
    for table, names in ADDED_COLUMNS.items():
        present = {column["name"] for column in inspect(engine).get_columns(table)}
        for name in names:
            if name not in present:
                kind = SQLModel.metadata.tables[table].c[name].type.compile(engine.dialect)
                with engine.begin() as connection:
                    connection.execute(text(f'ALTER TABLE "{table}" ADD COLUMN {name} {kind}'))
