"""Starting mail deliveries: one MailDeliveryWorkflow per outbox key, on the worker's own task queue."""

import hashlib

from temporalio import activity
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError


def delivery_id(key: str) -> str:
    return f"mail-{hashlib.sha256(key.encode()).hexdigest()[:32]}"


class DeliveryActivities:
    def __init__(self, client: Client) -> None:
        self.client = client

    @activity.defn
    async def start_deliveries(self, keys: list[str]) -> None:
        """Start each mail's delivery; a mail whose delivery runs or has run is left to it."""
        for key in keys:
            try:
                await self.client.start_workflow(
                    "MailDeliveryWorkflow",
                    key,
                    id=delivery_id(key),
                    task_queue=activity.info().task_queue,
                    id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
                    id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
                )
            except WorkflowAlreadyStartedError:
                pass  # delivered before: the outbox says sent or refused
