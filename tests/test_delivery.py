"""Delivery through Temporal: a mail server down for an hour, and a worker killed mid-delivery.

On the time-skipping server, so that the hour and the retry backoff pass at once.
"""

import asyncio
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session, select

from activities.mail import delivery_id
from db.outbox import MailStatus, OutboxMail
from mail.outbox import enqueue, mail_key
from common.settings import ROOT
from tests.conftest import Service, start_service
from tests.crashing_worker import CRASH_EXIT_CODE
from tests.dossier_steps import submitted
from workflows.mail import MailDeliveryWorkflow
from tests.smtp_server import SmtpServer, smtp_server  # noqa: F401  (the fixture)


COUNCIL_REMINDER = {
    "recipient_name": "Thành viên Hội đồng",
    "campaign_title": "Thi đua thực hiện cải cách hành chính năm 2025",
    "session_date": date(2026, 12, 3),
    "session_time": "14 giờ 00",
    "location": "Hội trường UBND xã",
    "days_left": 1,
    "candidates": [],
    "campaign_url": "http://127.0.0.1:8000/council/ke-sat",
}


def message_ids(service: Service) -> set[str]:
    return {mail.message_id for mail in outbox(service, "reminder_council_session")}


def outbox(service: Service, kind: str) -> list[OutboxMail]:
    with Session(service.engine) as session:
        return list(session.exec(select(OutboxMail).where(OutboxMail.kind == kind)))


async def test_smtp_down_for_an_hour_then_each_mail_arrives_once(
    skipping_env, tmp_path: Path, smtp_server: SmtpServer, database_url: str
):
    smtp_server.down()
    async for service in start_service(skipping_env, tmp_path, smtp_server, database_url):
        async with service.worker():
            await submitted(service)
            await skipping_env.sleep(timedelta(hours=1))
            mails = outbox(service, "dossier_submitted")
            assert len(mails) == 2
            for mail in mails:  # tried again and again, with backoff, and each failure recorded
                assert mail.status == MailStatus.queued
                assert mail.attempts >= 5
                assert mail.last_error.startswith("SMTPConnectError")
            assert smtp_server.deliveries == []

            smtp_server.up()
            await skipping_env.sleep(timedelta(minutes=10))  # the longest wait between two attempts
            for mail in mails:
                handle = service.client.get_workflow_handle(delivery_id(mail))
                assert await handle.result() == "sent"
            # Each once; other mails (the 08:00 reminders, when the skipped hour crosses it) may arrive too.
            ids = {mail.message_id for mail in mails}
            delivered = [d for d in smtp_server.deliveries if d.message_id in ids]
            assert sorted(d.recipients[0] for d in delivered) == sorted(m.recipient for m in mails)
            assert all(m.status == MailStatus.sent for m in outbox(service, "dossier_submitted"))


async def test_a_worker_killed_between_sending_and_recording(service: Service, mail_server: SmtpServer):
    # On the dev server, in real time: the time-skipping server does not skip while an activity is
    # running, and the killed attempt runs until its heartbeat is missed (DELIVERY_HEARTBEAT).
    keys = []
    with Session(service.engine) as session:
        for name in ("thamdinh", "truongphong.vhxh"):
            key = mail_key("test/crash", f"{name}@kesat.example")
            enqueue(session, key, "reminder_council_session", f"{name}@kesat.example", COUNCIL_REMINDER)
            keys.append(key)
        session.commit()

    # The deliveries are taken by a worker that dies as soon as the server has accepted a mail.
    settings = service.settings
    environment = os.environ | {
        "DATABASE_URL": settings.database_url,
        "FILESTORE_DIR": str(settings.filestore_dir),
        "TEMPORAL_ADDRESS": settings.temporal_address,
        "TEMPORAL_TASK_QUEUE": settings.temporal_task_queue,
        "SMTP_HOST": settings.smtp_host,
        "SMTP_PORT": str(settings.smtp_port),
    }
    crashing = subprocess.Popen([sys.executable, "-m", "tests.crashing_worker"], cwd=ROOT, env=environment)
    try:
        handles = [
            await service.client.start_workflow(
                MailDeliveryWorkflow.run, key, id=f"{settings.temporal_task_queue}-mail-{n}",
                task_queue=settings.temporal_task_queue,
            )
            for n, key in enumerate(keys)
        ]
        assert await asyncio.to_thread(crashing.wait, 60) == CRASH_EXIT_CODE
    finally:
        crashing.kill()
    # It sent with several threads: one mail or more went out before it died.
    crashed_ids = {d.message_id for d in mail_server.deliveries if d.message_id in message_ids(service)}
    assert crashed_ids
    crashed = [m for m in outbox(service, "reminder_council_session") if m.message_id in crashed_ids]
    assert all(m.status == MailStatus.sending for m in crashed)  # sent, never recorded as sent

    # A new worker: once the killed attempt's heartbeat is missed, the retry is its.
    async with service.worker():
        assert [await handle.result() for handle in handles] == ["sent", "sent"]

    mails = outbox(service, "reminder_council_session")
    assert all(m.status == MailStatus.sent for m in mails)
    # SMTP has no exactly-once: a killed attempt's message went out again, the very same bytes with
    # the same Message-ID; the receiver keeps one of each (as the local sink and Mailpit do).
    for mail in mails:
        sends = [d for d in mail_server.deliveries if d.message_id == mail.message_id]
        if mail.message_id in crashed_ids:
            assert len(sends) == 2 and sends[0].raw == sends[1].raw
        else:
            assert len(sends) == 1
    received = [d for d in mail_server.messages if d.message_id in message_ids(service)]
    assert sorted(d.recipients[0] for d in received) == sorted(m.recipient for m in mails)


async def test_an_address_refused_for_good_is_recorded_and_shown_not_retried(service: Service, mail_server: SmtpServer):
    mail_server.refuse("truongphong.vhxh@kesat.example")
    try:
        async with service.worker():
            await submitted(service)
            mails = outbox(service, "dossier_submitted")
            results = {m.recipient: await service.client.get_workflow_handle(delivery_id(m)).result() for m in mails}
    finally:
        mail_server.answers.clear()
    assert results == {"thamdinh@kesat.example": "sent", "truongphong.vhxh@kesat.example": "refused"}

    response = await service.api.get("/api/mail", params={"status": "refused"}, headers=service.as_user("quantri"))
    [refused] = [m for m in response.json() if m["kind"] == "dossier_submitted"]
    assert refused["recipient"] == "truongphong.vhxh@kesat.example"
    assert refused["attempts"] == 1  # refused for good: tried once
    assert "550 5.1.1 Mailbox unavailable" in refused["last_error"]

    response = await service.api.get("/api/mail", headers=service.as_user("thamdinh"))
    assert (response.status_code, response.json()["code"]) == (403, "WRONG_ROLE")
