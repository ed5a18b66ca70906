"""Delivery through Temporal: a mail server down for an hour, and a worker killed mid-delivery.

On the time-skipping server, so that the hour and the retry backoff pass at once.
"""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlmodel import Session, select

from activities.mail import delivery_id
from db.outbox import MailStatus, OutboxMail
from common.settings import ROOT
from tests.conftest import Service, start_service
from tests.crashing_worker import CRASH_EXIT_CODE
from tests.dossier_steps import submitted
from tests.smtp_server import SmtpServer, smtp_server  # noqa: F401  (the fixture)


def outbox(service: Service, kind: str) -> list[OutboxMail]:
    with Session(service.engine) as session:
        return list(session.exec(select(OutboxMail).where(OutboxMail.kind == kind)))


async def test_smtp_down_for_an_hour_then_each_mail_arrives_once(skipping_env, tmp_path: Path, smtp_server: SmtpServer):
    smtp_server.down()
    async for service in start_service(skipping_env, tmp_path, smtp_server):
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
                handle = service.client.get_workflow_handle(delivery_id(mail.key))
                assert await handle.result() == "sent"
            assert sorted(d.recipients[0] for d in smtp_server.deliveries) == sorted(m.recipient for m in mails)
            assert all(m.status == MailStatus.sent for m in outbox(service, "dossier_submitted"))


async def test_a_worker_killed_between_sending_and_recording(skipping_env, tmp_path: Path, smtp_server: SmtpServer):
    async for service in start_service(skipping_env, tmp_path, smtp_server):
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
            await submitted(service)  # served by the crashing worker, which dies at its first mail sent
            assert crashing.wait(timeout=60) == CRASH_EXIT_CODE
        finally:
            crashing.kill()
        # The worker sends with several threads: one mail or more went out before it died.
        crashed_ids = {d.message_id for d in smtp_server.deliveries}
        assert crashed_ids
        crashed = [m for m in outbox(service, "dossier_submitted") if m.message_id in crashed_ids]
        assert all(m.status == MailStatus.sending for m in crashed)  # sent, never recorded as sent

        async with service.worker():  # a new worker; the activity's timeout (2 minutes) gives it the retry
            await skipping_env.sleep(timedelta(minutes=3))
            for mail in outbox(service, "dossier_submitted"):
                assert await service.client.get_workflow_handle(delivery_id(mail.key)).result() == "sent"

        mails = outbox(service, "dossier_submitted")
        assert all(m.status == MailStatus.sent for m in mails)
        # SMTP has no exactly-once: a killed attempt's message went out again, the very same bytes with
        # the same Message-ID; the receiver keeps one of each (as the local sink and Mailpit do).
        for mail in mails:
            sends = [d for d in smtp_server.deliveries if d.message_id == mail.message_id]
            if mail.message_id in crashed_ids:
                assert mail.attempts == 2 and len(sends) == 2 and sends[0].raw == sends[1].raw
            else:
                assert len(sends) == 1
        assert sorted(d.recipients[0] for d in smtp_server.messages) == sorted(m.recipient for m in mails)
