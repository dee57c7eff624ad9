"""The member's home: where they stand in their term, at a glance (R000-10, R000-11 to R000-16).

Every number and verdict (status, percentages, may renew) comes from
``services.standing_view`` over the rules engine; the state only formats. Each bar carries its whole meaning as text
for screen readers (aria-valuetext) and beside it for everyone.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import names, routes
from ce_tracker.components import wording
from ce_tracker.components.hours import hours_row
from ce_tracker.components.layout import TOUCH, page
from ce_tracker.components.programs import other_term_rows, other_terms
from ce_tracker.components.progress import STATUS_COLORS, meter, segmented_bar
from ce_tracker.components.to_do import ToDoRow, rows_of, to_do_list
from ce_tracker.services.record import standing_view, terms
from ce_tracker.services.record.standing_view import HomeView
from ce_tracker.services.to_do.lists import to_do_list as next_steps
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

RECENT = 5  # credit lines on the home page; the record page has them all


def _category_rows(view: HomeView) -> list[dict[str, str]]:
    caps = view.caps
    rows = []
    for c in view.record.standing.categories.values():
        bar = view.bars[c.name]
        limits = [f"minimum {fmt.hours(c.min_hours)} h" if c.min_hours else "optional"]
        if c.max_hours is not None:
            limits.append(f"at most {fmt.hours(c.max_hours)} h count")
        elif c.name in caps:
            limits.append(f"at most {fmt.hours(caps[c.name])} h count together with the rest of its group")
        words = f"{c.name}: {fmt.hours(c.earned)} h earned, {fmt.hours(c.counted)} h count; " + ", ".join(limits)
        over = ""
        if c.not_counted:
            beyond = "the maximum" if c.max_hours is not None else "the combined cap"
            over = f"{fmt.hours(c.not_counted)} h beyond {beyond} do not count"
            words += "; " + over
        if c.shortfall:
            words += f"; {fmt.hours(c.shortfall)} h still needed"
        rows.append({"name": c.name, "earned": fmt.hours(c.earned), "counted": fmt.hours(c.counted),
                     "over": over,
                     "shortfall": fmt.hours(c.shortfall) if c.shortfall else "", "limits": ", ".join(limits),
                     "words": words + ".", "counted_pct": str(bar.counted), "over_pct": str(bar.not_counted),
                     # aria-valuenow: progress toward the minimum (or cap), never lowered by more hours
                     "value": str(view.values[c.name]),
                     "min_mark": str(bar.minimum_mark) if bar.minimum_mark is not None else "",
                     "max_mark": str(bar.maximum_mark) if bar.maximum_mark is not None else ""})
    return rows


def _line_rows(rec) -> list[dict[str, str]]:
    return [{"title": line.title, "source": line.source, "category": line.category or "CME only",
             "hours": fmt.hours(line.hours), "date": fmt.day(line.completed_on),
             "counts": "Counts" if line.counts else "Does not count"} for line in rec.lines[:RECENT]]


class HomeState(AuthState):
    name: str = ""
    member_number: str = ""
    program: str = ""
    term: str = ""
    has_term: bool = False
    counted_total: str = ""
    required_total: str = ""
    total_pct: str = "0"
    total_words: str = ""
    status: str = ""
    status_color: str = "gray"
    status_sentence: str = ""
    phase_words: str = ""
    may_renew: bool = False
    days_left: str = ""
    groups: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    lines: list[dict[str, str]] = []
    more_lines: bool = False
    flash: str = ""
    other_terms: list[dict[str, str]] = []
    to_dos: list[ToDoRow] = []

    @rx.event
    @acts
    def load(self, w: Work):
        self.to_dos = rows_of(w.call(next_steps, now=w.now, settings=w.settings))
        view = w.call(standing_view.home_view, now=w.now)
        self.other_terms = other_term_rows(w.call(terms.other_terms, now=w.now))
        prof = view.profile
        self.flash = "Your password was changed." if "password_changed" in self.router.url.query_parameters else ""
        self.name, self.member_number = prof.full_name, prof.member_number
        self.program = prof.program_name or ""
        self.has_term = view.record is not None
        if view.record is None:
            self.categories, self.lines, self.groups = [], [], []
            return
        self._show(view)

    def _show(self, view: HomeView) -> None:
        rec, st, status = view.record, view.record.standing, view.status
        self.status, self.status_color = view.status_label, STATUS_COLORS[status.value]
        self.status_sentence = view.headline
        self.phase_words = view.phase_words
        self.term = wording.span(rec.term_starts_on, rec.term_ends_on)
        total = st.program.total_hours
        self.counted_total, self.required_total = fmt.hours(st.counted_total), fmt.hours(total)
        self.total_pct = str(view.total_percent)
        self.total_words = (f"{fmt.hours(st.counted_total)} of {fmt.hours(total)} required hours counted"
                            + (f"; still needed: {view.shortfall}" if view.shortfall else "; nothing missing"))
        self.may_renew = view.may_renew
        self.days_left = wording.count(rec.days_left, "day") if rec.days_left >= 0 else "Term ended"
        self.categories = _category_rows(view)
        self.lines, self.more_lines = _line_rows(rec), len(rec.lines) > RECENT
        self.groups = [{"name": g.name, "cap": fmt.hours(g.cap), "counted": fmt.hours(g.counted),
                        "pct": str(g.percent)} for g in view.groups]


def _fact(label: str, value) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color_scheme="gray"), rx.text(value, weight="medium"), spacing="0")


def _link(label: str, href: str) -> rx.Component:
    return rx.link(label, href=href, min_height=TOUCH, display="flex", align_items="center")


def _category_card(row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(row["name"], as_="h3", size="4"), rx.spacer(),
                      rx.text(row["counted"], " h count", weight="bold"), width="100%"),
            segmented_bar(row["counted_pct"], row["over_pct"], row["min_mark"], row["max_mark"], row["words"],
                          value=row["value"]),
            rx.text("Earned ", row["earned"], " h · ", row["limits"], size="2"),
            rx.cond(row["shortfall"] != "", rx.text(row["shortfall"], " h still needed", color_scheme="red",
                                                    size="2", weight="medium")),
            rx.cond(row["over"] != "", rx.text(row["over"], color_scheme="amber", size="2", weight="medium")),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _status() -> rx.Component:
    return rx.card(rx.vstack(
        rx.flex(rx.badge(HomeState.status, color_scheme=HomeState.status_color, size="3", variant="solid"),
                rx.text(HomeState.status_sentence, weight="medium"), gap="0.75em", align="center", wrap="wrap"),
        rx.text(HomeState.counted_total, " of ", HomeState.required_total, " h counted", size="5", weight="bold"),
        meter(HomeState.total_pct, HomeState.total_words),
        rx.cond(HomeState.phase_words != "", rx.text(HomeState.phase_words, size="2")),
        rx.flex(_fact("Days left in term", HomeState.days_left), _fact("Term", HomeState.term), gap="2em",
                wrap="wrap"),
        rx.cond(HomeState.may_renew, rx.link(
            "Apply for renewal", href=routes.RENEWAL, min_height=TOUCH, display="inline-flex", align_items="center",
            padding_x="1.25em", background="var(--accent-9)", color="var(--accent-contrast)", weight="medium",
            border_radius="var(--radius-3)", underline="none", width="fit-content")),
        spacing="3", width="100%"), width="100%")


def _standing() -> rx.Component:
    return rx.vstack(
        rx.heading("Where you stand", as_="h2", size="5"),
        _status(),
        rx.grid(rx.foreach(HomeState.categories, _category_card), columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3", width="100%"),
        rx.foreach(HomeState.groups, lambda g: rx.card(rx.vstack(
            rx.text(g["name"], " together: ", rx.text.strong(g["counted"], " of at most ", g["cap"], " h"),
                    " count."),
            meter(g["pct"], g["name"] + ": " + g["counted"] + " of at most " + g["cap"] + " hours count together"),
            spacing="2", width="100%"), width="100%")),
        rx.text("If the required hours are not earned by the end of the term, certification lapses and the exam "
                "must be taken again in its entirety. Credit must be recorded within 30 days of completing an "
                "activity, or it is forfeited.", size="2", color_scheme="gray"),
        spacing="3", width="100%",
    )


def _record() -> rx.Component:
    return rx.vstack(
        rx.heading("Your CE credit record", as_="h2", size="5"),
        rx.cond(
            HomeState.lines.length() > 0,
            rx.vstack(rx.foreach(HomeState.lines, lambda line: rx.card(hours_row(
                rx.vstack(rx.text(line["title"], weight="medium"),
                          rx.text(line["source"], " · ", line["category"], " · ", line["date"], size="2",
                                  color_scheme="gray"), spacing="0"),
                line["hours"], line["counts"]), width="100%")), width="100%", spacing="2"),
            rx.text("No credit recorded in this term yet."),
        ),
        _link(rx.cond(HomeState.more_lines, "See your whole credit record and download it",
                      "Open your credit record (CSV and PDF downloads)"), routes.RECORD),
        spacing="3", width="100%",
    )


def _shortcuts() -> rx.Component:
    """The CE places by the names the society's instructions use (first seed)."""
    return rx.flex(
        _link(names.RENEWAL_AREA, routes.RENEWAL),
        _link(names.UPCOMING_COURSES, routes.COURSES),
        _link(names.ELIGIBILITY_FORM, routes.NEW_REQUEST),
        _link("Credit record", routes.RECORD),
        _link("Plan ahead (what if)", routes.PLANNER),
        wrap="wrap", column_gap="1.5em", row_gap="0", width="100%")


