"""A worker killed at any point of the council's opening, its closing or the signing drops no dossier.

Each run takes a campaign of its own through its council, decision and signing, with a worker process
that dies (os._exit, as SIGKILL would) at one named point of one step (common/faults.py), is started
again, and the person's request is sent again with the same request id until it is answered. At the end
every nominee that passed appraisal was a candidate, has its council result, and is in the signed
decision; every dossier went through each step once.
"""

import asyncio
import os
import random
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from common.faults import CRASH_EXIT_CODE
from common.settings import ROOT
from db import models
from schemas.campaign_file import load_campaign
from db.campaigns import save_campaign
from tests.campaign_steps import CAMPAIGNS, add_unit, appraised_dossier, collective, individual
from tests.conftest import Service, today
from tests.dossier_steps import CHAIRMAN, EARLY_REASON, MEMBERS, SECRETARY, member_ids, ok
from web.campaign_workflows import campaign_started, start_campaign_workflows

RUNS = int(os.environ.get("THIDUA_FAULT_RUNS", "20"))
CONCURRENT = 4
TASK_TIMEOUT = timedelta(seconds=2)  # a dead worker's workflow task moves on after this
# Where a worker can die in each step: after reading, after saving, midway through telling the dossiers.
POINTS = {
    "open": [
        "council_candidates", "save_campaign_run:open_session", "tell:council_opened:1", "tell:council_opened:2",
        "save_dossier:council_opened",
    ],
    "close": ["save_campaign_run:close_session", "tell:council_outcome:1", "tell:council_outcome:3"],
    "sign": [
        "tell:recheck_before_signing:2", "approved_nominees", "take_number", "save_campaign_run:sign_decision",
        "issue_decision", "tell:decision_signed:1", "save_dossier:decision_signed",
    ],
}


class Workers:
    """Two workers, each its own process, and one started again whenever one dies."""

    def __init__(self, service: Service, crash_file: Path) -> None:
        self.env = os.environ | {
            "DATABASE_URL": service.settings.database_url,
            "FILESTORE_DIR": str(service.settings.filestore_dir),
            "TEMPORAL_ADDRESS": service.settings.temporal_address,
            "TEMPORAL_TASK_QUEUE": service.settings.temporal_task_queue,
            "SMTP_HOST": service.settings.smtp_host,
            "SMTP_PORT": str(service.settings.smtp_port),
            "WORKFLOW_TASK_TIMEOUT_SECONDS": str(int(TASK_TIMEOUT.total_seconds())),
            "THIDUA_CRASH_FILE": str(crash_file),
        }
        self.processes = [self.started(), self.started()]
        self.crashes = 0
        self.stopped_otherwise: list[int] = []

    def started(self) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "worker.py"], cwd=ROOT, env=self.env)

    async def keep_alive(self) -> None:
        while True:
            for number, process in enumerate(self.processes):
                code = process.poll()
                if code is not None:  # counted, and started again: the test fails on any other code
                    if code == CRASH_EXIT_CODE:
                        self.crashes += 1
                    else:
                        self.stopped_otherwise.append(code)
                    self.processes[number] = self.started()
            await asyncio.sleep(0.1)

    def stop(self) -> None:
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=30)


@pytest.fixture
async def workers(service: Service, tmp_path: Path) -> AsyncIterator[Workers]:
    # The dossiers' workflows, started by the web app, hand a dead worker's task on as soon.
    service.settings.workflow_task_timeout_seconds = int(TASK_TIMEOUT.total_seconds())
    workers = Workers(service, tmp_path / "crash-at")
    watch = asyncio.create_task(workers.keep_alive())
    yield workers
    watch.cancel()
    workers.stop()


async def until_answered(service: Service, user: str, code: str, path: str, body: dict | None = None) -> dict:
    """The person's request, sent again with its request id while the service cannot answer it yet."""
    headers = service.as_user(user) | {"X-Request-ID": uuid.uuid4().hex}
    for _ in range(600):
        response = await service.api.post(f"/api/campaigns/{code}{path}", json=body, headers=headers)
        if response.status_code < 500:
            return ok(response)
        await asyncio.sleep(float(response.headers.get("Retry-After", "0.2")))
    raise AssertionError(f"{path} never answered")


