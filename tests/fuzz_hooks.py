"""Checks of the API fuzzing run (tests/test_fuzz_api.py), loaded by schemathesis from SCHEMATHESIS_HOOKS.

Beside "no 5xx", a refused request must change nothing: the rows of every table the API writes are
fingerprinted before each call, and compared after any answer of 400 or more.
"""

import os

import schemathesis
from sqlalchemy import create_engine, text

engine = create_engine(os.environ["THIDUA_FUZZ_DATABASE_URL"])
# What a person's request writes; the mail outbox is left out (deliveries go on by themselves).
WRITTEN = ["dossier", "nominee", "document", "historyentry", "campaignhistory", "campaignrun", "personrecord",
           "person", "reformreport", "campaign", "user", "unit"]
before: dict[str, tuple] = {}


def fingerprint() -> dict[str, tuple]:
    with engine.connect() as connection:
        present = {name for (name,) in connection.execute(text(_tables_query(connection.dialect.name)))}
        return {
            table: tuple(connection.execute(text(f'SELECT COUNT(*), {_seq(connection, table)} FROM "{table}"')).one())
            for table in WRITTEN if table in present
        }


def _tables_query(dialect: str) -> str:
    if dialect == "sqlite":
        return "SELECT name FROM sqlite_master WHERE type = 'table'"
    return "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"


def _seq(connection, table: str) -> str:
    """A sum that moves when a row is rewritten in place: the newest event saved, where the table keeps one."""
    columns = {row[1] for row in connection.execute(text(f'PRAGMA table_info("{table}")'))} if connection.dialect.name == "sqlite" else {
        name for (name,) in connection.execute(
            text("SELECT column_name FROM information_schema.columns WHERE table_name = :t"), {"t": table}
        )
    }
    return "COALESCE(SUM(last_seq), 0)" if "last_seq" in columns else "0"


@schemathesis.hook
def before_call(context, case, kwargs) -> None:
    before.clear()
    before.update(fingerprint())


@schemathesis.check
def refused_request_changes_nothing(ctx, response, case) -> None:
    if response.status_code >= 400:
        after = fingerprint()
        changed = {table: (before[table], after[table]) for table in after if before.get(table) != after[table]}
        if changed:
            raise AssertionError(f"refused with {response.status_code}, yet changed {changed}")
