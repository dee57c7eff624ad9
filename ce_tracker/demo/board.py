"""Demo: the Board of Certification's login, three renewals headquarters verified, and an audit sample ready.

The base demo has applications waiting but none verified, and an audit samples verified renewals; so three
more certificants, whose terms end within weeks, applied, paid and were verified in the last month, all
through the real services. One of them earned hours through an approved request with its agenda attached,
so that renewal's evidence pack holds an attachment beside the transcript. Two samples are drawn with fixed
seeds (a demo seeded twice draws the same), over the last year: two renewals first, then, drawn again with the
Board's reason kept and shown, all three.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, select

from ce_tracker.config import settings
from ce_tracker.demo.people import COURSES, DEMO_PASSWORD, Person, _certified_on, claim_course, demo_password_hash
from ce_tracker.models import Activity, Member, Role
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.accounts import members
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.approvals.attachments import add_attachment
from ce_tracker.services.approvals.requests import request_form, submit_request
from ce_tracker.services.approvals.review import approve
from ce_tracker.services.board import audit_sample
from ce_tracker.services.courses import claims
from ce_tracker.services.renewal import applications as renewal_applications
from ce_tracker.services.renewal import payments

BOARD = Person("board", "Nadia Okonkwo", (Role.BOARD,))
RENEWED = (
    # username, name, term ends in days, the catalog courses claimed (35 hours or more each)
    ("oscar.lindqvist", "Oscar Lindqvist", 25,
     ("pathology", "watercolor", "chimerax", "rigging", "neuro", "color", "vesalius", "copyright")),
    ("beatriz.santos", "Beatriz Santos", 40,
     ("pathology", "watercolor", "chimerax", "rigging", "neuro", "color", "pricing", "brodel")),
    ("kenji.mori", "Kenji Mori", 55, ("pathology", "watercolor", "chimerax", "neuro", "color", "copyright",
                                      "vesalius")),  # + the approved request below for Art
)
SAMPLE_SEED = 20261202
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00"
       b"\x00\x00\x0cIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00IEND\xaeB`\x82")


def _approved_art(session: Session, member: Member, reviewer: Member, now: datetime) -> None:
    """Kenji asked the committee about a workshop, attached its agenda, was approved and recorded it."""
    ended = local_date(CMI, now) - timedelta(days=210)
    actor = load_actor(session, member.id)
    asked = now - timedelta(days=207)
    art = next(c for c in request_form(session=session, actor=actor, now=asked).categories
               if c[1] == "Art")
    request = submit_request(
        session=session, actor=actor, title="Anatomical Sculpture in Clay", provider="New York Academy of Art",
        starts_on=(ended - timedelta(days=2)).isoformat(), ends_on=ended.isoformat(), format="in person",
        category_id=art[0], hours="7.5", description="Three days of écorché modelling from dissection references.",
        url="https://example.org/ecorche", now=asked, settings=settings).request
    add_attachment(session=session, actor=actor, request_id=request.id, filename="agenda.png", data=PNG,
                   now=asked, max_bytes=5 * 1024 * 1024)
    activity = approve(session=session, actor=load_actor(session, reviewer.id), request_id=request.id,
                       note="Approved for 7.5 Art hours: écorché modelling is anatomical form study.",
                       criteria={code: {"answer": "meets", "note": ""} for code in
                                 ("relevance", "substance", "provider", "iacet")},
                       now=now - timedelta(days=200), settings=settings)
    claims.claim_course(session=session, actor=actor, activity_id=activity.id, category_id=art[0], hours="7.5",
                        now=now - timedelta(days=198))


def seed(session: Session, *, people: dict[str, Member], now: datetime) -> None:
    today = local_date(CMI, now)
    board = members.add_member(session, members.NewMember(BOARD.full_name, BOARD.email, BOARD.username,
                                                          BOARD.roles), password=DEMO_PASSWORD, actor_id=None,
                               password_hash=demo_password_hash(session))
    catalog = {c.key: session.exec(select(Activity).where(Activity.title == c.title)).first() for c in COURSES}
    staff = load_actor(session, people["staff"].id)
    for n, (username, name, ends_in, courses) in enumerate(RENEWED):
        person = Person(username, name, term_ends_in_days=ends_in)
        member = members.add_member(session, members.NewMember(name, person.email, username, person.roles,
                                                               _certified_on(person, today)),
                                    password=DEMO_PASSWORD, actor_id=None,
                                    password_hash=demo_password_hash(session))
        session.flush()
        for key in courses:
            claim_course(session, member, catalog[key], now)
        if username == "kenji.mori":
            _approved_art(session, member, people["reviewer"], now)
        session.flush()
        applied = now - timedelta(days=30 - 5 * n)
        application = renewal_applications.apply_for_renewal(session=session, actor=load_actor(session, member.id),
                                                attested=True, now=applied, settings=settings)
        payments.record_payment(session=session, actor=staff, application_id=application.id,
                               reference=f"CHK-3{n}115", now=applied + timedelta(days=2), settings=settings)
        renewal_applications.verify_renewal(session=session, actor=staff, application_id=application.id,
                               now=applied + timedelta(days=4), settings=settings)
    session.flush()
    chair = load_actor(session, board.id)
    audit_sample.draw_sample(session=session, actor=chair, verified_from=today - timedelta(days=365),
                             verified_to=today, size=2, now=now - timedelta(days=2), seed=SAMPLE_SEED)
    audit_sample.draw_sample(session=session, actor=chair, verified_from=today - timedelta(days=365),
                             verified_to=today, size=3, now=now - timedelta(days=1), seed=SAMPLE_SEED + 1,
                             reason="The first draw took two of the three renewals; the Board's meeting asked for "
                                    "every renewal of the year.")
