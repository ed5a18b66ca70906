"""In-app notifications: the events a user is mailed about, kept for the bell of the pages (/notifications).

One row per (event, user), written where the event's mails are enqueued (mail/events.py EventMails.send,
activities/notify.py), in the same transaction: the event, its mails and its notifications commit together
or not at all. The event is the mail's ("dossier/<id>/seq/<n>", "campaign/<code>/seq/<n>", a reminder's
"reminder/<code>/…/<day>"), so recording it again (a retried activity, a replayed workflow) finds the row and
adds nothing; two transactions recording it at once: the unique (event, user) makes the second commit fail,
and its retry finds the row. The title is the mail's subject; the link is the page of the mail's link, as a
path of this site. Only the user's own rows are ever read; the unread count is one COUNT on the index
(user_id, read_at).
"""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import Index, UniqueConstraint, func, update
from sqlmodel import Field, Session, SQLModel, col, select

from db.models import AwareDateTime, utcnow

# The newest notifications a page lists: older ones stay in the table, unlisted.
PAGE_SIZE = 100
# The fields of a mail's context that link to a page, in the order the link is looked for.
LINK_FIELDS = ("dossier_url", "campaign_url", "registration_url", "report_url", "honour_roll_url")


class Notification(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("event", "user_id"),
        Index("ix_notification_user_id_read_at", "user_id", "read_at"),
    )
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    event: str = Field(max_length=300)  # the mail's event (mail.outbox.mail_key without its recipient)
    kind: str = Field(max_length=60)  # the mail's kind, e.g. "supplement_requested"
    title: str = Field(max_length=500)  # the mail's subject
    link: str | None = Field(default=None, max_length=500)  # a path of this site: "/unit/dossiers/D-2025-0001"
    created_at: datetime = AwareDateTime(nullable=False)
    read_at: datetime | None = AwareDateTime(nullable=True)


def link_of(context: Mapping[str, Any], base_url: str) -> str | None:
    """The path of the page a mail links to (its first *_url field under the site's base address), or None."""
    base = base_url.rstrip("/")
    for name in LINK_FIELDS:
        url = context.get(name)
        if isinstance(url, str) and url.startswith(base + "/"):
            return url[len(base):][:500]
    return None


def record(session: Session, user_id: int, event: str, kind: str, title: str, link: str | None) -> Notification:
    """The user's notification of `event`: added to the caller's session (not committed) if new, else the one there."""
    existing = session.exec(
        select(Notification).where(Notification.event == event, Notification.user_id == user_id)
    ).first()
    if existing is not None:
        return existing
    row = Notification(
        user_id=user_id, event=event[:300], kind=kind[:60], title=" ".join(title.split())[:500], link=link,
        created_at=utcnow(),
    )
    session.add(row)
    return row


def unread_count(session: Session, user_id: int) -> int:
    """How many of the user's notifications are unread: one COUNT on the index (user_id, read_at)."""
    query = select(func.count()).select_from(Notification).where(
        Notification.user_id == user_id, col(Notification.read_at).is_(None)
    )
    return session.exec(query).one()


def newest(session: Session, user_id: int, limit: int = PAGE_SIZE) -> list[Notification]:
    """The user's notifications, newest first."""
    query = (
        select(Notification)
        .where(Notification.user_id == user_id)
        .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .limit(limit)
    )
    return list(session.exec(query))


def mark_read(session: Session, user_id: int) -> int:
    """Mark every unread notification of the user read, now; commits; gives how many were."""
    result = session.exec(  # type: ignore[call-overload]
        update(Notification)
        .where(Notification.user_id == user_id, col(Notification.read_at).is_(None))
        .values(read_at=utcnow())
    )
    session.commit()
    return result.rowcount
