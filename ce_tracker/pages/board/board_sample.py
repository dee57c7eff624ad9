"""The Board's random audit of renewals verified in a period, and each drawn renewal's evidence pack.

Drawing is the service's: it picks at random, records the seed with the picks, refuses anyone without the
Board role, and asks for a reason to draw again over a period an earlier sample covers. The page lists every
sample drawn, twenty to a page, each redraw with its reason, and, for the one chosen, a download per renewal;
the sample's id and the page number come back from the browser as untrusted text, only used to choose among
what the service listed.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.controls import text_input
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services.board import audit_sample
from ce_tracker.services.board.audit_sample import SampleView
from ce_tracker.services.errors import DomainError
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


def _summary(s: SampleView) -> dict[str, str]:
    return {"id": str(s.id), "title": f"Sample {s.id}: {len(s.renewals)} of {s.population} renewals verified "
                                      f"{fmt.day(s.verified_from)} to {fmt.day(s.verified_to)}",
            "drawn": f"Drawn on {fmt.day(s.drawn_on)} by {s.drawn_by}; seed {s.seed}",
            "redraw": f"Drawn again over sample {s.redraw_of}: {s.reason}" if s.redraw_of else ""}


class BoardSampleState(AuthState):
    allowed: bool = True
    samples: list[dict[str, str]] = []
    total: int = 0
    page_number: int = 1
    pages: int = 1
    selected: str = ""
    selected_title: str = ""
    selected_redraw: str = ""
    renewals: list[dict[str, str]] = []
    default_from: str = ""
    default_to: str = ""
    error: str = ""
    message: str = ""
    form_key: int = 0

    def _refresh(self, w: Work, select: str = "", page_number: int = 1) -> None:
        listed = w.call(audit_sample.samples, page=page_number)
        views = listed.samples
        self.allowed = True
        self.samples = [_summary(s) for s in views]
        self.total, self.page_number, self.pages = listed.total, listed.page, listed.pages
        chosen = next((s for s in views if str(s.id) == select), views[0] if views else None)
        self.selected = str(chosen.id) if chosen else ""
        self.selected_title = _summary(chosen)["title"] if chosen else ""
        self.selected_redraw = _summary(chosen)["redraw"] if chosen else ""
        self.renewals = [{"name": r.full_name, "number": r.member_number,
                          "term": f"{fmt.day(r.term_starts_on)} to {fmt.day(r.term_ends_on)}",
                          "verified": fmt.day(r.verified_on), "href": routes.evidence_pack(chosen.id, r.application_id)}
                         for r in chosen.renewals] if chosen else []

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = ""
        try:
            first, last = w.call(audit_sample.suggested_period, now=w.now)
            self.default_from, self.default_to = first.isoformat(), last.isoformat()
            self._refresh(w)
        except DomainError as error:
            self.allowed, self.error, self.samples, self.renewals = False, error.message, [], []

    @rx.event
    @acts
    def draw(self, w: Work, form: dict):
        sample = w.call(audit_sample.draw_sample, verified_from=text(form, "from", 20),
                        verified_to=text(form, "to", 20), size=text(form, "size", 6),
                        reason=text(form, "reason", audit_sample.MAX_REASON + 1), now=w.now)
        self.error = ""
        self.message = (f"Sample {sample.id} drawn: {len(sample.application_ids)} of {sample.population} renewals "
                        f"(seed {sample.seed}).")
        self.form_key += 1  # a reason typed is for this draw only
        self._refresh(w, str(sample.id))

    @rx.event
    @acts
    def show(self, w: Work, sample_id: str):
        self.message = ""
        self._refresh(w, sample_id if isinstance(sample_id, str) else "", self.page_number)

    @rx.event
    @acts
    def turn(self, w: Work, page_number: str):
        """Show another page of the samples drawn (the service keeps the number within the pages)."""
        self.message = ""
        self._refresh(w, "", browser_int(page_number) or 1)


def _draw_form() -> rx.Component:
    return rx.form(rx.vstack(
        rx.flex(
            rx.box(field("Verified from", "from", text_input("from", type="date", required=True,
                                                            default_value=BoardSampleState.default_from)),
                   flex="1 1 10em"),
            rx.box(field("Verified to", "to", text_input("to", type="date", required=True,
                                                        default_value=BoardSampleState.default_to)),
                   flex="1 1 10em"),
            rx.box(field("How many", "size", text_input("size", type="number", min=1, max=500, required=True,
                                                        default_value="10")),
                   flex="0 1 8em"),
            gap="0.75em", wrap="wrap", width="100%"),
        field("Reason for drawing again", "reason",
              rx.text_area(id="reason", name="reason", rows="2", width="100%", max_length=audit_sample.MAX_REASON,
                           aria_describedby="reason-hint"),
              hint="Needed only when an earlier sample covers part of the period; kept and shown with the sample.",
              hint_id="reason-hint"),
        submit_button("Draw a sample", width=["100%", "auto"]),
        spacing="3", width="100%"), on_submit=BoardSampleState.draw, width="100%", key=BoardSampleState.form_key)


def _renewal(r) -> rx.Component:
    return rx.card(rx.flex(
        rx.vstack(rx.text(r["name"], weight="bold"),
                  rx.text("Member ID ", r["number"], " · term ", r["term"], " · verified ", r["verified"], size="2"),
                  spacing="0", min_width="0", flex="1 1 14em"),
        rx.el.a(rx.icon("file-archive", aria_hidden="true"), "Evidence pack", href=r["href"], download="",
                aria_label="Download the evidence pack for " + r["name"], custom_attrs={"reloadDocument": True},
                style={"min_height": TOUCH, "display": "inline-flex", "align_items": "center", "gap": "0.4em"}),
        wrap="wrap", gap="0.5em", justify="between", align="center", width="100%"),
        width="100%", role="group", aria_label=r["name"])


def _earlier(s) -> rx.Component:
    return rx.flex(
        rx.vstack(rx.text(s["title"], size="2"), rx.text(s["drawn"], size="1", color_scheme="gray"),
                  rx.cond(s["redraw"] != "", rx.text(s["redraw"], size="1", overflow_wrap="anywhere")),
                  spacing="0", flex="1 1 14em", min_width="0"),
        rx.cond(BoardSampleState.selected != s["id"],
                rx.button("Show", type="button", variant="soft", min_height=TOUCH,
                          aria_label="Show sample " + s["id"], on_click=BoardSampleState.show(s["id"]))),
        wrap="wrap", gap="0.5em", align="center", width="100%")


def _pager() -> rx.Component:
    previous = (BoardSampleState.page_number - 1).to_string()
    following = (BoardSampleState.page_number + 1).to_string()
    return rx.flex(
        rx.button("Newer samples", type="button", variant="soft", min_height=TOUCH,
                  disabled=BoardSampleState.page_number <= 1, on_click=BoardSampleState.turn(previous)),
        rx.text("Page ", BoardSampleState.page_number, " of ", BoardSampleState.pages, size="2", role="status"),
        rx.button("Older samples", type="button", variant="soft", min_height=TOUCH,
                  disabled=BoardSampleState.page_number >= BoardSampleState.pages,
                  on_click=BoardSampleState.turn(following)),
        gap="0.75em", wrap="wrap", align="center", width="100%", role="navigation",
        aria_label="Pages of samples drawn")


def _content() -> rx.Component:
    return rx.vstack(
        rx.text("Choose a period and a number: that many renewals verified in the period are drawn at random. "
                "The seed is recorded, so the same sample can be drawn again from the same renewals.", size="2"),
        rx.link("Back to certificants by term end", href=routes.BOARD, min_height=TOUCH, display="flex",
                align_items="center"),
        _draw_form(),
        rx.cond(BoardSampleState.selected != "", rx.vstack(
            rx.heading(BoardSampleState.selected_title, as_="h2", size="4"),
            rx.cond(BoardSampleState.selected_redraw != "",
                    rx.text(BoardSampleState.selected_redraw, size="2", overflow_wrap="anywhere")),
            rx.vstack(rx.foreach(BoardSampleState.renewals, _renewal), spacing="2", width="100%"),
            rx.heading("Samples drawn (", BoardSampleState.total, ")", as_="h2", size="4", margin_top="0.5em"),
            rx.text("Every sample drawn is kept and listed here, newest first.", size="2"),
            rx.vstack(rx.foreach(BoardSampleState.samples, _earlier), spacing="2", width="100%"),
            rx.cond(BoardSampleState.pages > 1, _pager()),
            spacing="3", width="100%"),
            rx.text("No sample has been drawn yet.", size="2")),
        spacing="3", width="100%")


def board_sample_page() -> rx.Component:
    return page("Audit sample", notice(BoardSampleState.error),
                notice(BoardSampleState.message, color="green", role="status"),
                rx.cond(BoardSampleState.allowed, _content()), subtitle="Board of Certification")
