"""The worker and the web app start before Temporal does, and wait for it; a mail sent after failures shows
no error any more."""

import asyncio
import os
import subprocess
import sys

import aiosmtplib
import pytest
from sqlmodel import Session
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment

from common.settings import ROOT, Settings
from mail.outbox import enqueue, mail_key
from mail.sender import MailActivities
from tests.conftest import BIN
from tests.dossier_steps import NOMINEES, UNIT_HEAD
from tests.smtp_server import free_port
from tests.test_mail import CASES
from tests.web_app import load_demo_campaign, log_in, service_settings, web_app
from worker import client_options

HEADERS = {"Authorization": f"Bearer demo-{UNIT_HEAD}"}
ADMIN = {"Authorization": "Bearer demo-quantri"}


async def line_with(process: subprocess.Popen, text: str, seen: list[str]) -> str:
    """The next line of the process's output that contains `text` (every line read is kept in `seen`)."""
    async with asyncio.timeout(60):
        while True:
            line = await asyncio.to_thread(process.stdout.readline)
            if not line:
                raise AssertionError(f"the worker ended: {''.join(seen)}")
            seen.append(line)
            if text in line:
                return line


async def test_the_worker_and_the_web_app_wait_for_temporal(tmp_path, new_database, mail_server):
    url = new_database()
    code = load_demo_campaign(url)
    port = free_port()  # Temporal will listen here, later
    settings = service_settings(url, tmp_path, mail_server, f"127.0.0.1:{port}")
    environment = os.environ | {
        "DATABASE_URL": url, "FILESTORE_DIR": str(settings.filestore_dir), "TEMPORAL_ADDRESS": settings.temporal_address,
        "TEMPORAL_TASK_QUEUE": settings.temporal_task_queue, "SMTP_HOST": mail_server.host,
        "SMTP_PORT": str(mail_server.port), "PYTHONUNBUFFERED": "1",
    }
    worker = subprocess.Popen(
        [sys.executable, "worker.py"], cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    seen: list[str] = []
    try:
        retrying = await line_with(worker, "not reachable", seen)
        assert f"Temporal at 127.0.0.1:{port} not reachable" in retrying and "Connection refused" in retrying
        assert "retrying in" in retrying
        async with web_app(settings) as (app, api):
            assert (await api.get(f"/api/public/campaigns/{code}/honour-roll")).status_code == 200
            body = {"campaign_code": code, "nominees": NOMINEES[:1]}
            refused = await api.post("/api/dossiers", json=body, headers=HEADERS)
            assert (refused.status_code, refused.json()["code"]) == (503, "TEMPORAL_UNAVAILABLE")

            env = await WorkflowEnvironment.start_local(
                port=port, dev_server_existing_path=str(BIN / "temporal"), **client_options(Settings())
            )
            try:
                await line_with(worker, "Worker on task queue", seen)
                await asyncio.wait_for(app.state.connecting, 60)  # the web app connected and started the campaign's workflows
                created = await api.post("/api/dossiers", json=body, headers=HEADERS)
                assert created.status_code == 201, created.text  # the worker ran the dossier's workflow
                assert [h["action"] for h in created.json()["history"]] == ["create"]
            finally:
                await env.shutdown()
    finally:
        worker.terminate()
        worker.wait(timeout=30)


async def test_a_mail_sent_after_failures_shows_no_error(dev_env, tmp_path, new_database, mail_server):
    url = new_database()
    load_demo_campaign(url)
    target = dev_env.client.service_client.config.target_host
    settings = service_settings(url, tmp_path, mail_server, target)
    recipient = "thamdinh@kesat.example"
    key = mail_key("dossier/D-2025-0042/seq/3", recipient)
    async with web_app(settings) as (app, api):
        with Session(app.state.engine) as session:
            enqueue(session, key, "supplement_requested", recipient, CASES["supplement_requested"][0])
            session.commit()
        activities = MailActivities(app.state.engine, settings)

        def deliver() -> str:
            return ActivityEnvironment().run(activities.deliver, key)

        mail_server.defer(recipient)  # "451 Try again later", then the server takes it
        try:
            with pytest.raises(aiosmtplib.SMTPException):
                await asyncio.to_thread(deliver)
        finally:
            mail_server.answers.clear()
        log_in(app, api, "quantri")
        assert "451 4.3.0 Try again later" in (await api.get("/admin/mail")).text

        assert await asyncio.to_thread(deliver) == "sent"
        [mail] = [m for m in (await api.get("/api/mail", headers=ADMIN)).json() if m["key"] == key]
        assert (mail["status"], mail["attempts"], mail["last_error"]) == ("sent", 2, None)
        page = await api.get("/admin/mail")
        assert page.status_code == 200 and "Đã gửi" in page.text and "Try again later" not in page.text
