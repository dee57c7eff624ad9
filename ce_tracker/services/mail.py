"""Email: queued in the outbox inside the unit of work, delivered after commit.

Queuing inside the transaction means an email exists exactly when the change
that caused it was committed; delivery happens afterwards so a slow SMTP server
never holds a database lock. Without SMTP configured, mail stays in the outbox
and the log says so (never what it says: a body may hold a live reset link).

Delivery: each message is leased (``claimed_until``), not marked sent,
while it is being sent, and marked sent only after the server took it. Any failure,
the server's or our own (a header that cannot be encoded), is recorded, logged, and
retried after a delay that doubles each time; after CE_MAIL_MAX_ATTEMPTS the message
is reported as given up. One message failing never stops the rest of the batch.
A body that carried a live link is scrubbed once sent or once the link has expired; a reminder's
one-click unsubscribe token is scrubbed from its body and its List-Unsubscribe once sent.

What mail clients and spam filters read: every message, whatever its kind,
is built by ``build_message`` with the SMTP policy, never encoding an ASCII header (RFC 2369 wants
List-Unsubscribe's URL in plain angle brackets; an RFC 2047 encoded word hides it from every client), with
``Date`` (the moment it is handed to the mail server) and a ``Message-ID`` at the public host (fixed by the
outbox row, so a retry is the same message) and
``Auto-Submitted: auto-generated`` (RFC 3834: no person wrote it, so vacation responders stay quiet).
Every message is the society's: its name is the From display name (unless the operator named the sender
otherwise in CE_MAIL_FROM) and signs the body, under the usual "-- " signature line.
"""

from __future__ import annotations

import logging
import re
import smtplib
import ssl
from datetime import datetime, timedelta
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, parseaddr
from urllib.parse import urlsplit

from sqlalchemy import or_, update
from sqlmodel import Session, select

from ce_tracker.clock import utcnow
from ce_tracker.config import Settings
from ce_tracker.models import OutboxEmail

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=5)  # longer than any SMTP conversation (15 s timeouts); a crashed sender's lease ends
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_TOKEN = re.compile(r"token=[A-Za-z0-9_-]+")
SCRUBBED = "token=(removed once sent)"
_UNSUBSCRIBE_TOKEN = re.compile(r"/unsubscribe/[A-Za-z0-9_-]+")
UNSUBSCRIBE_SCRUBBED = "/unsubscribe/(removed once sent)"


def clean_header(value: str, limit: int = 200) -> str:
    """One line of text: newlines and other control characters become spaces (no header injection)."""
    return " ".join(_CONTROL.sub(" ", value).split())[:limit]


def scrub(body: str) -> str:
    """The body without any live link token in it (reset and welcome links, one-click unsubscribe links)."""
    return _UNSUBSCRIBE_TOKEN.sub(UNSUBSCRIBE_SCRUBBED, _TOKEN.sub(SCRUBBED, body))


def queue(session: Session, *, to: str, subject: str, body: str, scrub_at: datetime | None = None,
          list_unsubscribe: str | None = None) -> OutboxEmail:
    """Add an email to the outbox; it is sent by ``deliver_pending`` after commit.

    ``scrub_at``: the body carries a link that stops working then; it is removed from the body at that time
    or once sent, whichever comes first. ``list_unsubscribe`` is a reminder's one-click unsubscribe address
    (RFC 8058).
    """
    email = OutboxEmail(to_address=clean_header(to, 254), subject=clean_header(subject), body=body,
                        scrub_at=scrub_at, list_unsubscribe=list_unsubscribe)
    session.add(email)
    return email


class _SmtpPolicy(EmailPolicy):
    """``email.policy.SMTP`` that never RFC 2047-encodes a header holding only ASCII.

    The stdlib folds headers at 78 characters and, when one word is longer than that (a List-Unsubscribe URL
    with its token), wraps it as an encoded word: legal for a Subject, but a client then no longer finds the
    URL. An ASCII header is folded against RFC 5322's hard limit of 998 instead (our values are far shorter),
    so it travels as written; non-ASCII headers and the body keep the SMTP policy's 78.
    """

    def fold(self, name, value):
        return _ASCII.fold(name, value) if str(value).isascii() else super().fold(name, value)

    def fold_binary(self, name, value):
        return _ASCII.fold_binary(name, value) if str(value).isascii() else super().fold_binary(name, value)


_ASCII = policy.SMTP.clone(max_line_length=998)
# 7bit: a non-ASCII body goes as quoted-printable, so no relay needs 8BITMIME.
SMTP_POLICY = _SmtpPolicy(linesep="\r\n", cte_type="7bit")


def public_host(settings: Settings) -> str:
    """The host of the public address: where our Message-IDs live."""
    return urlsplit(settings.public_url).hostname or "localhost"


def message_id(settings: Settings, email: OutboxEmail) -> str:
    """A Message-ID fixed by the outbox row (its id and the instant it was queued), the same on every retry."""
    return f"<{email.id}.{int(email.created_at.timestamp() * 1_000_000)}.ce-tracker@{public_host(settings)}>"


DEFAULT_SENDER_NAME = "CE Tracker"  # CE_MAIL_FROM's display name out of the box: the society's name replaces it


def sender(settings: Settings) -> Address:
    """From: CE_MAIL_FROM's address, displayed as the society's CE Tracker unless the operator chose a name."""
    name, address = parseaddr(clean_header(settings.mail_from, 254))
    if not name or name == DEFAULT_SENDER_NAME:
        name = f"{settings.society_name} {DEFAULT_SENDER_NAME}"
    return Address(display_name=clean_header(name, 120), addr_spec=address)


