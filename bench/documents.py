"""Documents at size (issue 16 point 8, issue 17 point 4): each figure at 320 and 1,000 awardees beside its goal.

Makes a fresh SQLite database and file store, loads the demo and its plan, and writes the campaign's run as the
workflow saves it after the council (then signed) with N awardees; then calls the API's download routes
(web/routes/documents.py) as the demo's communications officer would:
  - decision built:    the decision's .docx laid out from the data (documents/decision.py), no store;
  - draft, first:      the draft decision downloaded the first time (the office's tờ trình and the draft built);
  - draft, again:      the same download again, served from the store;
  - one certificate:   one awardee's Giấy khen after signing, the first time (only that one built), then again;
  - zip, first:        every certificate built (the one already built served) and zipped;
  - zip, again:        the zip served from the store;
  - print file:        every certificate in one .docx, the first time, then again.
Each figure is wall time, with this process's CPU time beside it: on a machine others load, the CPU time says
what the work costs. Run: .venv/bin/python bench/documents.py [--awardees 320 1000]
"""

import argparse
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common.filestore import FileStore  # noqa: E402
from common.text import VN_TZ  # noqa: E402
from db import models  # noqa: E402
from db.campaigns import save_campaign  # noqa: E402
from db.demo import CAMPAIGN_FILE, load_demo  # noqa: E402
from db.engine import create_tables, make_engine  # noqa: E402
from documents.assemble import Documents  # noqa: E402
from documents.decision import decision_document  # noqa: E402
from schemas.campaign_file import load_campaign  # noqa: E402
from tests.test_documents import campaign_state, decision_text  # noqa: E402
from web.routes import documents as api  # noqa: E402

GOALS = {  # seconds, at 1,000 awardees
    "decision built": 2,
    "one certificate, again": 0.5,
    "zip, first (all certificates)": 60,
    "zip, again": 10,
}
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng"]


def rows(count: int) -> list[tuple]:
    """The awardees as the council passed them: a collective every tenth, the others people with positions."""
    return [
        (f"Tổ công tác số {i}", "collective", None, f"Tổ công tác số {i}", 7) if i % 10 == 0 else
        (f"{SURNAMES[i % 6]} Thị Người {i}", "individual", "Chuyên viên", "Phòng Văn hóa - Xã hội", 6)
        for i in range(1, count + 1)
    ]


def timed(figures: dict[str, tuple[float, float]], name: str, call):
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    figures[name] = (time.perf_counter() - wall, time.process_time() - cpu)
    return result


def run(awardees: int) -> dict[str, tuple[float, float]]:
    figures: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        create_tables(engine)
        today = datetime.now(VN_TZ).date()
        files = FileStore(Path(folder) / "files")
        with Session(engine) as session:
            load_demo(session, today)
            code = "ke-sat-bench"
            save_campaign(session, load_campaign(CAMPAIGN_FILE).with_deadline(code, today + timedelta(days=30)))
            user = session.exec(select(models.User).where(models.User.username == "truyenthong")).one()
            documents = Documents(session, files, today, "https://thiduakhenthuong.example.gov.vn")
            plan = documents.plan(code)
            draft = campaign_state(plan, rows(awardees), "", None)
            session.add(models.CampaignRun(code=code, phase="council_closed", state=draft.model_dump(mode="json"),
                                           updated_at=models.utcnow()))
            session.commit()

            timed(figures, "decision built", lambda: decision_document(plan, draft.decision, decision_text()))
            timed(figures, "draft, first", lambda: api.decision(code, session, documents, user, "docx"))
            timed(figures, "draft, again", lambda: api.decision(code, session, documents, user, "docx"))

            signed = campaign_state(plan, rows(awardees), "07/QĐ-UBND", today)
            run_row = session.get(models.CampaignRun, code)
            run_row.state, run_row.phase = signed.model_dump(mode="json"), "signed"
            session.add(run_row)
            session.commit()
            dossier, key = signed.decision.awardees[awardees // 2].candidate.ref.split("/")
            one = lambda: api.certificate(code, dossier, key, session, documents, user, "docx")  # noqa: E731
            timed(figures, "one certificate, first", one)
            timed(figures, "one certificate, again", one)
            timed(figures, "zip, first (all certificates)", lambda: api.all_certificates(code, session, documents, user))
            timed(figures, "zip, again", lambda: api.all_certificates(code, session, documents, user))
            printed = lambda: api.certificates_print_file(code, session, documents, user, "docx")  # noqa: E731
            timed(figures, "print file, first", printed)
            timed(figures, "print file, again", printed)
        engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awardees", type=int, nargs="+", default=[320, 1000])
    args = parser.parse_args()
    results = {count: run(count) for count in args.awardees}
    names = list(next(iter(results.values())))
    header = f"{'documents: wall s (CPU s)':32}" + "".join(f"{f'{n} awardees':>20}" for n in args.awardees) + "  goal at 1,000"
    print(header)
    for name in names:
        cells = "".join(f"{f'{results[n][name][0]:.2f} ({results[n][name][1]:.2f})':>20}" for n in args.awardees)
        goal = GOALS.get(name)
        verdict = ""
        if goal is not None and 1000 in results:
            verdict = f"  < {goal} s: {'met' if results[1000][name][0] < goal else 'NOT met'}"
        print(f"{name:32}{cells}{verdict}")


if __name__ == "__main__":
    main()