async def campaign_with_dossiers(service: Service, heads: list[str]) -> tuple[str, set[str]]:
    plan = load_campaign(CAMPAIGNS / "ke-sat-2025.yaml")
    plan = plan.with_deadline(f"faults-{uuid.uuid4().hex[:8]}", today() + timedelta(days=30))
    with Session(service.engine) as session:
        save_campaign(session, plan)
    await start_campaign_workflows(service.client, plan, service.settings.temporal_task_queue, TASK_TIMEOUT)
    await campaign_started(service.client, plan.code)
    refs = set()
    for number, head in enumerate(heads, 1):
        nominees = [collective("phong_chuyen_mon", f"Phòng số {number}"), individual("can_bo_cong_chuc_vien_chuc", f"Trần Văn {number}")]
        dossier = await appraised_dossier(service, plan, head, nominees)
        refs |= {f"{dossier['id']}/{n['key']}" for n in dossier["nominees"]}
    return plan.code, refs


async def council_to_signature(service: Service, code: str, refs: set[str], members: list[int]) -> None:
    """Open, vote, close and sign, as each person would, sending again what was not answered."""
    body = {"session_date": today().isoformat(), "present": members, "early_reason": EARLY_REASON}
    opened = await until_answered(service, SECRETARY, code, "/session", body)
    candidates = opened["run"]["session"]["candidates"]
    assert {c["ref"] for c in candidates} == refs, f"{code}: candidates"
    for name in MEMBERS:
        await until_answered(service, name, code, "/session/ballot", {"votes": {c["ref"]: True for c in candidates}})
    await until_answered(service, SECRETARY, code, "/session/close", {})
    signed = await until_answered(service, CHAIRMAN, code, "/decision/sign", {})

    state = signed["run"]
    assert {r["candidate"]["ref"] for r in state["results"]} == refs, f"{code}: results"
    assert {a["candidate"]["ref"] for a in state["decision"]["awardees"]} == refs, f"{code}: decision"
    assert state["phase"] == "signed" and state["decision"]["number"]
    assert [h["seq"] for h in signed["history"]] == list(range(1, len(signed["history"]) + 1))
    with Session(service.engine) as db:
        dossiers = db.exec(select(models.Dossier).where(models.Dossier.campaign_code == code)).all()
        assert {d.stage for d in dossiers} == {"signed"}, code
        for dossier in dossiers:
            entries = db.exec(select(models.HistoryEntry).where(models.HistoryEntry.dossier_id == dossier.id))
            actions = [entry.action for entry in entries]
            for once in ("council_opened", "council_outcome", "decision_signed"):
                assert actions.count(once) == 1, f"{dossier.id}: {actions}"


def fault_plan(runs: int) -> list[str]:
    """Every point at least once, then points at random; a fixed seed, so a failure can be run again."""
    points = [point for names in POINTS.values() for point in names]
    return (points + random.Random(11).choices(points, k=runs))[:runs]


async def test_a_worker_killed_in_the_council_steps_drops_no_dossier(service: Service, workers: Workers, tmp_path):
    heads = [add_unit(service, f"Phòng thử nghiệm {n}", "phong_chuyen_mon") for n in (1, 2, 3)]
    ids = member_ids(service)
    members = [ids[name] for name in MEMBERS]
    crash_file = tmp_path / "crash-at"
    plan = fault_plan(RUNS)
    # Runs go CONCURRENT at a time, each with its point: a crash meant for one hits the others mid-step too.
    for batch in range(0, len(plan), CONCURRENT):
        points = plan[batch:batch + CONCURRENT]
        campaigns = await asyncio.gather(*(campaign_with_dossiers(service, heads) for _ in points))
        crashes = workers.crashes
        crash_file.write_text("".join(f"{point}\n" for point in points), encoding="utf-8")
        await asyncio.gather(*(council_to_signature(service, code, refs, members) for code, refs in campaigns))
        assert crash_file.read_text(encoding="utf-8") == "", f"points not reached: {points}"
        # The last to die may have left its step to the other worker a moment before it is seen gone.
        for _ in range(50):
            if workers.crashes >= crashes + len(points):
                break
            await asyncio.sleep(0.1)
        assert workers.crashes >= crashes + len(points) and not workers.stopped_otherwise, workers.stopped_otherwise
