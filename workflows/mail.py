"""One workflow per mail: deliver the outbox row with its key, retrying until the server takes it.

Why a workflow of its own and not an activity of the workflow that caused the mail: the cause (an
Update, a campaign step, a reminder round) replies at once instead of waiting on SMTP, a mail server
down for an hour holds up nothing else, and the delivery outlives the workflow that asked for it. The
workflow id names the mail's outbox row (activities/mail.py, never its address), so asking twice for the mail
starts one delivery.
"""

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.mail import DeliveryActivities
    from mail.sender import DELIVERY_HEARTBEAT, DELIVERY_RETRY, DELIVERY_TIMEOUT, MailActivities

START_TIMEOUT = timedelta(seconds=30)


@workflow.defn
class MailDeliveryWorkflow:
    @workflow.run
    async def run(self, key: str) -> str:
        # Retried with backoff without limit; a permanent refusal returns "refused" and is not retried.
        return await workflow.execute_activity_method(
            MailActivities.deliver,
            key,
            start_to_close_timeout=DELIVERY_TIMEOUT,
            heartbeat_timeout=DELIVERY_HEARTBEAT,
            retry_policy=DELIVERY_RETRY,
        )


async def deliver_later(keys: list[str]) -> None:
    """From a workflow: start the delivery of each mail, and go on without waiting for it.

    Started by a local activity through the client rather than as child workflows: a child's end
    would be written into the history of the workflow that asked, long after the step that caused it.
    """
    await workflow.execute_local_activity_method(
        DeliveryActivities.start_deliveries, keys, start_to_close_timeout=START_TIMEOUT
    )
