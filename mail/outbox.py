"""The outbox: a mail is a row in the database before it is anything else.

`enqueue` renders the mail and adds its row to the caller's session, so it commits (or not) with the
change that caused it. The row's key is deterministic, "(event, recipient)": enqueueing the same mail
again, from a retried activity or a replayed workflow, finds the row and adds nothing. Delivery is
mail.sender.MailActivities.deliver(key).
"""

import hashlib
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from db.models import utcnow
from db.outbox import MailStatus, OutboxMail
from mail.render import render


def mail_key(event: str, recipient: str) -> str:
    """The key of the mail about `event` (e.g. "dossier/D-2025-0001/seq/7") to `recipient`."""
    return f"{event}|{recipient.strip().lower()}"


def message_id(key: str) -> str:
    """The Message-ID every attempt at the mail carries: "<sha256(key)[:32]@thidua>"."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:32]}@thidua>"


def enqueue(session: Session, key: str, kind: str, recipient: str, context: Mapping[str, Any]) -> OutboxMail:
    """The outbox row of the mail `key`: added (not committed) if new, else the one already there.

    The row is added to the caller's session and commits with it. Two transactions enqueueing the same
    new key at the same moment: the unique key makes the second commit fail, and its retry finds the row.
    """
    existing = session.exec(select(OutboxMail).where(OutboxMail.key == key)).first()
    if existing is not None:
        return existing
    mail = render(kind, context)
    row = OutboxMail(
        key=key,
        kind=kind,
        recipient=recipient.strip(),
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        message_id=message_id(key),
        status=MailStatus.queued,
        created_at=utcnow(),
    )
    session.add(row)
    return row


def undelivered(session: Session) -> list[str]:
    """Keys of the mails not yet sent nor refused, oldest first: for a sweep that delivers them."""
    rows = session.exec(
        select(OutboxMail.key)
        .where(col(OutboxMail.status).in_([MailStatus.queued, MailStatus.sending]))
        .order_by(col(OutboxMail.id))
    )
    return list(rows)
