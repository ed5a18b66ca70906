"""Starting mail deliveries: one MailDeliveryWorkflow per outbox row, on the worker's own task queue."""

import asyncio
from datetime import date, timezone

from sqlalchemy import Engine
from sqlmodel import Session, col, select
from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from common.faults import crash_point
from db.outbox import OutboxMail
from mail.reminders import round_mails

# A reminder round's deliveries: rows read from the outbox this many at a time (a heartbeat after each, well
# inside the workflow's heartbeat timeout), their deliveries started this many at once.
ROUND_BATCH = 200
STARTS_AT_ONCE = 50


def delivery_id(mail) -> str:
    """Named after the outbox row (an OutboxMail, or a row of its id and created_at), not the mail's key, which
    holds the recipient's address.

    With the moment the row was made: a database restored from a backup makes its ids again, and a new
    mail under an id delivered before must still go.
    """
    at = mail.created_at
    utc = at.astimezone(timezone.utc) if at.tzinfo else at  # SQLite gives UTC back without its zone
    return f"mail-{mail.id}-{utc:%Y%m%d%H%M%S%f}"


class DeliveryActivities:
    def __init__(self, client: Client, engine: Engine) -> None:
        self.client = client
        self.engine = engine

    @activity.defn
    async def start_deliveries(self, keys: list[str]) -> None:
        """Start each mail's delivery; a mail whose delivery runs or has run is left to it.

        All at once: the step that asked waits for this activity before it replies, and one call to Temporal
        after the other made that wait as many round trips as mails.
        """
        rows = await asyncio.to_thread(self._rows, keys)
        missing = [key for key in keys if key not in rows]
        if missing:  # committed with the step that made it: not there, nothing to send
            activity.logger.warning("No outbox row for %d mail(s) to deliver: left", len(missing))
        await asyncio.gather(*(self._start(key, rows[key]) for key in keys if key in rows))

    @activity.defn
    async def start_round_deliveries(self, campaign_code: str, day: date) -> None:
        """Start the delivery of each mail of the reminder round of `day`, read from the outbox in batches.

        The keys never pass through the workflow's history. After each batch the activity heartbeats the last row
        it started; a retried attempt (a worker dead midway) goes on from there, and starting a delivery again
        starts nothing twice (its id is the row's).
        """
        details = activity.info().heartbeat_details
        after = int(details[0]) if details else 0
        at_once = asyncio.Semaphore(STARTS_AT_ONCE)

        async def start(row) -> None:
            async with at_once:
                await self._start(row.key, delivery_id(row))

        batch = 0
        while rows := await asyncio.to_thread(self._round_rows, campaign_code, day, after):
            await asyncio.gather(*(start(row) for row in rows))
            batch += 1
            crash_point(f"start_round_deliveries:{batch}")
            after = rows[-1].id
            activity.heartbeat(after)

    def _round_rows(self, campaign_code: str, day: date, after: int) -> list:
        with Session(self.engine) as session:
            return round_mails(session, campaign_code, day, after, ROUND_BATCH)

    async def _start(self, key: str, delivery: str) -> None:
        try:
            await self.client.start_workflow(
                "MailDeliveryWorkflow",
                key,
                id=delivery,
                task_queue=activity.info().task_queue,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            pass  # delivered before: the outbox says sent or refused

    def _rows(self, keys: list[str]) -> dict[str, str]:
        """The delivery id of each mail, by key."""
        with Session(self.engine) as session:
            mails = session.exec(select(OutboxMail).where(col(OutboxMail.key).in_(keys))).all()
            return {mail.key: delivery_id(mail) for mail in mails}
