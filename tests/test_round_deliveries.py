"""A reminder round's deliveries (activities/mail.py, start_round_deliveries): read from the outbox in batches,
on a real Temporal server; an attempt cut after its first batch is retried from its last heartbeat, and each mail
of the round has one delivery, no mail of another day or campaign any."""

import dataclasses
import uuid
from datetime import date

import pytest
from sqlmodel import Session
from temporalio.service import RPCError
from temporalio.testing import ActivityEnvironment

from activities.mail import ROUND_BATCH, DeliveryActivities, delivery_id
from db.models import utcnow
from db.outbox import MailStatus, OutboxMail
from mail.outbox import mail_key, message_id

DAY = date(2026, 12, 7)
ROUND = 2 * ROUND_BATCH + 50  # three batches, the last one short


class AttemptCut(Exception):
    """The first attempt's worker dies after its first batch."""


def outbox_rows(engine, code: str) -> list[OutboxMail]:
    """The round's mails, with, between them, one of the day before and one of another campaign."""
    keys = [mail_key(f"reminder/{code}/submission/unit/{n}/{DAY.isoformat()}", f"don-vi-{n}@example.vn")
            for n in range(ROUND)]
    others = [mail_key(f"reminder/{code}/submission/unit/1/2026-12-04", "don-vi-1@example.vn"),
              mail_key(f"reminder/other-{code}/submission/unit/1/{DAY.isoformat()}", "don-vi-1@example.vn")]
    with Session(engine) as session:
        rows = [OutboxMail(key=key, kind="deadline_reminder", recipient=key.split("|")[1], subject="Nhắc hạn",
                           text="…", html="…", message_id=message_id(key), status=MailStatus.queued,
                           created_at=utcnow()) for key in keys[:10] + others + keys[10:]]
        session.add_all(rows)
        session.commit()
        for row in rows:
            session.refresh(row)
        return rows


async def test_a_cut_attempt_goes_on_from_its_last_batch_and_starts_each_delivery_once(engine, dev_env):
    code = f"round-{uuid.uuid4().hex[:8]}"
    rows = outbox_rows(engine, code)
    ours, others = [row for row in rows if f"/{code}/" in row.key and DAY.isoformat() in row.key], rows[10:12]
    activities = DeliveryActivities(dev_env.client, engine)
    queue = f"no-worker-{code}"  # the deliveries wait there: started, never run
    info = dataclasses.replace(ActivityEnvironment.default_info(), task_queue=queue)

    beats: list[int] = []

    def cut(last_id: int) -> None:
        beats.append(last_id)
        raise AttemptCut

    first = ActivityEnvironment()
    first.info, first.on_heartbeat = info, cut
    with pytest.raises(AttemptCut):
        await first.run(activities.start_round_deliveries, code, DAY)
    assert beats == [ours[ROUND_BATCH - 1].id]

    retried = ActivityEnvironment()
    retried.info = dataclasses.replace(info, attempt=2, heartbeat_details=[beats[-1]])
    retried.on_heartbeat = beats.append
    await retried.run(activities.start_round_deliveries, code, DAY)
    assert beats[1:] == [ours[2 * ROUND_BATCH - 1].id, ours[-1].id]  # went on after its first batch

    started = set()
    for row in ours:
        described = await dev_env.client.get_workflow_handle(delivery_id(row)).describe()
        assert described.task_queue == queue
        started.add(described.run_id)
    assert len(started) == ROUND  # one run each
    for row in others:
        with pytest.raises(RPCError):
            await dev_env.client.get_workflow_handle(delivery_id(row)).describe()

    # Once more from the start (a heartbeat lost): every delivery is the one already there.
    again = ActivityEnvironment()
    again.info = info
    await again.run(activities.start_round_deliveries, code, DAY)
    assert {(await dev_env.client.get_workflow_handle(delivery_id(row)).describe()).run_id for row in ours} == started
