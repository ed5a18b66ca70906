"""A stopped worker, or Temporal down, does not take the site down: actions wait a bounded time without a
database connection and answer 503 with the request id to send again; reads work from the database alone."""

import asyncio
import logging
import threading
from collections.abc import Callable

from sqlalchemy import Engine, event
from sqlmodel import Session, func, select

from db import models
from tests.dossier_steps import APPRAISER, NOMINEES, UNIT_HEAD
from tests.smtp_server import free_port
from tests.web_app import load_demo_campaign, log_in, service_settings, web_app
from web.pages import RETRY_TITLE
from worker import build_worker

WAITING = 25  # more actions waiting at once than a pool of 5 + 10 connections holds
HEADERS = {"Authorization": f"Bearer demo-{UNIT_HEAD}"}


class Connections:
    """The database connections the app's requests hold, counted by the pool's events (from any thread)."""

    def __init__(self, engine: Engine) -> None:
        self.out = self.returned = 0
        self.lock = threading.Lock()
        event.listen(engine, "checkout", self._checkout)
        event.listen(engine, "checkin", self._checkin)

    def _checkout(self, *_args) -> None:
        with self.lock:
            self.out += 1

    def _checkin(self, *_args) -> None:
        with self.lock:
            self.out -= 1
            self.returned += 1

    async def until(self, condition: Callable[[], bool]) -> None:
        async with asyncio.timeout(30):
            while not condition():
                await asyncio.sleep(0.01)


