"""A real SMTP server for tests (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from tests.utils.net import free_port


class Inbox:
    """An SMTP handler that keeps what it receives; ``hold`` makes it answer only when released."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.raw: list[bytes] = []  # each message's bytes exactly as the server received them
        self.recipients: list[list[str]] = []
        self.hold = False
        self.refuse: set[str] = set()  # recipients answered "550 no such mailbox", as a real server would
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's hook
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.arrived.set()
        if self.hold:
            deadline = time.monotonic() + 3
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        self.recipients.append(list(envelope.rcpt_tos))
        self.raw.append(envelope.original_content or envelope.content)
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@contextmanager
def running_inbox() -> Iterator[Inbox]:
    """An SMTP server on a free loopback port for the duration of the block."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        inbox.release.set()
        controller.stop()
