"""What the CE committee judges on every request, and the reviewer's answers (R000-03).

The first seed says what the committee asks of a course: its relevance to the practice of medical
illustration, whether it has "meaning and substance" for a medical illustrator, who provides it and how,
and whether it satisfies the IACET criteria and guidelines for awarding CE credits. These are data: a program
lists its own in ``review_criterion``; one without rows uses the seed's, below. A reviewer answers every one
before approving or declining; the answers are stored with the request (the question as it was asked) and
shown only to reviewers, like their private note.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from ce_tracker.models import ApprovalRequest, Category, ReviewCriterion
from ce_tracker.services.errors import Invalid
from ce_tracker.services.inputs import text

ANSWERS = {"meets": "Meets", "does_not_meet": "Does not meet", "not_applicable": "Not applicable"}
UNANSWERED = "Answer every criterion before deciding: {missing}."


@dataclass(frozen=True)
class Criterion:
    code: str
    question: str
    help: str = ""


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str  # the label, e.g. "Meets"
    note: str


DEFAULT_CRITERIA = (
    Criterion("relevance", "Relevant to the practice of medical illustration and to the credential",
              "Does the activity bear on the work a certified medical illustrator does?"),
    Criterion("substance", "Meaning and substance for a medical illustrator",
              "Is there enough content, taught at a professional level, to earn the hours asked for?"),
    Criterion("provider", "Provider and format",
              "Is the provider credible, and does the format (in person, online, hybrid) suit the hours?"),
    Criterion("iacet", "Satisfies the IACET criteria and guidelines for awarding CE credits",
              "Learning outcomes, qualified instructors, an assessment or attendance record."),
)


def criteria_for(session: Session, request: ApprovalRequest) -> tuple[Criterion, ...]:
    """The questions for this request's program, in order; the seed's when the program lists none."""
    program_id = session.get(Category, request.category_id).program_id
    rows = session.exec(select(ReviewCriterion).where(ReviewCriterion.program_id == program_id)
                        .order_by(ReviewCriterion.position, ReviewCriterion.id)).all()
    return tuple(Criterion(r.code, r.question, r.help) for r in rows) or DEFAULT_CRITERIA


def clean_answers(criteria: tuple[Criterion, ...], given: object) -> list[dict]:
    """The reviewer's answers, one per criterion, as stored; any missing one is refused by name.

    ``given`` maps each criterion's code to ``{"answer": ..., "note": ...}``; anything else the browser sent
    (unknown codes, other types) is ignored or refused, never stored.
    """
    given = given if isinstance(given, dict) else {}
    stored, missing = [], []
    for criterion in criteria:
        entry = given.get(criterion.code)
        entry = entry if isinstance(entry, dict) else {}
        answer = entry.get("answer")
        if not isinstance(answer, str) or answer not in ANSWERS:
            missing.append(criterion.question)
            continue
        note = text(entry.get("note", ""), field=f"criterion_{criterion.code}", label="criterion note",
                    limit=500, required=False)
        stored.append({"code": criterion.code, "question": criterion.question, "answer": answer, "note": note})
    if missing:
        raise Invalid(UNANSWERED.format(missing="; ".join(missing)), field="criteria")
    return stored


def answers_of(request: ApprovalRequest) -> tuple[Answer, ...]:
    """The stored answers as reviewers read them."""
    return tuple(Answer(a.get("question", ""), ANSWERS.get(a.get("answer"), ""), a.get("note", ""))
                 for a in (request.criteria or []) if isinstance(a, dict))
