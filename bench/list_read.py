"""Time to read one page of a list of dossiers at 10,000 nominees (db/dossier_list.py, as the pages read it), beside
the goal of a p95 under 50 ms (issue 17, point 5).

Makes a fresh SQLite database (or, with --postgresql, a PostgreSQL 15 server of its own, as the tests start it),
loads the demo and its plan, writes --nominees nominees, three to a dossier (a third of the dossiers submitted),
each dossier with the history rows of its steps and a snapshot of a real one's size, then times, each --rounds times:
  - page:    the first page of 25, newest first, no filter;
  - search:  a nominee's name typed without diacritics ("nguyen van"), 25 a page;
  - overdue: the overdue filter (the per-campaign cutoffs and the SQL condition), sorted by receipt;
  - last:    the last page of 25, sorted by title;
  - unit:    the first page of one unit's dossiers, oldest first (the unit head's list);
  - stage:   the submitted dossiers, sorted by receipt (the appraisal queue).
and prints the query plan of the first page, so that a missing index shows. Then it times, beside the goal of
under 5 s, the two lists downloaded as .xlsx that grow with the campaign: the office's «Tất cả hồ sơ» (every
dossier, web/pages/list_exports.py) and the campaign's list of nominees and awardees (documents/assemble.py
export; its decision with 1,000 awardees).
Run: .venv/bin/python bench/list_read.py [--nominees 10000] [--rounds 100] [--postgresql]
"""

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import text
from sqlmodel import Session, select
from starlette.requests import Request

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.documents import rows as awardee_rows  # noqa: E402
from common.filestore import FileStore  # noqa: E402
from common.text import VN_TZ, fold  # noqa: E402
from common.workdays import default_calendar  # noqa: E402
from db import models  # noqa: E402
from db.campaigns import save_campaign  # noqa: E402
from db.demo import CAMPAIGN_FILE, load_demo  # noqa: E402
from db.dossier_list import list_dossiers, search_text  # noqa: E402
from db.engine import create_tables, make_engine  # noqa: E402
from documents.assemble import Documents  # noqa: E402
from schemas.campaign_file import load_campaign  # noqa: E402
from schemas.dossier import DossierState, Nominee  # noqa: E402
from schemas.dossier_actions import APPRAISERS  # noqa: E402
from tests.listing_data import moment  # noqa: E402
from tests.postgres import PostgresServer  # noqa: E402
from tests.test_documents import campaign_state  # noqa: E402
from web.pages.list_exports import all_dossiers  # noqa: E402

GOAL_MS = 50
PER_DOSSIER = 3
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng"]
# The events of a dossier before and at its submission, as the workflow saves them.
STEPS = ["create", "record_minutes", "attach_document", "attach_document", "attach_document", "attach_document"]
GOAL_XLSX_SECONDS = 5
REASON = "Hội đồng: 5/7 phiếu đồng ý, đạt ngưỡng trên 1/2 số thành viên biểu quyết. " * 10


