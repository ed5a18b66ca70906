"""Mail tables: the outbox of mails to send, and the mails the local SMTP sink caught.

OutboxMail holds one row per mail, keyed by its deterministic key "(event, recipient)": enqueueing the
same mail again finds the row and adds nothing. The subject and bodies are rendered when the mail is
enqueued, so every attempt sends exactly the same message, with the same Message-ID.

CaughtMail is what `python -m mail.sink` (the local stand-in for a mail server under `make run`)
received, one row per Message-ID.
"""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Text
from sqlmodel import Field, SQLModel

from db.models import AwareDateTime, VnTimes


class MailStatus(StrEnum):
    queued = "queued"  # waiting to be sent, or to be sent again after a temporary failure
    sending = "sending"  # an attempt began: it may have reached the server (a crash leaves it here)
    sent = "sent"  # the server accepted it
    refused = "refused"  # the server refused it for good (5xx): never retried


class OutboxMailBase(SQLModel):
    key: str = Field(unique=True, index=True)  # "(event, recipient)", see mail.outbox.mail_key
    kind: str  # a template kind, e.g. "supplement_requested"
    recipient: str  # an e-mail address
    subject: str
    message_id: str  # "<sha256(key)[:32]@thidua>": the same on every attempt
    status: str = Field(default=MailStatus.queued, index=True)  # a MailStatus
    attempts: int = 0
    last_error: str | None = None


class OutboxMail(OutboxMailBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    html: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = AwareDateTime(nullable=False)
    sent_at: datetime | None = AwareDateTime(nullable=True)


class OutboxMailPublic(OutboxMailBase, VnTimes):
    id: int
    created_at: datetime
    sent_at: datetime | None


class CaughtMailBase(SQLModel):
    message_id: str = Field(unique=True, index=True)
    sender: str
    recipients: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    subject: str


class CaughtMail(CaughtMailBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    text: str | None = Field(default=None, sa_column=Column(Text))
    html: str | None = Field(default=None, sa_column=Column(Text))
    received_at: datetime = AwareDateTime(nullable=False)


class CaughtMailPublic(CaughtMailBase, VnTimes):
    id: int
    text: str | None
    html: str | None
    received_at: datetime
