"""What mail clients and spam filters read in every kind of email the app sends.

Each message goes through a real SMTP server (aiosmtpd); its raw bytes are parsed by the standard library's
parser in its default policy, and the headers are checked as a client sees them: the decoded value and the
raw text on the wire (a client that does not decode RFC 2047 in List-Unsubscribe, as RFC 2369 allows, sees
only the raw text).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

import pytest
from sqlmodel import select

from ce_tracker.config import load_settings
from ce_tracker.models import Member, OutboxEmail, Role
from ce_tracker.services import mail
from ce_tracker.services.accounts import sessions
from ce_tracker.services.accounts.members import NewMember, create_member
from ce_tracker.services.approvals import review
from ce_tracker.services.reminders import sending
from ce_tracker.services.renewal import applications
from tests.utils import factories as f
from tests.utils.smtp import running_inbox

HOST = "ce.example.test"
SETTINGS = replace(load_settings(), public_url=f"https://{HOST}", api_url=f"https://{HOST}", smtp_host=None,
                   mail_from="CE Tracker <no-reply@example.test>", committee_email="committee@example.test",
                   society_name="Association of Medical Illustrators")
CERTIFIED = date(2022, 1, 10)  # the term ends on 2027-01-09: a term-end reminder is due on 2026-01-10
NOW = f.at(date(2026, 1, 10))
CAFE = "Caf\u00e9 anatomy: drawing from life"  # a non-ASCII title: the one kind of header that is encoded


KINDS = {"reminder": "your term ends in 12 months", "reset link": "Reset your CE Tracker password",
         "welcome link": "Your Association of Medical Illustrators CE Tracker account",
         "request to the committee": f"New CE approval request: {CAFE}", "approval notice": f"Approved: {CAFE}",
         "renewal notice": "renewal application received"}


def _every_kind(units) -> None:
    """Queue one email of each kind."""
    with units() as session:
        staff = f.person(session, Role.STAFF)
        reviewer = f.person(session, Role.REVIEWER)
        member = f.person(session, certified_on=CERTIFIED, name="Ada Lovelace")
        applicant = f.person(session, certified_on=date(2021, 6, 1), name="Grace Hopper")
        f.enough_to_renew(session, applicant, date(2024, 1, 1))
    with units() as session:
        email = session.get(Member, member.member_id).email
        sessions.request_reset(session=session, identifier=email, now=NOW, settings=SETTINGS)
        create_member(session=session, actor=staff, now=NOW, settings=SETTINGS,
                      new=NewMember(full_name="Alan Turing", email="alan@example.test", username="alan"))
        request = f.approval_request(session, member, ends_on=date(2026, 1, 5), title=CAFE, now=NOW)
        review.approve(session=session, actor=reviewer, request_id=request.id, criteria=f.judged(), now=NOW,
                       settings=SETTINGS)
        applications.apply_for_renewal(session=session, actor=applicant, attested=True, now=NOW, settings=SETTINGS)
        assert sending.send_reminders(session=session, now=NOW, settings=SETTINGS) == 1  # Ada's; Grace applied
        subjects = [e.subject for e in session.exec(select(OutboxEmail).order_by(OutboxEmail.id))]
    assert len(subjects) == len(KINDS) and all(any(words in s for s in subjects) for words in KINDS.values()), \
        subjects


@pytest.fixture
def received(units) -> list[tuple[bytes, EmailMessage]]:
    """Every kind of email, sent through a real SMTP server: (raw bytes, as the stdlib parser reads them)."""
    _every_kind(units)
    with running_inbox() as inbox:
        sent = mail.deliver_pending(units, replace(SETTINGS, smtp_host="127.0.0.1", smtp_port=inbox.port),
                                    now=NOW + timedelta(minutes=1))
        raw = list(inbox.raw)
    assert sent == len(raw) == len(KINDS)
    parser = BytesParser(policy=policy.default)
    return [(data, parser.parsebytes(data)) for data in raw]


def _kind(message: EmailMessage, words: str) -> bool:
    return words in message["Subject"]


def _head(raw: bytes) -> str:
    return raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # the header block is 7-bit on the wire


def test_no_ascii_header_is_encoded_and_every_message_has_date_message_id_and_auto_submitted(received):
    ids = set()
    for raw, message in received:
        head = _head(raw)
        for name, value in message.raw_items():  # as written on the wire (folding aside)
            text = " ".join(value.split())
            if name == "Subject" and CAFE in str(message["Subject"]):
                assert "=?utf-8?" in text  # the only non-ASCII header: encoded, decoded again below
                continue
            assert "=?" not in text, f"{name}: {value}"
        assert message["Date"].datetime.tzinfo is not None
        assert abs(message["Date"].datetime - NOW) < timedelta(minutes=5)
        assert message["Message-ID"].startswith("<") and message["Message-ID"].endswith(f".ce-tracker@{HOST}>")
        ids.add(message["Message-ID"])
        assert message["Auto-Submitted"] == "auto-generated"
        assert message["From"] == "Association of Medical Illustrators CE Tracker <no-reply@example.test>"
        assert message.get_content().replace("\r\n", "\n").endswith(
            f"\n-- \nAssociation of Medical Illustrators\nSent by CE Tracker: https://{HOST}\n")
        assert "\r\nMIME-Version: 1.0" in f"\r\n{head}"
    assert len(ids) == len(received)  # each message its own id


def test_the_reminder_carries_a_plain_one_click_unsubscribe_address(received):
    [(raw, reminder)] = [(r, m) for r, m in received if _kind(m, "your term ends in 12 months")]
    address = reminder["List-Unsubscribe"]
    assert address.startswith(f"<https://{HOST}/reminders/unsubscribe/") and address.endswith(">")
    token = address[1:-1].rsplit("/", 1)[1]
    assert len(token) >= 40 and token.replace("-", "").replace("_", "").isalnum()
    assert f"\r\nList-Unsubscribe: {address}\r\n" in _head(raw)  # the URL as typed, one line, not encoded
    assert reminder["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" in _head(raw)
    assert address[1:-1] in reminder.get_content()
    assert reminder["Subject"] == "Association of Medical Illustrators: your term ends in 12 months"


def test_only_reminders_offer_unsubscribe_and_the_non_ascii_subject_reads_as_typed(received):
    others = [m for _, m in received if not _kind(m, "your term ends")]
    assert len(others) == len(KINDS) - 1 and all(m["List-Unsubscribe"] is None for m in others)
    subjects = sorted(str(m["Subject"]) for m in others)
    assert f"New CE approval request: {CAFE}" in subjects and f"Approved: {CAFE}" in subjects
    reset = next(m for m in others if m["Subject"] == "Reset your CE Tracker password")
    assert f"https://{HOST}/reset-password?token=" in reset.get_content()
