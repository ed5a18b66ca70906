"""A round of reminders at size (issue 17, point 8): 5,000 recipients in under 60 s, none doubled.

Makes a fresh SQLite database, loads the demo and its plan, adds --units units of a kind the plan considers,
each with its head (a user with an address), none of them having submitted, and dates the campaign's
submission deadline so that today is one of its reminder days. Then times, as the reminders workflow runs them:
  - round:      the round itself (mail/reminders.py ReminderRound): who is reminded, each mail written to the outbox;
  - again:      the same round run again (a retried activity): it must write no mail twice;
  - deliveries: the round's deliveries started on a Temporal dev server (activities/mail.py start_deliveries),
                one MailDeliveryWorkflow per mail, no worker running them;
and prints the size of the round's result, which the workflow's history keeps (a local activity's marker), beside
the 64 KB a history event should stay under (issue 17, point 1).
Run: .venv/bin/python bench/reminders.py [--units 5000]
"""

import argparse
import asyncio
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, func, select
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from activities.mail import DeliveryActivities  # noqa: E402
from common.settings import Settings  # noqa: E402
from common.text import VN_TZ  # noqa: E402
from common.workdays import default_calendar  # noqa: E402
from db import models  # noqa: E402
from db.campaigns import save_campaign  # noqa: E402
from db.demo import CAMPAIGN_FILE, load_demo  # noqa: E402
from db.engine import create_tables, make_engine  # noqa: E402
from db.outbox import OutboxMail  # noqa: E402
from mail.reminders import ReminderRound, days_left_if_due  # noqa: E402
from schemas.campaign_file import load_campaign  # noqa: E402
from schemas.council import CampaignState, Phase  # noqa: E402
from worker import client_options  # noqa: E402

GOAL_SECONDS = 60
EVENT_LIMIT = 64 * 1024


def fill(session: Session, units: int, today) -> tuple[str, object]:
    """The demo, a campaign whose deadline today is a reminder day of, and `units` units with a head each."""
    load_demo(session, today)
    calendar = default_calendar()
    plan = load_campaign(CAMPAIGN_FILE)
    offsets = plan.deadlines.reminder_days_before
    deadline = next(
        today + timedelta(days=n) for n in range(1, 30)
        if days_left_if_due(calendar, today + timedelta(days=n), offsets, today) is not None
    )
    code = "ke-sat-reminders"
    campaign = save_campaign(session, plan.with_deadline(code, deadline))
    kind = next(kind.code for kind in plan.subject_kinds if kind.group == "collective")
    state = CampaignState(code=code, title=campaign.title, phase=Phase.open, submit_before=deadline)
    session.add(models.CampaignRun(code=code, phase="open", state=state.model_dump(mode="json"), updated_at=models.utcnow()))
    for number in range(units):
        unit = models.Unit(issuer_id=campaign.issuer_id, code=f"bench-{number}", name=f"Thôn số {number:05d}", kind=kind)
        session.add(unit)
        session.flush()
        session.add(models.User(
            username=f"truongthon.{number}", full_name=f"Trưởng thôn {number}", roles=["unit_head"], unit_id=unit.id,
            email=f"thon{number}@example.gov.vn", issuer_id=campaign.issuer_id,
        ))
    session.commit()
    return code, calendar


def timed(figures: dict, name: str, call):
    started = time.perf_counter()
    result = call()
    figures[name] = time.perf_counter() - started
    return result


async def start_deliveries(engine, keys: list[str]) -> float:
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"), dev_server_log_level="error",
        **client_options(Settings()),
    )
    try:
        activities = DeliveryActivities(env.client, engine)
        started = time.perf_counter()
        await ActivityEnvironment().run(activities.start_deliveries, keys)
        return time.perf_counter() - started
    finally:
        await env.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    args = parser.parse_args()
    today = datetime.now(VN_TZ).date()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        create_tables(engine)
        settings = Settings()
        with Session(engine) as session:
            code, calendar = fill(session, args.units, today)

        def round_once():
            with Session(engine) as session:
                result = ReminderRound(session, settings, calendar, code, today).run()
                session.commit()
                return result, session.exec(select(func.count()).select_from(OutboxMail)).one()

        first, mails = timed(figures, "round", round_once)
        again, mails_again = timed(figures, "again", round_once)
        figures["deliveries"] = asyncio.run(start_deliveries(engine, first.keys))
        engine.dispose()
    result_bytes = len(json.dumps({"keys": first.keys, "finished": first.finished}).encode())
    print(f"{args.units} units with a head each; {len(first.keys)} mails in the round, {mails} in the outbox; "
          f"run again: {mails_again - mails} more mails written")
    for name, seconds in figures.items():
        print(f"{name:12}{seconds:10.2f} s")
    total = sum(figures[name] for name in ("round", "deliveries"))
    print(f"{'round + deliveries':24}{total:.2f} s  goal < {GOAL_SECONDS} s: {'met' if total < GOAL_SECONDS else 'NOT met'}")
    verdict = "met" if result_bytes < EVENT_LIMIT else "NOT met"
    print(f"the round's result in the history: {result_bytes / 1024:.0f} KB  goal < 64 KB: {verdict}")


if __name__ == "__main__":
    main()