def signature(settings: Settings) -> str:
    """The society's sign-off under every body (RFC 3676's "-- " line lets mail clients fold it away)."""
    return f"\n-- \n{settings.society_name}\nSent by CE Tracker: {settings.public_url}\n"


def build_message(settings: Settings, email: OutboxEmail, now: datetime) -> EmailMessage:
    """The one builder of every email the app sends (reset links, notices, reminders): what clients read.

    ``now``: the moment it is sent, its Date.
    """
    message = EmailMessage(policy=SMTP_POLICY)
    message["From"] = sender(settings)
    message["To"] = clean_header(email.to_address, 254)
    message["Subject"] = clean_header(email.subject)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(settings, email)
    message["Auto-Submitted"] = "auto-generated"
    if email.list_unsubscribe:  # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to it
        message["List-Unsubscribe"] = f"<{clean_header(email.list_unsubscribe, 500)}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    body = email.body if email.body.endswith("\n") else email.body + "\n"
    message.set_content(body + signature(settings))
    return message


def _send(settings: Settings, message: EmailMessage) -> None:
    if settings.smtp_security == "ssl":
        client = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=15,
                                  context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=15)
    with client:
        if settings.smtp_security == "starttls":
            client.starttls(context=ssl.create_default_context())
        if settings.smtp_user:
            client.login(settings.smtp_user, settings.smtp_password or "")
        client.send_message(message)


def _due(now: datetime, settings: Settings):
    return (OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < settings.mail_max_attempts,
            or_(OutboxEmail.next_attempt_at.is_(None), OutboxEmail.next_attempt_at <= now),
            or_(OutboxEmail.claimed_until.is_(None), OutboxEmail.claimed_until <= now))


def _claim(session_factory, email_id: int, now: datetime, settings: Settings) -> OutboxEmail | None:
    """Lease one due email for this sender, in its own short transaction; None if another sender has it."""
    with session_factory() as session:
        claimed = session.execute(update(OutboxEmail).where(OutboxEmail.id == email_id, *_due(now, settings))
                                  .values(claimed_until=now + LEASE))
        return session.get(OutboxEmail, email_id) if claimed.rowcount == 1 else None


def _delivered(session_factory, email: OutboxEmail) -> None:
    with session_factory() as session:
        values = {"sent_at": utcnow(), "claimed_until": None, "error": None, "next_attempt_at": None,
                  "attempts": email.attempts + 1}
        if email.scrub_at is not None or email.list_unsubscribe:
            values["body"] = scrub(email.body)
        if email.list_unsubscribe:  # the token's hash is kept (the Reminder row); the token itself goes
            values["list_unsubscribe"] = scrub(email.list_unsubscribe)
        session.execute(update(OutboxEmail).where(OutboxEmail.id == email.id).values(**values))


def retry_delay(attempts: int, settings: Settings) -> timedelta:
    """How long after its ``attempts``-th failure a message waits: doubling from CE_MAIL_RETRY_SECONDS."""
    return timedelta(seconds=settings.mail_retry_seconds * 2 ** min(attempts - 1, 20))


def _failed(session_factory, email: OutboxEmail, error: Exception, settings: Settings) -> None:
    attempts = email.attempts + 1
    reason = f"{type(error).__name__}: {error}"[:500]
    with session_factory() as session:
        session.execute(update(OutboxEmail).where(OutboxEmail.id == email.id).values(
            claimed_until=None, attempts=attempts, error=reason,
            next_attempt_at=utcnow() + retry_delay(attempts, settings)))
    if attempts >= settings.mail_max_attempts:
        log.error("Email %s to %s GIVEN UP after %d attempts: %s", email.id, email.to_address, attempts, reason)
    else:
        log.warning("Email %s to %s failed (attempt %d, retried in %s): %s", email.id, email.to_address,
                    attempts, retry_delay(attempts, settings), reason)


NOT_CONFIGURED = "kept in the outbox: no SMTP server configured"


def _log_unsent(session_factory) -> None:
    """Without SMTP, note each new email in the log once: who and what about, never the body (it may hold a link)."""
    with session_factory() as session:
        for email in session.exec(select(OutboxEmail).where(OutboxEmail.sent_at.is_(None),
                                                            OutboxEmail.error.is_(None))):
            log.warning("Email %s (%s) to %s: %s", email.id, NOT_CONFIGURED, email.to_address, email.subject)
            email.error = NOT_CONFIGURED


def scrub_expired(session_factory, now: datetime) -> int:
    """Remove links whose time is up from bodies never sent (no SMTP, or given up)."""
    with session_factory() as session:
        rows = list(session.exec(select(OutboxEmail).where(OutboxEmail.scrub_at.is_not(None),
                                                           OutboxEmail.scrub_at <= now)))
        for email in rows:
            email.body, email.scrub_at = scrub(email.body), None
        return len(rows)


def deliver_pending(session_factory, settings: Settings, now: datetime | None = None) -> int:
    """Send every due email once; returns how many were sent.

    Each email is leased (and committed) before the SMTP conversation, which
    runs outside any transaction: a slow mail server never holds a database
    lock. A failed send is released with its error and a later ``next_attempt_at``.
    """
    now = now or utcnow()
    scrub_expired(session_factory, now)
    if not settings.smtp_host:
        _log_unsent(session_factory)
        return 0
    with session_factory() as session:
        pending = [e.id for e in session.exec(select(OutboxEmail).where(*_due(now, settings))
                                              .order_by(OutboxEmail.id))]
    sent = 0
    for email_id in pending:
        email = _claim(session_factory, email_id, now, settings)
        if email is None:
            continue
        try:
            _send(settings, build_message(settings, email, now))
        except Exception as error:  # noqa: BLE001 - whatever one message does, the others still go
            _failed(session_factory, email, error, settings)
            continue
        _delivered(session_factory, email)
        sent += 1
    return sent
