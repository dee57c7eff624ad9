"""Email: queued in the outbox inside the unit of work, delivered after commit.

Queuing inside the transaction means an email exists exactly when the change
that caused it was committed; delivery happens afterwards so a slow SMTP server
never holds a database lock. Without SMTP configured, mail stays in the outbox
and is written to the log, which is what a developer on one machine wants.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from sqlalchemy import update
from sqlmodel import Session, select

from ce_tracker.config import Settings
from ce_tracker.models import OutboxEmail
from ce_tracker.clock import utcnow

log = logging.getLogger(__name__)


def queue(session: Session, *, to: str, subject: str, body: str, list_unsubscribe: str | None = None) -> OutboxEmail:
    """Add an email to the outbox; it is sent by ``deliver_pending`` after commit.

    ``list_unsubscribe`` is a reminder's one-click unsubscribe address (RFC 8058).
    """
    email = OutboxEmail(to_address=to, subject=subject, body=body, list_unsubscribe=list_unsubscribe)
    session.add(email)
    return email


def _send(settings: Settings, email: OutboxEmail) -> None:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = email.to_address
    message["Subject"] = email.subject
    if email.list_unsubscribe:  # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to it
        message["List-Unsubscribe"] = f"<{email.list_unsubscribe}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(email.body)
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


def _claim(session_factory, email_id: int) -> OutboxEmail | None:
    """Mark one email as being sent, in its own short transaction; None if another worker has it."""
    with session_factory() as session:
        claimed = session.execute(update(OutboxEmail).where(OutboxEmail.id == email_id,
                                                            OutboxEmail.sent_at.is_(None))
                                  .values(sent_at=utcnow(), error=None))
        return session.get(OutboxEmail, email_id) if claimed.rowcount == 1 else None


NOT_CONFIGURED = "kept in the outbox: no SMTP server configured"


def _log_unsent(session_factory) -> None:
    """Without SMTP, write each new email to the log once (a developer can follow its link)."""
    with session_factory() as session:
        for email in session.exec(select(OutboxEmail).where(OutboxEmail.sent_at.is_(None),
                                                            OutboxEmail.error.is_(None))):
            log.warning("Email (%s) to %s: %s\n%s", NOT_CONFIGURED, email.to_address, email.subject, email.body)
            email.error = NOT_CONFIGURED


def deliver_pending(session_factory, settings: Settings) -> int:
    """Send every unsent email once; returns how many were sent.

    Each email is claimed (and committed) before the SMTP conversation, which
    runs outside any transaction: a slow mail server never holds a database
    lock. A failed send is released with its error and tried again next time.
    """
    with session_factory() as session:
        pending = [e.id for e in session.exec(select(OutboxEmail).where(OutboxEmail.sent_at.is_(None))
                                              .order_by(OutboxEmail.id))]
    if not settings.smtp_host:
        _log_unsent(session_factory)
        return 0
    sent = 0
    for email_id in pending:
        email = _claim(session_factory, email_id)
        if email is None:
            continue
        try:
            _send(settings, email)
            sent += 1
        except (OSError, smtplib.SMTPException) as error:
            log.warning("Email %s to %s failed: %s", email_id, email.to_address, error)
            with session_factory() as session:
                session.execute(update(OutboxEmail).where(OutboxEmail.id == email_id)
                                .values(sent_at=None, error=str(error)[:500]))
    return sent
