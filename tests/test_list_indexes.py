"""The lists of dossiers read through indexes (migration 0016): the receipts from the submit and supplement events
only, and the newest first within the campaigns shown. Asked of the database's own query planner (EXPLAIN), on
SQLite and on PostgreSQL; the times are bench/list_read.py's."""

from datetime import datetime, timedelta

from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from common.text import VN_TZ
from db import models
from db.campaigns import save_campaign
from db.demo import CAMPAIGN_FILE, load_demo
from db.dossier_list import received_moments
from schemas.campaign_file import load_campaign
from tests.listing_data import add_dossier, moment, unit_of

STEPS = ["create", "record_minutes", "attach_document", "attach_document", "attach_document", "attach_document"]


def plan(engine: Engine, query) -> str:
    """The planner's plan of the query, as one text; PostgreSQL told to take no sequential scan where an index
    serves (a test's few rows would otherwise be read whole, which is right for so few)."""
    sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.execute(text(f"EXPLAIN QUERY PLAN {sql}")).all()
            return " | ".join(str(row[-1]) for row in rows)
        connection.execute(text("SET enable_seqscan = off"))
        return " | ".join(row[0] for row in connection.execute(text(f"EXPLAIN {sql}")))


def test_the_lists_read_receipts_and_the_newest_through_indexes(engine: Engine):
    today = datetime.now(VN_TZ).date()
    with Session(engine) as session:
        load_demo(session, today)
        save_campaign(session, load_campaign(CAMPAIGN_FILE).with_deadline("ke-sat-index", today + timedelta(days=30)))
        unit = unit_of(session, "phong-kinh-te")
        for number in range(300):
            row = add_dossier(session, "ke-sat-index", unit, "submitted", f"Hồ sơ {number}", ["Nguyễn Văn Một"],
                              received=moment(today - timedelta(days=number % 90)))
            for seq, action in enumerate(STEPS, 2):  # the events before it, which a receipt does not read
                session.add(models.HistoryEntry(dossier_id=row.id, seq=seq, action=action, action_name=action,
                                                stage_before="draft", stage_after="draft", at=row.created_at))
        session.commit()
        if engine.dialect.name == "postgresql":
            session.execute(text("ANALYZE"))
            session.commit()

    receipts = select(received_moments())
    assert "ix_historyentry_action_dossier_at" in plan(engine, receipts)

    dossier = models.Dossier
    newest = (
        select(dossier.id).where(dossier.campaign_code == "ke-sat-index")
        .order_by(col(dossier.created_at).desc()).limit(25)
    )
    assert "ix_dossier_campaign_code_created_at" in plan(engine, newest)
