"""What every part of renewal shares: the society's today, the fee in words, emails to the member, refusals."""

from __future__ import annotations

from datetime import date, datetime

from sqlmodel import Session

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.config import Settings
from ce_tracker.models import CertificationTerm, Member, RenewalStatus, TermStatus  # noqa: F401 (pages word these)
from ce_tracker.rules import local_date
from ce_tracker.services import mail
from ce_tracker.services.accounts.actors import Actor
from ce_tracker.services.errors import NotAllowed
from ce_tracker.services.programs.store import load_program

NO_APPLICATION = "No such renewal application."
EXAM_AGAIN = ("The required CE hours were not earned during the term, so your certification has lapsed. The "
              "certification exam must be taken again, in its entirety, to regain certified status.")
OWN_RECORD = ("This is your own renewal: another staff member must record its fee, strike its credits and verify "
              "it.")


def fee_text(cents: int, currency: str) -> str:
    return f"{cents // 100}.{cents % 100:02d} {currency}"


def today_for_term(session: Session, term: CertificationTerm, now: datetime) -> date:
    """Today in the society's calendar (its program's time zone), never the UTC date."""
    return local_date(load_program(session, term.program_id), now)


def local_day(session: Session, term: CertificationTerm, instant: datetime) -> date:
    """The society's calendar date of a stored instant (a filing, a payment), for every page and email."""
    return local_date(load_program(session, term.program_id), instant)


def exam_again(settings: Settings) -> str:
    """The lapse sentence with where to go next: the exam application and the Board."""
    return (f"{EXAM_AGAIN} Apply to retake the exam at {settings.exam_url}, or write to the Board of "
            f"Certification at {settings.board_email}.")


def is_own(actor: Actor, member_id: int) -> bool:
    """Whether staff would act on their own record: a staff member may also be a certified member."""
    return actor.member_id == member_id


def not_own(actor: Actor, member_id: int) -> None:
    """Staff never act on their own renewal, as reviewers never decide their own request.
    The imports of past credits and registrations refuse each line naming the importer by ``is_own``."""
    if is_own(actor, member_id):
        raise NotAllowed(OWN_RECORD)


def notify(session: Session, member_id: int, subject: str, body: str, settings: Settings, *,
           page: str = routes.RENEWAL, list_unsubscribe: str | None = None) -> None:
    """Queue an email to the member (sent after commit)."""
    member = session.get(Member, member_id)
    mail.queue(session, to=member.email, subject=f"{settings.society_name}: {subject}",
               body=f"Dear {member.full_name},\n\n{body}\n\n{settings.public_url}{page}\n",
               list_unsubscribe=list_unsubscribe)


def term_words(term: CertificationTerm) -> str:
    return f"{fmt.day(term.starts_on)} to {fmt.day(term.ends_on)}"
