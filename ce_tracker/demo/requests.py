"""Demo approval requests: the committee's queue in every state (pending, overdue, returned, decided).

A feature on top of the base demo (``people``): run after it by ``seed_demo``, with
its accounts. Dates are offsets from ``now``, like the rest of the demo, so one
request is always past the committee's two-week review (R000-04).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlmodel import Session

from ce_tracker.demo.people import claim_course
from ce_tracker.models import (
    Activity,
    ActivityKind,
    ApprovalMessage,
    ApprovalRequest,
    Member,
    MessageKind,
    RequestStatus,
)
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.approvals.criteria import DEFAULT_CRITERIA
from ce_tracker.services.programs import store


@dataclass(frozen=True)
class Request:
    """An approval request; historic ones carry the reviewer's decision ``decided_after_days`` later."""

    username: str
    title: str
    provider: str
    url: str
    description: str
    category: str
    hours: str
    submitted_days_ago: int
    starts_in_days: int
    days: int = 1
    status: RequestStatus = RequestStatus.PENDING
    decided_after_days: int = 0
    note: str = ""
    claimed: bool = False  # an approved activity the member then recorded credit for
    question: str = ""  # a returned request: the committee's question, asked ``decided_after_days`` later
    format: str = "in person"
    # Decided ones: the committee's answer to each criterion, its private note, and whether the
    # approval was published in Upcoming Courses for all members.
    answers: tuple[tuple[str, str, str], ...] = ()
    private_note: str = ""
    published: bool = False


REQUESTS: tuple[Request, ...] = (
    Request("claire.dubois", "Geometry Nodes in Blender for Scientific Visualization", "Blender Studio",
            "https://studio.blender.org/", "Procedural modelling of cells, tissue and vasculature.",
            "Art", "6", 16, -19, days=2),  # past the two-week review
    Request("aisha.dar", "Clinical Anatomy of the Pelvic Floor", "University of Michigan Medical School",
            "https://medicine.umich.edu/", "Cadaver-based anatomy course for allied professionals.",
            "Biomedical", "4.5", 5, 12),
    Request("daniel.whitford", "Preparing Medical-Legal Exhibits for Trial",
            "American Bar Association Center for Professional Development", "https://www.americanbar.org/",
            "Admissibility, accuracy and licensing of demonstrative exhibits.", "Business", "3", 0, -2),
    Request("grace.liu", "Pen and Ink Techniques for Scientific Illustration",
            "University of Washington Continuum College", "https://www.pce.uw.edu/",
            "Stippling, line weight and reproduction for print.", "Art", "7.5", 250, -236, days=7,
            status=RequestStatus.APPROVED, decided_after_days=9, claimed=True,
            note="Approved for 7.5 Art hours: pen-and-ink rendering is core to medical illustration. "
                 "Record your hours within 30 days of finishing.",
            answers=(("relevance", "meets", "Rendering for print is daily work."), ("substance", "meets", ""),
                     ("provider", "meets", "University continuing-education unit."),
                     ("iacet", "meets", "Outcomes and attendance records on the syllabus.")),
            private_note="Consider asking UW to list this course with us next year."),
    Request("marcus.bell", "Plein Air Landscape Painting Weekend", "Hudson Valley Art Center",
            "https://example.org/plein-air", "Two days of outdoor landscape painting.", "Art", "8", 140, -150,
            days=2, status=RequestStatus.DECLINED, decided_after_days=11,
            note="Declined: landscape painting is outside the practice of medical illustration. Anatomical or "
                 "scientific illustration workshops qualify; see the Upcoming Courses list.",
            answers=(("relevance", "does_not_meet", "Landscape, not anatomy or science."),
                     ("substance", "does_not_meet", ""), ("provider", "meets", ""),
                     ("iacet", "not_applicable", "No CE credit offered by the provider.")),
            private_note="Second plein-air request from this member this year."),
    # The demo member's own request, waiting on her answer to the committee's question.
    Request("member", "3D Printing Anatomical Models for Patient Education", "Stratasys Academy",
            "https://example.org/3d-printing-anatomy", "Segmenting CT scans and printing teaching models.",
            "Biomedical", "5", 6, -8, status=RequestStatus.RETURNED, decided_after_days=2, format="online (live)",
            question="Which sessions cover anatomy and segmentation rather than operating the printer? "
                     "Please attach the agenda if you have it."),
)


def seed(session: Session, *, people: dict[str, Member], now: datetime) -> None:
    """Add the requests, decided by the demo reviewer; an approved one becomes a course, one of them recorded."""
    program = store.default_program(session)
    categories = {c.name: c for c in store.categories_of(session, program.id)}
    today = local_date(CMI, now)
    reviewer = people["reviewer"]
    for request in REQUESTS:
        member = people[request.username]
        starts_on = today + timedelta(days=request.starts_in_days)
        submitted_at = now - timedelta(days=request.submitted_days_ago, hours=request.submitted_days_ago % 5)
        row = ApprovalRequest(
            member_id=member.id, title=request.title, provider=request.provider, description=request.description,
            url=request.url, format=request.format, category_id=categories[request.category].id,
            hours=Decimal(request.hours), starts_on=starts_on, ends_on=starts_on + timedelta(days=request.days - 1),
            submitted_at=submitted_at, queued_at=submitted_at)
        if request.status is RequestStatus.RETURNED:
            row.status = request.status
            session.add(row)
            session.flush()
            session.add(ApprovalMessage(request_id=row.id, author_id=reviewer.id, kind=MessageKind.QUESTION,
                                        body=request.question,
                                        at=submitted_at + timedelta(days=request.decided_after_days)))
            continue
        if request.status is not RequestStatus.PENDING:
            row.status, row.decided_by, row.decision_note = request.status, reviewer.id, request.note
            row.decided_at = row.submitted_at + timedelta(days=request.decided_after_days)
            row.criteria = [{"code": code, "question": _questions()[code], "answer": answer, "note": note}
                            for code, answer, note in request.answers]
            row.private_note, row.published = request.private_note, request.published
        if request.status is RequestStatus.APPROVED:
            row.approved_hours, row.approved_category_id = row.hours, row.category_id
            row.activity_id = _approved_activity(session, row).id
        session.add(row)
        if request.claimed:
            session.flush()
            claim_course(session, member, session.get(Activity, row.activity_id), now, approval_request_id=row.id)
    session.flush()


def _questions() -> dict[str, str]:
    return {c.code: c.question for c in DEFAULT_CRITERIA}


def _approved_activity(session: Session, request: ApprovalRequest) -> Activity:
    """The course a committee approval creates, as ``approvals.review.approve`` does: listed only if published."""
    activity = Activity(kind=ActivityKind.COURSE, title=request.title, provider=request.provider,
                        description=request.description, format=request.format, url=request.url,
                        starts_on=request.starts_on, ends_on=request.ends_on, hours=request.hours,
                        category_id=request.category_id, pre_approved=request.published)
    session.add(activity)
    session.flush()
    return activity
