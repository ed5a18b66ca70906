"""Time to read one page of a list of dossiers at 1,000 dossiers (db/dossier_list.py, as the pages read it).

Makes a fresh SQLite database (or uses --database-url, e.g. a PostgreSQL database to fill), loads the demo and
its plan, writes 1,000 dossiers of three nominees each (a third of them submitted), then times, each --rounds times:
  - page:    the first page of 25, newest first, no filter;
  - search:  a nominee's name typed without diacritics ("nguyen van"), 25 a page;
  - overdue: the overdue filter (the per-campaign cutoffs and the SQL condition), sorted by receipt;
  - last:    the last page of 25, sorted by title.
Run: .venv/bin/python bench/list_read.py --rounds 200
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common.text import VN_TZ  # noqa: E402
from common.workdays import default_calendar  # noqa: E402
from db import models  # noqa: E402
from db.campaigns import save_campaign  # noqa: E402
from db.demo import CAMPAIGN_FILE, load_demo  # noqa: E402
from db.dossier_list import list_dossiers  # noqa: E402
from db.engine import create_tables, make_engine  # noqa: E402
from schemas.campaign_file import load_campaign  # noqa: E402
from tests.listing_data import add_dossier, moment, unit_of  # noqa: E402

DOSSIERS = 1000
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng"]


def fill(engine) -> str:
    today = datetime.now(VN_TZ).date()
    with Session(engine) as session:
        load_demo(session, today)
        code = "ke-sat-bench"
        save_campaign(session, load_campaign(CAMPAIGN_FILE).with_deadline(code, today + timedelta(days=30)))
        unit = unit_of(session, "phong-kinh-te")
        for number in range(DOSSIERS):
            names = [f"{SURNAMES[(number + k) % len(SURNAMES)]} Văn Người {number}-{k}" for k in range(3)]
            submitted = number % 3 == 0
            add_dossier(session, code, unit, "submitted" if submitted else "draft", f"Hồ sơ số {number:04d}", names,
                        created=moment(today - timedelta(days=100)) + timedelta(minutes=number),
                        received=moment(today - timedelta(days=number % 90)) if submitted else None)
        session.commit()
    return code


def timed(engine, rounds: int, **query) -> list[float]:
    today = datetime.now(VN_TZ).date()
    calendar = default_calendar()
    samples = []
    for _ in range(rounds):
        with Session(engine) as session:
            codes = select(models.Campaign.code)
            base = select(models.Dossier).where(models.Dossier.campaign_code.in_(codes))
            started = time.perf_counter()
            rows, total, _page = list_dossiers(
                session, base, codes, campaign=None, unit_id=None, stage=None, calendar=calendar, today=today,
                size=25, **query)
            samples.append((time.perf_counter() - started) * 1000)
            assert rows and total
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(args.database_url or f"sqlite:///{folder}/bench.db")
        create_tables(engine)
        fill(engine)
        cases = {
            "page": {"key": "", "overdue": False, "sort": "newest", "page": 1},
            "search": {"key": "nguyen van", "overdue": False, "sort": "newest", "page": 1},
            "overdue": {"key": "", "overdue": True, "sort": "received", "page": 1},
            "last": {"key": "", "overdue": False, "sort": "title", "page": DOSSIERS // 25},
        }
        print(f"{DOSSIERS} dossiers, {args.rounds} rounds, {engine.dialect.name}")
        for name, query in cases.items():
            samples = sorted(timed(engine, args.rounds, **query))
            p95 = samples[int(len(samples) * 0.95) - 1]
            print(f"{name:8s} p50 {statistics.median(samples):7.1f} ms   p95 {p95:7.1f} ms")
        engine.dispose()


if __name__ == "__main__":
    main()
