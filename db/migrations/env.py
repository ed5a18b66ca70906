"""Alembic's environment: the models' metadata, and the connection to migrate.

`db.engine.create_tables` passes its connection in `config.attributes`; the `alembic` command line has
none, so a connection is made to the database of the settings (DATABASE_URL).
"""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Connection, text
from sqlmodel import SQLModel

from common.settings import get_settings
from db.engine import make_engine, migration_transaction

ADVISORY_LOCK = 720_011  # PostgreSQL: processes starting together migrate one after the other


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters a table by copying it
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK})
        context.run_migrations()


config = context.config
if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported: run them on a database")
if config.attributes.get("connection") is not None:
    run_migrations(config.attributes["connection"])
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name, disable_existing_loggers=False)
    engine = make_engine(get_settings().database_url)
    with engine.connect() as connection, migration_transaction(connection):
        run_migrations(connection)
    engine.dispose()
