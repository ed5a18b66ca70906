"""Delivery of the outbox's mails by SMTP (aiosmtplib), as a Temporal activity.

Exactly once, as far as SMTP allows:

- Each mail has a deterministic key, "(event, recipient)", and the key is unique in the outbox: the
  same mail enqueued twice is one row, delivered by one `deliver(key)`.
- `deliver` records `sending` and commits before it talks to the server, and records `sent` after the
  server accepted the message. A mail that is `sent` (or `refused`) is never sent again.
- SMTP itself offers no exactly-once: a worker killed after the server accepted the message but before
  `sent` was recorded leaves the row in `sending`, and the retried activity sends it again. It sends
  the very same message, with the same Message-ID (`<sha256(key)[:32]@thidua>`), the same Date and the
  same content, so the repeat is recognisable: receivers that de-duplicate on Message-ID (the local
  sink, mail.sink, does; many mail stores do) keep one, and a reader sees the same mail. The window is
  the moment between the server's "250 OK" and our commit, not the whole delivery.
- A temporary failure (server down, connection refused, timeout, a 4xx answer, refused credentials)
  is recorded on the row (`last_error`, `attempts`, status back to `queued`) and raised: Temporal
  retries the activity with backoff (DELIVERY_RETRY) until the server takes it; once sent, the row's
  `last_error` is cleared.
- A permanent refusal (a 5xx answer to the recipient or to the message) is recorded as `refused`
  with the server's answer and returned, not raised: retrying would get the same answer forever.
"""

import asyncio
import socket
from datetime import datetime, timedelta, timezone
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

import aiosmtplib
from sqlalchemy import Engine
from sqlmodel import Session, select
from temporalio import activity
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError

from activities.heartbeats import beating
from common.settings import Settings
from common.text import VN_TZ
from db.models import utcnow
from db.outbox import MailStatus, OutboxMail

# Suggested options for the activity: retried without limit, at most every 10 minutes, so a server
# down for an hour gets the mail within minutes of coming back.
DELIVERY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=10), backoff_coefficient=2.0, maximum_interval=timedelta(minutes=10)
)
DELIVERY_TIMEOUT = timedelta(minutes=2)  # start_to_close: one SMTP conversation, with its timeouts
# The attempt beats while it talks to the server: a worker that dies mid-delivery is noticed within
# seconds, and another worker retries, instead of after the whole DELIVERY_TIMEOUT.
DELIVERY_HEARTBEAT = timedelta(seconds=10)
HEARTBEAT_EVERY = 2.0  # seconds
SMTP_TIMEOUT = 60.0  # seconds, for each step of the SMTP conversation
# Headers are written unfolded (up to SMTP's 998 characters): Python 3.11 folds a Vietnamese subject
# between two encoded words at a space, and readers then drop that space ("Hồ sơ" arrives as "Hồsơ").
WIRE_POLICY = policy.SMTP.clone(max_line_length=998)


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    """The message of an outbox row: text and HTML alternatives, every header fixed by the row."""
    message = EmailMessage()
    message["Subject"] = mail.subject
    message["From"] = sender
    message["To"] = mail.recipient
    message["Date"] = format_datetime(_aware(mail.created_at).astimezone(VN_TZ))
    message["Message-ID"] = mail.message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(mail.text, cte="quoted-printable")  # 7-bit safe through any relay
    message.add_alternative(mail.html, subtype="html", cte="quoted-printable")
    message.set_boundary("=_" + mail.message_id.strip("<>").split("@")[0])  # not random: the same bytes each time
    return message


def is_permanent(error: Exception) -> bool:
    """A 5xx refusal of the recipient or of the message: sending again would be refused again."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return bool(error.recipients) and all(refused.code >= 500 for refused in error.recipients)
    if isinstance(error, (aiosmtplib.SMTPRecipientRefused, aiosmtplib.SMTPDataError)):
        return error.code >= 500
    return False


def describe(error: Exception) -> str:
    """The error as the outbox records it: the server's code and answer where there is one."""
    name = type(error).__name__
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        return f"{name}: " + "; ".join(f"{r.code} {r.message} ({r.recipient})" for r in error.recipients)
    if isinstance(error, aiosmtplib.SMTPResponseException):
        return f"{name}: {error.code} {error.message}"
    return f"{name}: {error}"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite gives back UTC


class MailActivities:
    def __init__(self, engine: Engine, settings: Settings) -> None:
        self.engine = engine
        self.settings = settings

    # A synchronous activity, like the others: it runs in the worker's thread pool, which has no event
    # loop of its own, so the SMTP conversation runs in one of its own (asyncio.run).
    @activity.defn
    def deliver(self, key: str) -> str:
        """Send the outbox mail `key` once; return its status: "sent" or "refused".

        A mail already sent or refused returns at once. See the module's docstring for why a crash
        between the send and the record can repeat a send, and why that repeat is recognisable.
        """
        with Session(self.engine) as session:
            mail = session.exec(select(OutboxMail).where(OutboxMail.key == key)).first()
            if mail is None:
                raise ApplicationError(f"no mail with key {key!r} in the outbox", non_retryable=True)
            if mail.status in (MailStatus.sent, MailStatus.refused):
                return str(mail.status)

            mail.status = MailStatus.sending
            mail.attempts += 1
            session.commit()  # recorded before the send: a crash from here on leaves "sending"

            try:
                self.send(build_message(mail, self.settings.smtp_sender), mail.recipient)
            except Exception as error:
                mail.last_error = describe(error)
                if is_permanent(error):
                    mail.status = MailStatus.refused
                    session.commit()
                    return MailStatus.refused.value
                mail.status = MailStatus.queued
                session.commit()
                raise  # temporary: Temporal retries with backoff

            mail.status = MailStatus.sent
            mail.sent_at = utcnow()
            mail.last_error = None  # the failures before are over: the outbox shows no error on a mail sent
            session.commit()
            return MailStatus.sent.value

    def send(self, message: EmailMessage, recipient: str) -> None:
        """One SMTP conversation with the configured server; raises what aiosmtplib raises."""
        settings = self.settings
        conversation = aiosmtplib.send(
            message.as_bytes(policy=WIRE_POLICY),
            sender=parseaddr(settings.smtp_sender)[1],
            recipients=[recipient],
            hostname=settings.smtp_host,
            port=settings.smtp_port,
            username=settings.smtp_user or None,
            password=settings.smtp_password or None,
            use_tls=settings.smtp_ssl,
            start_tls=settings.smtp_starttls,
            timeout=SMTP_TIMEOUT,
            # Named here: aiosmtplib would look the name up in a thread of its own, from this activity's
            # thread and its event loop, where starting that thread was seen to hang the worker.
            local_hostname=socket.gethostname(),
        )
        # Telling Temporal every few seconds that this worker is alive, while the server talks.
        asyncio.run(beating(conversation, every=HEARTBEAT_EVERY))
