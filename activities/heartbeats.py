"""Activities that tell Temporal they are alive while they work, so a dead worker's share is soon retried."""

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from temporalio import activity

EVERY_SECONDS = 1.0  # well inside the workflows' heartbeat timeouts
T = TypeVar("T")


async def beating(work: Awaitable[T], every: float = EVERY_SECONDS) -> T:
    """The result of `work`, heartbeating meanwhile (a local activity has no heartbeat: it just waits)."""
    task = asyncio.ensure_future(work)  # its context is the activity's: heartbeat works from here
    while not task.done():
        if not activity.info().is_local:
            activity.heartbeat()
        await asyncio.wait({task}, timeout=every)
    return task.result()
