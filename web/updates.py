"""Sending a person's action to a workflow as an Update."""

import uuid
from typing import Any, Callable

from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.service import RPCError, RPCStatusCode

from web.errors import from_update_failure


async def send_action(client: Client, workflow_id: str, update: Callable, arg: Any, request_id: str | None) -> bool:
    """Run the update; False if the workflow has ended. A validator's refusal is raised as a ServiceError.

    The request id becomes the update id, so a retried request is applied once.
    """
    try:
        await client.get_workflow_handle(workflow_id).execute_update(
            update, arg, id=f"{update.__name__}-{request_id or uuid.uuid4().hex}"
        )
    except WorkflowUpdateFailedError as failure:
        raise from_update_failure(failure) from None
    except RPCError as error:
        if error.status != RPCStatusCode.NOT_FOUND:
            raise
        return False
    return True
