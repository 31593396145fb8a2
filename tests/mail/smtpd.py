"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for the tests."""

from __future__ import annotations

import asyncio
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (right now)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """The aiosmtpd handler: accepts, refuses or delays what it is told to, and keeps the rest."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[str | None] = []  # the AUTH login of the session each message came in
        self.refuse: dict[str, str] = {}  # recipient -> SMTP reply, e.g. "550 5.1.1 No such user"
        self.delay = 0.0  # seconds before accepting each message
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        raw = envelope.original_content.replace(b"\r\n", b"\n")  # as a mail reader shows it
        message = message_from_bytes(raw, policy=policy.default)
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.logins.append(session.auth_data if session.authenticated else None)
        return "250 Message accepted for delivery"


class SmtpServer:
    """aiosmtpd's threaded controller on a fixed free port, so it can start after a client
    first found nothing there. With `login`, it accepts AUTH with that (user, password)."""

    def __init__(self, login: tuple[str, str] | None = None) -> None:
        self.port = free_port()
        self.inbox = Inbox()
        self.login = login
        self._controller: Controller | None = None

    @property
    def messages(self) -> list[EmailMessage]:
        return self.inbox.messages

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        login = (auth_data.login.decode(), auth_data.password.decode())
        # handled=False: aiosmtpd answers 235 or 535 itself; auth_data ends up on the session.
        return AuthResult(success=login == self.login, handled=False, auth_data=login[0])

    def start(self) -> SmtpServer:
        options = {}
        if self.login is not None:
            # AUTH offered without TLS (fine on the loopback interface). It is not required
            # (aiosmtpd warns about requiring it without TLS); `logins` shows who used it.
            options = {"authenticator": self._authenticate, "auth_require_tls": False}
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
