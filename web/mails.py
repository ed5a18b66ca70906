"""Mails enqueued by a web request (a password link): their deliveries started once the request has committed.

A workflow's mails are delivered through deliver_later (workflows/mail.py); a request has no workflow, so
it starts the same MailDeliveryWorkflow itself, with the same id (activities/mail.py: the outbox row's),
so a mail is still delivered once however often it is asked for.
"""

from sqlmodel import Session, col, select
from temporalio.client import Client
from temporalio.common import WorkflowIDConflictPolicy, WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError

from activities.mail import delivery_id
from common.settings import Settings
from db.outbox import OutboxMail
from db.password_links import MAIL_KEYS


async def deliver_enqueued(session: Session, client: Client, settings: Settings) -> None:
    """Start the delivery of each mail this session enqueued (session.info["mail_keys"]); call after commit."""
    keys = session.info.pop(MAIL_KEYS, [])
    if not keys:
        return
    rows = session.exec(select(OutboxMail).where(col(OutboxMail.key).in_(keys))).all()
    for row in rows:
        try:
            await client.start_workflow(
                "MailDeliveryWorkflow",
                row.key,
                id=delivery_id(row),
                task_queue=settings.temporal_task_queue,
                id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            pass  # delivered before: the outbox says sent or refused
