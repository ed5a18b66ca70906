"""The bare Temporal baseline: a workflow with nothing but Updates (bench/latency.py), and lifecycles of it made
by many clients at once (bench/concurrency.py)."""

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import UnsandboxedWorkflowRunner, Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner


@activity.defn
async def nothing() -> None:
    """A local activity that does nothing: what waiting for one costs, without the work."""


@workflow.defn
class BareWorkflow:
    """Nothing but Updates: the floor any action's latency stands on."""

    def __init__(self) -> None:
        self.count = 0

    @workflow.run
    async def run(self) -> None:
        await workflow.wait_condition(lambda: False)

    @workflow.update
    def ping(self) -> int:
        self.count += 1
        return self.count

    @workflow.update
    async def ping_after_local_activity(self) -> int:
        """As a dossier's action waits for its save (a local activity), with nothing to save."""
        return await self.ping_after_local_activities(1)

    @workflow.update
    async def ping_after_local_activities(self, activities: int) -> int:
        """As a dossier's action waits for its check and its save, one after the other, doing nothing."""
        for _ in range(activities):
            await workflow.execute_local_activity(nothing, start_to_close_timeout=timedelta(seconds=10))
        self.count += 1
        return self.count


@dataclass
class Shape:
    """What one lifecycle made its dossier's workflow do: Updates, and activities (local or not)."""

    updates: int
    activities: int

    def per_update(self) -> list[int]:
        """The activities spread over the Updates, as evenly as they go."""
        share, rest = divmod(self.activities, self.updates)
        return [share + (n < rest) for n in range(self.updates)]


async def bare_lifecycles(
    env: WorkflowEnvironment, clients: int, lifecycles: int, shape: Shape, sandbox: bool
) -> tuple[list[float], float]:
    """`lifecycles` bare workflows, `clients` at a time, each sent as many Updates in turn as a lifecycle made,
    waiting for as many local activities in all: the latency of each Update, and the time for all of them. They
    run in the sandbox where the service's workflows do (--sandbox), outside it otherwise."""
    samples: list[float] = []
    slots = asyncio.Semaphore(clients)

    async def one() -> None:
        async with slots:
            handle = await env.client.start_workflow(
                BareWorkflow.run, id=f"bare-{uuid.uuid4().hex}", task_queue="bench-bare",
                execution_timeout=timedelta(hours=1),
            )
            for activities in shape.per_update():
                start = time.perf_counter()
                await handle.execute_update(BareWorkflow.ping_after_local_activities, activities)
                samples.append(time.perf_counter() - start)
            await handle.terminate()

    async with Worker(env.client, task_queue="bench-bare", workflows=[BareWorkflow], activities=[nothing],
                      workflow_runner=SandboxedWorkflowRunner() if sandbox else UnsandboxedWorkflowRunner()):
        start = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(lifecycles)))
        return samples, time.perf_counter() - start