def fill(engine, nominees: int) -> int:
    """The demo, a campaign and its dossiers spread over the demo's units; the id of a unit."""
    today = datetime.now(VN_TZ).date()
    with Session(engine) as session:
        load_demo(session, today)
        code = "ke-sat-bench"
        save_campaign(session, load_campaign(CAMPAIGN_FILE).with_deadline(code, today + timedelta(days=30)))
        units = session.exec(select(models.Unit).order_by(models.Unit.id)).all()
        rows: dict[type, list[dict]] = {models.Dossier: [], models.Nominee: [], models.HistoryEntry: []}
        for number in range(-(-nominees // PER_DOSSIER)):
            unit = units[number % len(units)]
            dossier_id = f"D-{uuid.uuid4().hex[:10]}"
            created = moment(today - timedelta(days=100)) + timedelta(minutes=number)
            submitted = number % 3 == 0
            title = f"Hồ sơ số {number:05d} của {unit.name}"
            names = [f"{SURNAMES[(number + k) % len(SURNAMES)]} Văn Người {number}-{k}" for k in range(1, PER_DOSSIER + 1)]
            stage = "submitted" if submitted else "draft"
            nominees = [
                Nominee(key=f"N{k}", group="individual", subject_kind="can_bo", name=name, position="Chuyên viên",
                        reasons=[REASON])
                for k, name in enumerate(names, 1)
            ]
            # A real snapshot, about as large as one the workflow saves (bench/concurrency.py's: about 7 KB).
            state = DossierState(dossier_id=dossier_id, title=title, campaign_code=code, unit_id=unit.id,
                                 unit_name=unit.name, stage=stage, nominees=nominees, seq=len(STEPS))
            rows[models.Dossier].append(dict(
                id=dossier_id, title=title, campaign_code=code, unit_id=unit.id,
                unit_name=unit.name, stage=stage, created_at=created,
                updated_at=created, last_seq=len(STEPS), state=state.model_dump(mode="json"),
                search_key=search_text(title, unit.name, dossier_id, names),
            ))
            for nominee in nominees:
                rows[models.Nominee].append(dict(
                    dossier_id=dossier_id, key=nominee.key, group=nominee.group, subject_kind=nominee.subject_kind,
                    name=nominee.name, name_key=fold(nominee.name), status="proposed", reasons=[], open_records=[],
                    findings=[],
                ))
            steps = STEPS + (["submit"] if submitted else [])
            for seq, action in enumerate(steps, 1):
                at = moment(today - timedelta(days=number % 90)) if action == "submit" else created
                rows[models.HistoryEntry].append(dict(
                    dossier_id=dossier_id, seq=seq, action=action, action_name=action, stage_before="draft",
                    stage_after="draft", at=at,
                ))
        for model, values in rows.items():  # in batches: a PostgreSQL statement takes at most 65,535 parameters
            for start in range(0, len(values), 2000):
                session.execute(model.__table__.insert(), values[start:start + 2000])
        session.commit()
        return units[0].id


def timed(engine, rounds: int, **query) -> tuple[list[float], list[float]]:
    """Each read's wall time and this process's CPU time (ms): on a machine others load, the CPU time (SQLite's
    work is in this process) says what the read costs, the wall time what waiting for the CPU added."""
    today = datetime.now(VN_TZ).date()
    calendar = default_calendar()
    samples, cpu = [], []
    for _ in range(rounds):
        with Session(engine) as session:
            codes = select(models.Campaign.code)
            base = select(models.Dossier).where(models.Dossier.campaign_code.in_(codes))
            started, used = time.perf_counter(), time.process_time()
            rows, total, _page = list_dossiers(
                session, base, codes, campaign=None, calendar=calendar, today=today, size=25, **query)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
            assert rows and total
    return samples, cpu


def xlsx_seconds(engine, folder: str, awardees: int) -> dict[str, float]:
    """The wall time of each .xlsx list, as its download builds it, with the campaign's decision of `awardees`
    (bench/documents.py's, not those of the dossiers: only their count matters)."""
    today = datetime.now(VN_TZ).date()
    with Session(engine) as session:
        code = session.exec(select(models.Campaign.code)).first()
        office = next(user for user in session.exec(select(models.User)) if user.holds(*APPRAISERS))
        documents = Documents(session, FileStore(Path(folder) / "files"), today, "https://thiduakhenthuong.example.gov.vn")
        state = campaign_state(documents.plan(code), awardee_rows(awardees), "07/QĐ-UBND", today)
        session.add(models.CampaignRun(code=code, phase="signed", state=state.model_dump(mode="json"),
                                       updated_at=models.utcnow()))
        session.commit()
        request = Request({"type": "http", "method": "GET", "path": "/appraisal/all.xlsx", "query_string": b"",
                           "headers": []})
        seconds = {}
        for name, build in (("all dossiers", lambda: all_dossiers(request, session, office).body),
                            ("campaign lists", lambda: documents.export(code).content)):
            started = time.perf_counter()
            content = build()
            seconds[name] = time.perf_counter() - started
            assert content.startswith(b"PK")  # an .xlsx: a zip
    return seconds


def first_page_plan(engine) -> list[str]:
    """The database's plan of the first page's query, as the list sends it."""
    codes = select(models.Campaign.code)
    newest = (
        select(models.Dossier.id).where(models.Dossier.campaign_code.in_(codes))
        .order_by(models.Dossier.created_at.desc(), models.Dossier.id).limit(25)
    )
    sql = str(newest.compile(engine, compile_kwargs={"literal_binds": True}))
    explain = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN "
    with engine.connect() as connection:
        return [" ".join(str(cell) for cell in row) for row in connection.execute(text(explain + sql))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--nominees", type=int, default=10_000)
    parser.add_argument("--postgresql", action="store_true", help="a PostgreSQL 15 server of its own, not SQLite")
    args = parser.parse_args()
    server = PostgresServer() if args.postgresql else None
    with tempfile.TemporaryDirectory() as folder:
        if server:
            server.up()
            server.execute("CREATE DATABASE bench")
        engine = make_engine(server.url("bench") if server else f"sqlite:///{folder}/bench.db")
        try:
            create_tables(engine)
            unit_id = fill(engine, args.nominees)
            if server:
                with engine.connect() as connection:
                    connection.execute(text("ANALYZE"))
                    connection.commit()
            dossiers = -(-args.nominees // PER_DOSSIER)
            cases = {
                "page": {"key": "", "overdue": False, "sort": "newest", "page": 1},
                "search": {"key": "nguyen van", "overdue": False, "sort": "newest", "page": 1},
                "overdue": {"key": "", "overdue": True, "sort": "received", "page": 1},
                "last": {"key": "", "overdue": False, "sort": "title", "page": dossiers // 25},
                "unit": {"key": "", "overdue": False, "sort": "oldest", "page": 1, "unit_id": unit_id},
                "stage": {"key": "", "overdue": False, "sort": "received", "page": 1, "stage": "submitted"},
            }
            print(f"{args.nominees} nominees in {dossiers} dossiers, {args.rounds} rounds, {engine.dialect.name}")
            print(f"{'read':8s} {'p50 ms':>8s} {'p95 ms':>8s} {'CPU p50':>8s}  goal: p95 < {GOAL_MS} ms")
            for name, query in cases.items():
                query = {"unit_id": None, "stage": None} | query
                samples, cpu = timed(engine, args.rounds, **query)
                samples.sort()
                p95 = samples[max(0, int(round(len(samples) * 0.95)) - 1)]
                verdict = "met" if p95 < GOAL_MS else "NOT MET"
                print(f"{name:8s} {statistics.median(samples):8.1f} {p95:8.1f} {statistics.median(cpu):8.1f}  {verdict}")
            print("plan of the first page: " + " | ".join(first_page_plan(engine)))
            for name, seconds in xlsx_seconds(engine, folder, 1000).items():
                verdict = "met" if seconds < GOAL_XLSX_SECONDS else "NOT MET"
                print(f"{name + ' (.xlsx)':24s} {seconds:6.2f} s  goal: < {GOAL_XLSX_SECONDS} s  {verdict}")
        finally:
            engine.dispose()
            if server:
                server.down()


if __name__ == "__main__":
    main()
