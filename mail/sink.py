"""A local SMTP sink for `make run`: it accepts every mail and keeps it in the database, delivering none.

`python -m mail.sink` listens on SMTP_HOST:SMTP_PORT (127.0.0.1:1025 by default, what the worker sends
to when no SMTP server is configured) and stores each message as a CaughtMail row, one per Message-ID:
a message sent again with the same Message-ID (a delivery repeated after a crash) is kept once.
The web app lists them with `caught_mails`. docker-compose uses Mailpit instead.
"""

import email
import email.policy
import hashlib
import signal
import threading
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from common.settings import Settings, get_settings
from db.engine import make_engine
from db.models import utcnow
from db.outbox import CaughtMail

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def is_local(settings: Settings) -> bool:
    """Whether mail goes to this machine: no SMTP server configured, so `make run` starts the sink."""
    return settings.smtp_host in LOOPBACK


def _body(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    return part.get_content() if part is not None else None


def store(engine: Engine, raw: bytes, sender: str, recipients: list[str]) -> bool:
    """Keep a received message; False if one with its Message-ID is already kept."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    message_id = str(message["Message-ID"] or "").strip() or f"<{hashlib.sha256(raw).hexdigest()[:32]}@sink>"
    with Session(engine) as session:
        if session.exec(select(CaughtMail).where(CaughtMail.message_id == message_id)).first() is not None:
            return False
        session.add(
            CaughtMail(
                message_id=message_id,
                sender=sender,
                recipients=list(recipients),
                subject=str(message["Subject"] or ""),
                text=_body(message, "plain"),
                html=_body(message, "html"),
                received_at=utcnow(),
            )
        )
        try:
            session.commit()
        except IntegrityError:  # the same message arriving twice at once: the other one is kept
            return False
    return True


def caught_mails(session: Session, limit: int = 100) -> list[CaughtMail]:
    """The mails the sink caught, newest first."""
    return list(session.exec(select(CaughtMail).order_by(col(CaughtMail.id).desc()).limit(limit)))


class SinkHandler:
    """aiosmtpd handler: every message is accepted and stored."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    async def handle_DATA(self, server, session, envelope) -> str:
        store(self.engine, envelope.original_content or envelope.content, envelope.mail_from, envelope.rcpt_tos)
        return "250 Message accepted"


def start_sink(engine: Engine, host: str = "127.0.0.1", port: int = 1025) -> Controller:
    """Start the sink in a thread of its own; `.stop()` the returned controller to stop it."""
    SQLModel.metadata.create_all(engine, tables=[CaughtMail.__table__])
    controller = Controller(SinkHandler(engine), hostname=host, port=port)
    controller.start()
    return controller


def main() -> None:
    settings = get_settings()
    engine = make_engine(settings.database_url)
    controller = start_sink(engine, settings.smtp_host, settings.smtp_port)
    print(f"SMTP sink on {settings.smtp_host}:{settings.smtp_port}: mails are kept, none delivered", flush=True)
    stopping = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    while not stopping.wait(0.5):
        pass
    controller.stop()
    engine.dispose()


if __name__ == "__main__":
    main()
