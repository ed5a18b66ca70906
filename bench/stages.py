"""Where an API action's time goes: clocks around the stages of each request, for bench/latency.py.

The clocks wrap the real functions (nothing is replaced): the web app as a whole, the authentication's
reads, the route's reads before and after the Update, the Update itself, and, in the worker, the
dossier's save activity. A request's stages are kept in one record; the rounds run one after another, so
the save a worker runs while a request waits belongs to that request.
"""

import functools
import inspect
import statistics
import time
from contextvars import ContextVar
from typing import Any, Callable

from fastapi import FastAPI
from temporalio import client, worker

from web import deps, logins
from web.routes import dossiers

_record: ContextVar[dict[str, float] | None] = ContextVar("stage_record", default=None)

# The stages as printed, in the order a request meets them; those indented run within the one above.
STAGES = [
    ("before_endpoint", "middleware, routing, body, dependencies"),
    ("auth", "  of which the throttle check and token lookup"),
    ("load_dossier", "the dossier read before the Update"),
    ("update", "the Update's round trip (send_action)"),
    ("save_dossier", "  of which the save activity (worker)"),
    ("read_after", "the dossier read after (saved, detail)"),
    ("after_endpoint", "response model and JSON"),
    ("transport", "HTTP client and transport"),
]


class Stages:
    def __init__(self) -> None:
        self.records: list[dict[str, float]] = []
        self.current: dict[str, float] | None = None  # the request under way, for the worker's clock

    def install(self, app: FastAPI) -> Callable:
        """Wrap the app's parts in clocks; returns the app to serve, itself wrapped in a clock."""
        # get_current_user's two reads (a dependency overridden would cost FastAPI a signature read per request)
        self._wrap(logins, "refuse_throttled", "auth")
        self._wrap(deps, "user_of_token", "auth")
        self._wrap(dossiers, "load_dossier", "load_dossier")
        self._wrap(dossiers, "send_action", "update")
        self._wrap(dossiers, "saved", "read_after")
        self._wrap(dossiers, "detail", "read_after")
        self._wrap(dossiers, "act", "act")
        return self._asgi(app)

    def interceptor(self) -> worker.Interceptor:
        """An interceptor that clocks the dossier's save activity, for the client the worker is built on."""
        return _SaveClock(self)

    def client_time(self, seconds: float) -> None:
        """The request's time as the bench's client saw it: the rest is the HTTP client and transport."""
        record = self.records[-1]
        record["transport"] = seconds - record["server"]

    def report(self) -> str:
        """Each stage's median and mean over the requests recorded (the bench clears the warm-up's)."""
        records = self.records
        lines = [f"  {'stage':45} {'p50 ms':>8} {'mean ms':>8}"]
        for key, title in STAGES:
            values = [r.get(key, 0.0) * 1000 for r in records]
            lines.append(f"  {title:45} {statistics.median(values):8.2f} {statistics.fmean(values):8.2f}")
        totals = [(r["server"] + r["transport"]) * 1000 for r in records]
        lines.append(f"  {'the whole request':45} {statistics.median(totals):8.2f} {statistics.fmean(totals):8.2f}")
        return "\n".join(lines)

    def _asgi(self, app: Callable) -> Callable:
        async def timed_app(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            record = {"start": time.perf_counter()}
            self.current = record
            token = _record.set(record)

            async def timed_send(message):
                if message["type"] == "http.response.start":
                    record["response_start"] = time.perf_counter()
                await send(message)

            try:
                await app(scope, receive, timed_send)
            finally:
                _record.reset(token)
                self.current = None
                self._close(record)

        return timed_app

    def _close(self, record: dict[str, float]) -> None:
        end = time.perf_counter()
        start = record.pop("start")
        record["server"] = end - start
        if "act_start" in record:  # the route's own work, and what FastAPI did before and after it
            act_start = record.pop("act_start")
            act_end = act_start + record.pop("act")
            record["before_endpoint"] = act_start - start
            record["after_endpoint"] = record.pop("response_start", end) - act_end
        self.records.append(record)

    def _wrap(self, module: Any, name: str, stage: str) -> None:
        original = getattr(module, name)
        if inspect.iscoroutinefunction(original):

            async def timed(*args, **kwargs):
                record = _record.get()
                start = time.perf_counter()
                try:
                    return await original(*args, **kwargs)
                finally:
                    self._add(record, stage, start)
        else:

            def timed(*args, **kwargs):
                return self._timed(stage, original, args, kwargs)

        setattr(module, name, functools.wraps(original)(timed))

    def _timed(self, stage: str, call: Callable, args: tuple, kwargs: dict) -> Any:
        record = _record.get()
        start = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            self._add(record, stage, start)

    @staticmethod
    def _add(record: dict[str, float] | None, stage: str, start: float) -> None:
        if record is None:
            return
        if stage == "act":
            record["act_start"] = start
        record[stage] = record.get(stage, 0.0) + time.perf_counter() - start


class _SaveClock(client.Interceptor, worker.Interceptor):
    def __init__(self, stages: Stages) -> None:
        self.stages = stages

    def intercept_activity(self, next: worker.ActivityInboundInterceptor) -> worker.ActivityInboundInterceptor:
        return _SaveClockInbound(next, self.stages)


class _SaveClockInbound(worker.ActivityInboundInterceptor):
    def __init__(self, next: worker.ActivityInboundInterceptor, stages: Stages) -> None:
        super().__init__(next)
        self.stages = stages

    async def execute_activity(self, input: worker.ExecuteActivityInput) -> Any:
        record = self.stages.current
        start = time.perf_counter()
        try:
            return await super().execute_activity(input)
        finally:
            if getattr(input.fn, "__name__", "") == "save_dossier":
                Stages._add(record, "save_dossier", start)