def nominee(index: int) -> dict:
    return {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": f"Nguyễn Văn Chờ {index}"}


def added(engine: Engine, dossier_id: str) -> list[str]:
    with Session(engine) as session:
        rows = session.exec(select(models.HistoryEntry).where(models.HistoryEntry.dossier_id == dossier_id))
        return [row.detail for row in rows if row.action == "add_nominee"]


async def created_once(api, body: dict, request_id: str):
    """A dossier created as an API client does: sent again with its request id while the answer is 503 (the
    short wait of these tests can pass on a busy machine before the worker has run the step)."""
    for _ in range(20):
        response = await api.post("/api/dossiers", json=body, headers=HEADERS | {"X-Request-ID": request_id})
        if response.status_code != 503:
            assert response.status_code == 201, response.text
            return response
    raise AssertionError(f"still 503 after 20 tries: {response.text}")


def assert_retry_later(response, code: str, request_id: str | None = None) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "5"
    if request_id:
        assert response.headers["X-Request-ID"] == request_id
    if response.headers["content-type"].startswith("application/json"):
        assert response.json()["code"] == code


async def test_actions_waiting_for_a_stopped_worker_hold_no_connection_and_are_applied_once(
    dev_env, tmp_path, new_database, mail_server
):
    url = new_database()
    code = load_demo_campaign(url)
    target = dev_env.client.service_client.config.target_host
    settings = service_settings(url, tmp_path, mail_server, target, update_wait_seconds=3)
    async with web_app(settings) as (app, api):
        async with build_worker(dev_env.client, app.state.engine, settings):
            created = await asyncio.gather(*(
                created_once(api, {"campaign_code": code, "nominees": NOMINEES[:1]}, f"tao-{i}") for i in range(WAITING)
            ))
            dossiers = [response.json()["id"] for response in created]
        # The worker has stopped. An action waits for it on each dossier, one of them a page's form.
        csrf = log_in(app, api, UNIT_HEAD)
        form = {"csrf_token": csrf, "request_id": "trang-them", "subject_kind": "can_bo_cong_chuc_vien_chuc",
                "name": "Lê Thị Trang"}

        def send_all():
            return [
                api.post(f"/api/dossiers/{dossier_id}/nominees", json=nominee(i), headers=HEADERS | {"X-Request-ID": f"them-{i}"})
                for i, dossier_id in enumerate(dossiers)
            ] + [api.post(f"/unit/dossiers/{dossiers[0]}/nominees", data=form)]

        connections = Connections(app.state.engine)
        waiting = [asyncio.create_task(call) for call in send_all()]

        # Each has given its connection back before waiting for Temporal.
        await connections.until(lambda: connections.returned >= len(waiting) and connections.out == 0)
        assert not any(task.done() for task in waiting)
        reads = [
            await api.get(f"/api/public/campaigns/{code}/honour-roll"),
            await api.get(f"/honour-roll/{code}"),
            await api.get("/api/dossiers", params={"campaign": code}, headers={"Authorization": f"Bearer demo-{APPRAISER}"}),
            await api.get(f"/api/dossiers/{dossiers[0]}", headers=HEADERS),
            await api.get("/unit"),
        ]
        assert [read.status_code for read in reads] == [200] * len(reads)
        assert not any(task.done() for task in waiting)  # the reads did not wait for them

        answers = await asyncio.gather(*waiting)
        for index, answer in enumerate(answers[:WAITING]):
            assert_retry_later(answer, "ACTION_PENDING", f"them-{index}")
            assert answer.json()["details"] == {"seconds": "3", "request_id": f"them-{index}"}
            assert "đang được xử lý" in answer.json()["message"]
        page = answers[-1]
        assert_retry_later(page, "ACTION_PENDING", "trang-them")
        assert RETRY_TITLE in page.text and "Traceback" not in page.text

        # The worker is back: the same requests, sent again, find their Updates; each is applied once.
        settings.update_wait_seconds = 60  # the worker has every waiting Update to catch up with
        async with build_worker(dev_env.client, app.state.engine, settings):
            again = await asyncio.gather(*send_all())
        assert [answer.status_code for answer in again] == [200] * WAITING + [303]
        for index, dossier_id in enumerate(dossiers):
            names = [nominee(index)["name"]] + (["Lê Thị Trang"] if index == 0 else [])
            assert sorted(added(app.state.engine, dossier_id)) == sorted(names)


async def test_a_create_without_request_id_can_be_retried_with_the_id_of_its_503(
    dev_env, tmp_path, new_database, mail_server
):
    url = new_database()
    code = load_demo_campaign(url)
    target = dev_env.client.service_client.config.target_host
    settings = service_settings(url, tmp_path, mail_server, target, update_wait_seconds=1)
    body = {"campaign_code": code, "nominees": NOMINEES[:1]}
    async with web_app(settings) as (app, api):
        first = await api.post("/api/dossiers", json=body, headers=HEADERS)  # no worker runs
        assert_retry_later(first, "ACTION_PENDING")
        request_id = first.headers["X-Request-ID"]
        assert first.json()["details"]["request_id"] == request_id
        async with build_worker(dev_env.client, app.state.engine, settings):
            again = await api.post("/api/dossiers", json=body, headers=HEADERS | {"X-Request-ID": request_id})
            assert again.status_code == 201, again.text
        with Session(app.state.engine) as session:
            assert session.exec(select(func.count()).select_from(models.Dossier)).one() == 1


async def test_with_temporal_unreachable_reads_work_and_actions_answer_503(tmp_path, new_database, mail_server, caplog):
    url = new_database()
    code = load_demo_campaign(url)
    address = f"127.0.0.1:{free_port()}"  # nothing listens there
    settings = service_settings(url, tmp_path, mail_server, address)
    with caplog.at_level(logging.WARNING, logger="worker"):
        async with web_app(settings) as (app, api):
            reads = [
                await api.get(f"/api/public/campaigns/{code}/honour-roll"),
                await api.get(f"/honour-roll/{code}"),
                await api.get("/"),
                await api.get("/api/dossiers", headers=HEADERS),
                await api.get(f"/api/campaigns/{code}", headers=HEADERS),
            ]
            assert [read.status_code for read in reads] == [200] * len(reads)

            create = {"campaign_code": code, "nominees": NOMINEES[:1]}
            answer = await api.post("/api/dossiers", json=create, headers=HEADERS | {"X-Request-ID": "tao-1"})
            assert_retry_later(answer, "TEMPORAL_UNAVAILABLE", "tao-1")
            csrf = log_in(app, api, UNIT_HEAD)
            assert (await api.get("/unit")).status_code == 200
            page = await api.post("/unit/dossiers", data={"csrf_token": csrf, "request_id": "r1", "campaign_code": code})
            assert_retry_later(page, "TEMPORAL_UNAVAILABLE")
            assert RETRY_TITLE in page.text and "tạm ngưng xử lý thao tác" in page.text
            assert not app.state.connecting.done()  # still trying
    warnings = [r.getMessage() for r in caplog.records if r.name == "worker"]
    assert warnings and all(f"Temporal at {address} not reachable" in w and "Connection refused" in w for w in warnings)
