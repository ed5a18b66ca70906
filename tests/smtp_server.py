"""A real SMTP server for tests: aiosmtpd on a free loopback port, recording every message it accepts.

It can refuse a recipient (550) or put one off (451), and be down: not listening on its port at all.
`deliveries` is every message accepted; `messages` keeps one per Message-ID, as a receiver that
recognises a repeated message (the local sink, many mail stores) shows them.
"""

import email
import email.policy
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Delivery:
    sender: str
    recipients: list[str]
    raw: bytes
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler:
    def __init__(self, server: "SmtpServer") -> None:
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        answer = self.server.answers.get(address.lower())
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.default)
        self.server.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), raw, message))
        return "250 Message accepted"


class SmtpServer:
    def __init__(self) -> None:
        self.host = "127.0.0.1"
        self.port = free_port()
        self.deliveries: list[Delivery] = []
        self.answers: dict[str, str] = {}  # recipient (lower case) → the answer to RCPT TO
        self._controller: Controller | None = None

    def up(self) -> None:
        if self._controller is None:
            self._controller = Controller(_Handler(self), hostname=self.host, port=self.port)
            self._controller.start()

    def down(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def refuse(self, address: str, answer: str = "550 5.1.1 Mailbox unavailable") -> None:
        self.answers[address.lower()] = answer

    def defer(self, address: str, answer: str = "451 4.3.0 Try again later") -> None:
        self.answers[address.lower()] = answer

    @property
    def messages(self) -> list[Delivery]:
        """One delivery per Message-ID, the first."""
        seen: dict[str, Delivery] = {}
        for delivery in self.deliveries:
            seen.setdefault(delivery.message_id, delivery)
        return list(seen.values())


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """A server that is up; call `.down()` to take it away and `.up()` to bring it back on the same port."""
    server = SmtpServer()
    server.up()
    yield server
    server.down()
