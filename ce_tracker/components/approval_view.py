"""How an approval request looks, on the member's pages and on the committee's (R000-02 to R000-04).

Both sides show the same facts, thread and files; the rows are display strings built from the service's views.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.controls import select_input
from ce_tracker.components.layout import TOUCH
from ce_tracker.services.approvals.shared import RequestLine, RequestView

STATUS = {"pending": "Waiting for the committee", "returned": "Question for you", "approved": "Approved",
          "declined": "Not approved"}
STATUS_COLOR = {"pending": "gray", "returned": "amber", "approved": "green", "declined": "red"}


@dataclass(frozen=True)
class RequestRow:
    """One request in a list, in words."""

    id: str = ""
    title: str = ""
    provider: str = ""
    dates: str = ""
    asked: str = ""  # "6 Art hours"
    status: str = ""
    color: str = "gray"  # the status badge's colour
    submitted: str = ""
    due: str = ""  # the committee's decision date, while it is pending
    overdue: bool = False
    member: str = ""
    own: bool = False  # the viewer's own request
    href: str = ""


@dataclass(frozen=True)
class RequestDetails(RequestRow):
    """One request on its own page: the list's facts and the rest."""

    format: str = ""
    description: str = ""
    url: str = ""
    note: str = ""  # the committee's decision note
    decided: str = ""
    approved: str = ""  # "6 Art hours", once approved
    claimed: str = ""  # hours recorded from it, once recorded
    record_from: str = ""
    record_by: str = ""


@dataclass(frozen=True)
class MessageRow:
    who: str
    kind: str  # "Question" or "Answer"
    body: str
    at: str


@dataclass(frozen=True)
class AttachmentRow:
    name: str
    href: str
    size: str


@dataclass(frozen=True)
class Choice:
    """One option of a select: what the browser sends back, and what it shows."""

    value: str
    label: str


def _line_facts(line: RequestLine, href: str) -> dict:
    status = line.status.value
    return dict(id=str(line.request_id), title=line.title, provider=line.provider,
                dates=fmt.format_date_range(line.starts_on, line.ends_on),
                asked=f"{fmt.hours(line.hours)} {line.category} hours", status=STATUS[status],
                color=STATUS_COLOR[status], submitted=fmt.day(line.submitted_on),
                due=fmt.day(line.due_on) if status == "pending" else "", overdue=line.overdue,
                member=line.member_name, own=line.own, href=href)


def line_row(line: RequestLine, href: str) -> RequestRow:
    return RequestRow(**_line_facts(line, href))


def detail_values(view: RequestView) -> RequestDetails:
    approved = (f"{fmt.hours(view.approved_hours)} {view.approved_category} hours"
                if view.approved_hours is not None else "")
    return RequestDetails(**_line_facts(view.line, ""), format=view.format.capitalize(),
                          description=view.description, url=view.url, note=view.decision_note,
                          decided=fmt.day(view.decided_on), approved=approved, claimed=fmt.hours(view.claimed_hours),
                          record_from=fmt.day(view.record_from), record_by=fmt.day(view.record_by))


def message_rows(view: RequestView) -> list[MessageRow]:
    return [MessageRow(m.author, "Question" if m.kind == "question" else "Answer", m.body, fmt.day(m.at.date()))
            for m in view.messages]


def attachment_rows(view: RequestView) -> list[AttachmentRow]:
    return [AttachmentRow(a.filename, routes.attachment(a.attachment_id), f"{max(1, a.size // 1024)} KB")
            for a in view.attachments]


def category_choices(categories) -> list[Choice]:
    """A program's categories, as ``(id, name)`` pairs, for ``category_select``."""
    return [Choice(str(i), name) for i, name in categories]


def status_badge(row: RequestRow) -> rx.Component:
    return rx.badge(row.status, color_scheme=row.color, size="2", high_contrast=True)


def details_list(values: RequestDetails) -> rx.Component:
    """The request's facts as a description list."""
    def item(label: str, value, long: bool = False) -> rx.Component:
        """A short value stays beside its label (and wraps there); a long one goes under it on a phone."""
        return rx.cond(value != "", rx.hstack(rx.el.dt(label, font_weight="500", min_width="9em", flex_shrink="0"),
                                             rx.el.dd(value, margin="0", overflow_wrap="anywhere",
                                                      **({} if long else {"flex": "1", "min_width": "0"})),
                                             wrap="wrap" if long else "nowrap", spacing="2", width="100%"))
    return rx.el.dl(
        item("Provider", values.provider), item("Dates", values.dates), item("Format", values.format),
        item("Asked for", values.asked), item("Submitted", values.submitted),
        item("Committee decides by", values.due), item("Approved for", values.approved),
        item("Decided", values.decided),
        rx.cond(values.url != "", rx.hstack(
            rx.el.dt("Link", font_weight="500", min_width="9em"),
            rx.el.dd(rx.link(values.url, href=values.url, is_external=True, rel="noopener noreferrer nofollow",
                             min_height=TOUCH, display="inline-flex", align_items="center"),
                     margin="0", overflow_wrap="anywhere"), wrap="wrap", spacing="2", width="100%", align="center")),
        item("Description", values.description, long=True),
        display="flex", flex_direction="column", gap="0.5em", width="100%", margin="0",
    )


def thread(messages) -> rx.Component:
    return rx.cond(messages.length() > 0, rx.vstack(
        rx.heading("Questions and answers", as_="h2", size="5"),
        rx.foreach(messages, lambda m: rx.card(rx.vstack(
            rx.text(rx.text.strong(m.kind), " · ", m.who, " · ", m.at, size="2", color_scheme="gray"),
            rx.text(m.body, white_space="pre-wrap", overflow_wrap="anywhere"), spacing="1"), width="100%")),
        spacing="2", width="100%"))


def attachment_links(files) -> rx.Component:
    return rx.cond(files.length() > 0, rx.el.ul(
        rx.foreach(files, lambda a: rx.el.li(rx.el.a(
            rx.icon("paperclip", aria_hidden="true", size=16), a.name, " (", a.size, ")",
            href=a.href, download="", class_name="download-link", overflow_wrap="anywhere"))),
        list_style="none", padding="0", margin="0", display="flex", flex_direction="column", gap="0.5em"),
        rx.text("No files attached.", size="2", color_scheme="gray"))


def category_select(control_id: str, categories, default_value) -> rx.Component:
    return select_input(control_id, [rx.foreach(categories, lambda c: rx.el.option(c.label, value=c.value))],
                   default_value)

