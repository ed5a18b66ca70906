"""Sending a person's action to a workflow as an Update: without holding a database connection meanwhile,
and without waiting for ever when no worker runs.
"""

import asyncio
import uuid
from collections.abc import Awaitable
from typing import Any, Callable, TypeVar

from sqlmodel import Session
from temporalio.api.errordetails.v1 import MultiOperationExecutionFailure, WorkflowNotReadyFailure
from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowUpdateFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.service import RPCError, RPCStatusCode

from web.errors import RetryLater, from_update_failure

# Temporal's answers that mean "not now": the server is down or overloaded, or aborted the Update.
UNAVAILABLE = {RPCStatusCode.UNAVAILABLE, RPCStatusCode.DEADLINE_EXCEEDED, RPCStatusCode.RESOURCE_EXHAUSTED}
AGAIN_AFTER_SECONDS = 0.5
T = TypeVar("T")


async def within_wait(session: Session, request_id: str, call: Callable[[], Awaitable[T]]) -> T:
    """Run a call that waits for a workflow, and so for a worker, within the wait the settings allow.

    The request's database connection is given back first: actions waiting for a stopped worker must not
    take every connection from the reads. (The rows loaded stay readable; a later query takes a connection
    again.) Temporal unreachable for a moment, an Update the server aborted, or the workflow's task failing
    (WorkflowNotReady): the call is made again, with the same update id. Past the wait, the answer is a 503
    naming the request id to send again; the Update goes on meanwhile, and that id attaches to it.
    """
    session.close()
    seconds = session.info["update_wait_seconds"]
    unavailable = False
    bound = asyncio.timeout(seconds)
    try:
        async with bound:
            while True:
                try:
                    return await call()
                except RPCError as error:
                    if error.status not in UNAVAILABLE and not _workflow_not_ready(error):
                        raise
                    unavailable = True
                await asyncio.sleep(AGAIN_AFTER_SECONDS)
    except (TimeoutError, WorkflowUpdateRPCTimeoutOrCancelledError):
        if not bound.expired():  # cancelled for another reason: the request itself has gone
            raise
        if unavailable:
            raise RetryLater("TEMPORAL_UNAVAILABLE", request_id) from None
        raise RetryLater("ACTION_PENDING", request_id, seconds=f"{seconds:g}") from None


def _workflow_not_ready(error: RPCError) -> bool:
    """The server refuses Updates while the workflow's task fails (its worker died in it): soon ready again.

    An Update-with-Start's refusal carries it in the status of its operation.
    """
    details = list(error.grpc_status.details)
    for detail in error.grpc_status.details:
        operations = MultiOperationExecutionFailure()
        if detail.Unpack(operations):
            details += [inner for status in operations.statuses for inner in status.details]
    return any(detail.Is(WorkflowNotReadyFailure.DESCRIPTOR) for detail in details)


def _execute(handle: WorkflowHandle, update: Callable, arg: Any, update_id: str) -> Awaitable[Any]:
    """The Update, its result taken as plain JSON: the callers read the answer from the database, so it is not
    decoded into the Update's return type (a dossier's whole state, a campaign's summary)."""
    return handle.execute_update(update, arg, id=update_id, result_type=Any)


async def send_action(
    session: Session, client: Client, workflow_id: str, update: Callable, arg: Any, request_id: str | None
) -> bool:
    """Run the update; False if the workflow has ended. A validator's refusal is raised as a ServiceError.

    The request id becomes the update id, so a retried request is applied once; without one, a new id is
    made, and a 503 gives it back to retry with.
    """
    request_id = request_id or uuid.uuid4().hex
    # Scoped to the person and the action: one person's retry never swallows another's action.
    actor = getattr(arg, "actor", None)
    update_id = f"{update.__name__}-{actor.user_id if actor else 0}-{request_id}"
    handle = client.get_workflow_handle(workflow_id)
    try:
        await within_wait(session, request_id, lambda: _execute(handle, update, arg, update_id))
    except WorkflowUpdateFailedError as failure:
        raise from_update_failure(failure) from None
    except RPCError as error:
        if error.status != RPCStatusCode.NOT_FOUND:
            raise
        return False
    return True