def _events_section() -> rx.Component:
    """ "Under My AIUM CMEs and Events (bottom of the page), select CME Tracker" (second seed, step 4)."""
    return rx.el.section(
        rx.heading(names.EVENTS_SECTION, as_="h2", size="5", id="my-cmes-and-events"),
        rx.card(rx.vstack(
            _link(names.CME_TRACKER, routes.CME),
            rx.text("Your conferences and events, most recent first: enter the CME credits you earned each day and "
                    "print your certificate.", size="2", color_scheme="gray"),
            spacing="1", width="100%"), width="100%"),
        aria_labelledby="my-cmes-and-events", width="100%", display="flex", flex_direction="column", gap="0.75em",
    )


def home_page() -> rx.Component:
    """Next steps first (each one tap from where it is done), then where the member stands."""
    return page(
        "Home",
        rx.cond(HomeState.flash != "", rx.callout(HomeState.flash, color_scheme="green", role="status")),
        to_do_list(HomeState.to_dos),
        rx.card(rx.flex(
            _fact("Name", HomeState.name), _fact("Member ID", HomeState.member_number),
            # The term and its status are the standing's own lines below, said once there.
            rx.cond(HomeState.has_term, _fact("Certification", HomeState.program)),
            wrap="wrap", spacing="5"), width="100%"),
        rx.cond(HomeState.has_term, rx.fragment(_standing(), _record())),
        other_terms(HomeState.other_terms),
        rx.cond(HomeState.is_member, rx.fragment(_events_section(), _shortcuts())),
    )
