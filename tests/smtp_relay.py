"""A real SMTP server for tests: aiosmtpd on a free loopback port, in a thread of the test
process, recording what it receives (tests/participants/outbox/test_smtp.py, and the
integration tests, whose Celery workers send to it from their own processes)."""

import contextlib
import dataclasses
import email
import email.policy
import socket
from collections.abc import Iterator

from aiosmtpd.controller import Controller


@dataclasses.dataclass(frozen=True)
class Delivery:
    connection: int  # the how-many-th connection (EHLO) of the test carried it, from 0
    recipients: list[str]
    subject: str


class Relay:
    """An aiosmtpd handler that records each connection (its EHLO), each message and each QUIT.
    It refuses the addresses in ``refused`` with 550, those in ``greylisted`` with 450 (for
    now) and, when ``hang_up_at_next_mail`` is set,
    answers the next MAIL FROM with 421, as a relay that timed an idle session out does."""

    def __init__(self) -> None:
        self.port = 0  # set once the server listens
        self.connections: list[tuple[str, int]] = []
        self.deliveries: list[Delivery] = []
        self.quits = 0
        self.refused: set[str] = set()
        self.greylisted: set[str] = set()
        self.refusals: list[str] = []
        self.hang_up_at_next_mail = False

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        session.number = len(self.connections)
        self.connections.append(session.peer)
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.hang_up_at_next_mail:
            self.hang_up_at_next_mail = False
            return "421 4.4.2 relay.example.org Error: timeout exceeded"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            self.refusals.append(address)
            return "550 5.1.1 No such user here"
        if address in self.greylisted:
            self.refusals.append(address)
            return "450 4.2.0 Greylisted, please try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.deliveries.append(
            Delivery(session.number, list(envelope.rcpt_tos), str(message["Subject"]))
        )
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope):
        self.quits += 1
        return "221 Bye"

    def carried(self) -> list[tuple[int, list[str]]]:
        """(connection, recipients) of each message, in the order they arrived."""
        return [(delivery.connection, delivery.recipients) for delivery in self.deliveries]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_relay(**smtp_options) -> Iterator[Relay]:
    """A started server (no TLS, no login) whose handler is yielded, with its ``port``;
    ``smtp_options`` go to aiosmtpd's SMTP (e.g. ``timeout=0.5``: hang up on idle sessions)."""
    handler = Relay()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port(), **smtp_options)
    controller.start()
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()
