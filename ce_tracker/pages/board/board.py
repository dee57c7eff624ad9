"""The Board of Certification: every certificant by the quarter their term ends, and a filterable list.

The service decides who may see it (the Board role, or staff) and computes every figure with the rules the
member's own page uses; the page shows display strings only. The filters come back from the browser as
untrusted text and the service refuses anything that is not a quarter or a status it knows.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components import wording
from ce_tracker.components.controls import select_input, text_input
from ce_tracker.components.layout import TOUCH, notice, page, submit_button
from ce_tracker.components.progress import STATUS_COLORS
from ce_tracker.pages.forms import text
from ce_tracker.rules.status import Status, row_words
from ce_tracker.services.board import cohorts as board_cohorts
from ce_tracker.services.board.cohorts import Certificant, Cohort
from ce_tracker.services.errors import DomainError
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

STATUSES = list(Status)
KEYS = {s: s.value.replace(" ", "_") for s in Status}  # var-friendly keys for the cohort counts


def _cohort(c: Cohort) -> dict[str, str]:
    return {"quarter": c.quarter, "total": wording.count(c.total, "term"),
            "counts": " · ".join(f"{s.label} {n}" for s, n in c.counts.items() if n),
            **{KEYS[s]: str(n) for s, n in c.counts.items()}}


def _row(p: Certificant) -> dict[str, str]:
    return {"name": p.full_name, "number": p.member_number, "quarter": p.quarter, "program": p.program_name,
            "label": f"{p.full_name}, {p.program_name}",
            "term": f"{fmt.day(p.starts_on)} to {fmt.day(p.ends_on)}", "status": p.status.label,
            "color": STATUS_COLORS[p.status.value], "hours": row_words(p.verdict)}


class BoardState(AuthState):
    allowed: bool = True
    today: str = ""
    cohorts: list[dict[str, str]] = []
    quarters: list[str] = []
    rows: list[dict[str, str]] = []
    count_text: str = ""
    quarter: str = ""
    status: str = ""
    query: str = ""
    csv_href: str = ""
    filter_key: int = 0  # a fresh filter form when a cohort button sets the filters
    error: str = ""

    def _refresh(self, w: Work) -> None:
        view = w.call(board_cohorts.board_view, now=w.now, quarter=self.quarter, status=self.status, query=self.query)
        self.allowed, self.error = True, ""
        self.today = fmt.day(view.today)
        self.cohorts = [_cohort(c) for c in view.cohorts]
        self.quarters = [c.quarter for c in view.cohorts]
        self.rows = [_row(p) for p in view.listing.rows]
        total, shown = view.listing.total, len(view.listing.rows)
        self.count_text = (f"{total:,} term{'s' if total != 1 else ''}"
                           + (f" (the first {shown:,} shown; the CSV has them all)" if shown < total else ""))
        self.csv_href = routes.board_csv(self.quarter, self.status, self.query)

    def _show(self, w: Work) -> None:
        try:
            self._refresh(w)
        except DomainError as error:
            self.allowed, self.error, self.cohorts, self.rows = False, error.message, [], []

    @rx.event
    @acts
    def load(self, w: Work):
        """``?quarter=2027 Q1`` (the Board's next step on Home) opens the list on that quarter."""
        wanted = text({"quarter": self.router.url.query_parameters.get("quarter", "")}, "quarter", 10)
        self.quarter = self.status = self.query = ""
        self._show(w)
        if wanted in self.quarters:
            self.quarter, self.filter_key = wanted, self.filter_key + 1
            self._show(w)

    @rx.event
    @acts
    def filter(self, w: Work, form: dict):
        self.quarter, self.status = text(form, "quarter", 10), text(form, "status", 20)
        self.query = " ".join(text(form, "q", 100).split())
        self._refresh(w)

    @rx.event
    @acts
    def show_quarter(self, w: Work, quarter: str):
        self.quarter, self.status, self.query = quarter[:10] if isinstance(quarter, str) else "", "", ""
        self.filter_key += 1
        self._refresh(w)


def _cohort_card(c) -> rx.Component:
    return rx.card(rx.vstack(
        rx.flex(rx.heading(c["quarter"], as_="h3", size="4"), rx.text(c["total"], size="2"),
                justify="between", align="center", width="100%", wrap="wrap", gap="0.5em"),
        rx.text(c["counts"], size="2"),
        rx.button("Show ", c["quarter"], type="button", variant="soft", min_height=TOUCH,
                  aria_label="Show the certificants whose term ends in " + c["quarter"],
                  on_click=BoardState.show_quarter(c["quarter"])),
        spacing="2", width="100%"), width="100%", role="group", aria_label="Terms ending in " + c["quarter"])


def _filters() -> rx.Component:
    return rx.form(rx.flex(
        rx.vstack(rx.el.label("Term ends in", html_for="quarter", font_weight="500"),
                  select_input("quarter", [rx.el.option("Any quarter", value=""),
                                           rx.foreach(BoardState.quarters, lambda q: rx.el.option(q, value=q))],
                               BoardState.quarter),
                  spacing="1", flex="1 1 10em"),
        rx.vstack(rx.el.label("Status", html_for="status", font_weight="500"),
                  select_input("status", [rx.el.option("Any status", value=""),
                                          *[rx.el.option(s.label, value=s.value) for s in STATUSES]],
                               BoardState.status),
                  spacing="1", flex="1 1 10em"),
        rx.vstack(rx.el.label("Name or member ID", html_for="q", font_weight="500"),
                  text_input("q", type="search", max_length=100, default_value=BoardState.query, auto_complete="off"),
                  spacing="1", flex="2 1 12em"),
        submit_button("Filter"),
        gap="0.75em", wrap="wrap", align="end", width="100%"),
        on_submit=BoardState.filter, width="100%", role="search", key=BoardState.filter_key)


def _certificant(row) -> rx.Component:
    return rx.card(rx.flex(
        rx.vstack(rx.text(row["name"], weight="bold"),
                  rx.text(row["program"], size="2", weight="medium"),
                  rx.text("Member ID ", row["number"], " · term ", row["term"], size="2"),
                  rx.text(row["hours"], size="2", color_scheme="gray"), spacing="0", min_width="0", flex="1 1 14em"),
        rx.badge(row["status"], color_scheme=row["color"], size="2"),
        wrap="wrap", gap="0.5em", justify="between", align="start", width="100%"),
        width="100%", role="group", aria_label=row["label"])


def _content() -> rx.Component:
    return rx.vstack(
        rx.text("Every certificant's current term in each program they hold, grouped by the quarter it ends in, as "
                "of ", BoardState.today, ". Each term's hours and status are counted by the same code as the "
                "member's own page.", size="2"),
        rx.cond(BoardState.is_board,  # the sample audits headquarters: the Board's own, not staff's
                rx.link("Draw an audit sample of verified renewals", href=routes.BOARD_SAMPLE, min_height=TOUCH,
                        display="flex", align_items="center")),
        rx.heading("Cohorts by term end", as_="h2", size="5"),
        rx.grid(rx.foreach(BoardState.cohorts, _cohort_card), columns=rx.breakpoints(initial="1", sm="2", md="3"),
                spacing="3", width="100%"),
        rx.heading("Certificants", as_="h2", size="5", margin_top="0.5em"),
        _filters(),
        rx.flex(rx.text(BoardState.count_text, size="2", role="status"),
                rx.el.a(rx.icon("file-spreadsheet", aria_hidden="true"), "Download CSV", href=BoardState.csv_href,
                        download="", custom_attrs={"reloadDocument": True},
                        style={"min_height": TOUCH, "display": "inline-flex", "align_items": "center",
                               "gap": "0.4em"}),
                justify="between", align="center", wrap="wrap", gap="0.5em", width="100%"),
        rx.vstack(rx.foreach(BoardState.rows, _certificant), spacing="2", width="100%"),
        spacing="3", width="100%")


def board_page() -> rx.Component:
    return page("Certificants", notice(BoardState.error), rx.cond(BoardState.allowed, _content()),
                subtitle="Board of Certification")
