"""A round of reminders at size (issue 17, point 8): 5,000 recipients in under 60 s, none doubled.

Makes a fresh SQLite database, loads the demo and its plan, adds --units units of a kind the plan considers,
each with its head (a user with an address), none of them having submitted, and dates the campaign's
submission deadline so that today is one of its reminder days. Then runs the campaign's RemindersWorkflow on a
Temporal dev server with a worker in this process, its next round at once (a stand-in for next_round, not 08:00),
twice:
  - round:      the round's activity (mail/reminders.py ReminderRound): who is reminded, each mail written to the outbox;
  - deliveries: the round's deliveries started (activities/mail.py), one MailDeliveryWorkflow per mail, each a
                stand-in here that ends at once (no SMTP);
  - again:      the same round run again (as a retried activity would): it must write and start no mail twice;
and prints each beside its goal, with the largest event of the workflow's history beside the 64 KB a history
event should stay under (issue 17, point 1).
Run: .venv/bin/python bench/reminders.py [--units 5000]
"""

import argparse
import asyncio
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, func, select
from temporalio import activity, workflow
from temporalio.api.enums.v1 import EventType
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from activities.mail import DeliveryActivities  # noqa: E402
from activities.reminders import ReminderActivities  # noqa: E402
from bench.leave import run_then_leave  # noqa: E402
from common.settings import Settings  # noqa: E402
from common.text import VN_TZ  # noqa: E402
from common.workdays import default_calendar  # noqa: E402
from db import models  # noqa: E402
from db.campaigns import save_campaign  # noqa: E402
from db.demo import CAMPAIGN_FILE, load_demo  # noqa: E402
from db.engine import create_tables, make_engine  # noqa: E402
from db.outbox import OutboxMail  # noqa: E402
from mail.reminders import days_left_if_due  # noqa: E402
from schemas.campaign_file import load_campaign  # noqa: E402
from schemas.council import CampaignState, Phase  # noqa: E402
from worker import client_options  # noqa: E402
from workflows.reminders import RemindersWorkflow  # noqa: E402

GOAL_SECONDS = 60
EVENT_LIMIT = 64 * 1024
QUEUE = "bench-reminders"
ROUNDS = 2  # the round, and the same round again


def fill(session: Session, units: int, today) -> str:
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
    return code


@workflow.defn(name="MailDeliveryWorkflow")
class StandInDelivery:
    """Started as the real one is, by its id; ends at once, so that no SMTP conversation is timed."""

    @workflow.run
    async def run(self, key: str) -> str:
        return "not sent: bench"


class Rounds:
    """next_round's stand-in: the next round at once, ROUNDS times; each call's moment kept."""

    def __init__(self) -> None:
        self.calls: list[float] = []
        self.done = asyncio.Event()

    @activity.defn(name="next_round")
    async def next_round(self, after: datetime) -> datetime:
        self.calls.append(time.perf_counter())
        if len(self.calls) > ROUNDS:
            self.done.set()
            return after + timedelta(days=30)
        return after + timedelta(seconds=1)


def activity_times(history) -> list[tuple[str, float]]:
    """Each activity of the history (not a local one): its name and its seconds from scheduled to completed."""
    scheduled: dict[int, tuple[str, datetime]] = {}
    times = []
    for event in history.events:
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            attributes = event.activity_task_scheduled_event_attributes
            scheduled[event.event_id] = (attributes.activity_type.name, event.event_time.ToDatetime())
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
            name, at = scheduled[event.activity_task_completed_event_attributes.scheduled_event_id]
            times.append((name, (event.event_time.ToDatetime() - at).total_seconds()))
    return times


async def run_rounds(engine, code: str) -> dict:
    settings = Settings()
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"), dev_server_log_level="error",
        **client_options(settings),
    )
    rounds = Rounds()
    reminders = ReminderActivities(engine, settings, default_calendar())
    deliveries = DeliveryActivities(env.client, engine)
    worker = Worker(
        env.client, task_queue=QUEUE, workflows=[RemindersWorkflow, StandInDelivery],
        activities=[rounds.next_round, reminders.remind_round, deliveries.start_round_deliveries],
        activity_executor=ThreadPoolExecutor(max_workers=8), workflow_runner=UnsandboxedWorkflowRunner(),
    )
    try:
        async with worker:
            handle = await env.client.start_workflow(RemindersWorkflow.run, code, id=f"reminders-{code}", task_queue=QUEUE)
            await rounds.done.wait()
            history = await handle.fetch_history()
            await handle.terminate()
        started = (await env.client.count_workflows('WorkflowType="MailDeliveryWorkflow"')).count
    finally:
        await env.shutdown()
    largest = max(history.events, key=lambda event: event.ByteSize())
    return {
        "totals": [later - earlier for earlier, later in zip(rounds.calls, rounds.calls[1:])],
        "activities": activity_times(history),
        "largest": (largest.ByteSize(), EventType.Name(largest.event_type)),
        "events": len(history.events),
        "history_bytes": sum(event.ByteSize() for event in history.events),
        "deliveries_started": started,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    args = parser.parse_args()
    today = datetime.now(VN_TZ).date()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{folder}/bench.db")
        create_tables(engine)
        with Session(engine) as session:
            code = fill(session, args.units, today)
        figures = asyncio.run(run_rounds(engine, code))
        with Session(engine) as session:
            mails = session.exec(select(func.count()).select_from(OutboxMail)).one()
        engine.dispose()
    print(f"{args.units} units with a head each: {mails} mails in the outbox, "
          f"{figures['deliveries_started']} deliveries started (none doubled: "
          f"{'yes' if figures['deliveries_started'] == mails else 'NO'})")
    for name, seconds in figures["activities"]:
        print(f"  activity {name:24}{seconds:8.2f} s")
    for number, seconds in enumerate(figures["totals"], 1):
        verdict = "met" if seconds < GOAL_SECONDS else "NOT met"
        label = "round + deliveries" if number == 1 else "the same round again"
        print(f"{label:28}{seconds:8.2f} s   goal < {GOAL_SECONDS} s: {verdict}")
    size, kind = figures["largest"]
    verdict = "met" if size <= EVENT_LIMIT else "NOT met"
    print(f"{'largest history event':28}{size / 1024:8.1f} KB  goal <= 64 KB: {verdict}  ({kind})")
    print(f"{'the whole history':28}{figures['history_bytes'] / 1024:8.1f} KB in {figures['events']} events")


if __name__ == "__main__":
    run_then_leave(main)
