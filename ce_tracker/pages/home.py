"""The member's home: who they are, their term, and where they stand in it (R000-10, R000-16)."""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.layout import page
from ce_tracker.db import unit_of_work
from ce_tracker.models.types import utcnow
from ce_tracker.services import cme, members, record
from ce_tracker.services.events import Phase
from ce_tracker.services.record import CreditRecord
from ce_tracker.state.auth import AuthState
from ce_tracker.web import urls


def _category_rows(rec: CreditRecord) -> list[dict[str, str]]:
    rows = []
    for c in rec.standing.categories.values():
        limit = f"{fmt.hours(c.min_hours)}-{fmt.hours(c.max_hours)} h" if c.max_hours is not None else "optional"
        rows.append({"name": c.name, "earned": fmt.hours(c.earned), "counted": fmt.hours(c.counted),
                     "not_counted": fmt.hours(c.not_counted) if c.not_counted else "",
                     "shortfall": fmt.hours(c.shortfall) if c.shortfall else "", "limit": limit,
                     "percent": str(int(min(100, c.counted * 100 / c.min_hours))) if c.min_hours else "100"})
    return rows


def _line_rows(rec: CreditRecord) -> list[dict[str, str]]:
    return [{"title": line.title, "source": line.source, "category": line.category or "CME only",
             "hours": fmt.hours(line.hours), "date": fmt.day(line.completed_on),
             "counts": "Counts" if line.counts else "Not counted"} for line in rec.lines]


def _summary(standing) -> str:
    """What is still missing, in words (R000-15, R000-16)."""
    if standing.may_renew:
        return ""
    parts = [f"{fmt.hours(c.shortfall)} h more {c.name}" for c in standing.categories.values() if c.shortfall]
    if standing.total_shortfall:
        parts.append(f"{fmt.hours(standing.total_shortfall)} h more in total "
                     f"(of {fmt.hours(standing.program.total_hours)} h)")
    return "Still needed to renew: " + "; ".join(parts) + "."


class HomeState(AuthState):
    name: str = ""
    member_number: str = ""
    program: str = ""
    status: str = ""
    term: str = ""
    has_term: bool = False
    counted_total: str = ""
    required_total: str = ""
    summary: str = ""
    may_renew: bool = False
    days_left: int = 0
    groups: list[dict[str, str]] = []
    categories: list[dict[str, str]] = []
    lines: list[dict[str, str]] = []
    flash: str = ""
    deadlines: list[dict[str, str]] = []

    @rx.event
    def load(self):
        actor = self._actor()
        if actor is None:
            return self._to_login()
        now = utcnow()
        with unit_of_work() as session:
            prof = members.profile(session=session, actor=actor)
            rec = record.credit_record(session=session, actor=actor, now=now)
            events = cme.my_events(session=session, actor=actor, now=now)
        self.deadlines = [{"title": e.title, "href": urls.cme_event(e.activity_id),
                           "by": fmt.day(e.closes_on) if e.closes_on else ""}
                          for e in events if e.phase is Phase.OPEN]
        self.flash = "Your password was changed." if "password_changed" in self.router.url.query_parameters else ""
        self.name, self.member_number = prof.full_name, prof.member_number
        self.program = prof.program_name or ""
        self.status = (prof.status or "").capitalize()
        self.has_term = rec is not None
        if rec is None:
            self.categories, self.lines, self.groups = [], [], []
            return
        self.term = f"{fmt.day(rec.term_starts_on)} to {fmt.day(rec.term_ends_on)}"
        st = rec.standing
        self.counted_total, self.required_total = fmt.hours(st.counted_total), fmt.hours(st.program.total_hours)
        self.summary = _summary(st)
        self.may_renew, self.days_left = st.may_renew, rec.days_left
        self.categories, self.lines = _category_rows(rec), _line_rows(rec)
        self.groups = [{"name": g.name, "cap": fmt.hours(g.max_hours),
                        "counted": fmt.hours(st.group_counted(g.name))}
                       for g in st.program.groups]


def _fact(label: str, value) -> rx.Component:
    return rx.vstack(rx.text(label, size="1", color_scheme="gray"), rx.text(value, weight="medium"), spacing="0")


def _bar(percent, label) -> rx.Component:
    """A progress bar (Radix's wants a number; our rows hold display strings)."""
    return rx.box(rx.box(height="8px", width=percent + "%", background="var(--accent-9)", border_radius="4px"),
                  width="100%", background="var(--gray-a4)", border_radius="4px", role="progressbar",
                  aria_valuenow=percent, aria_valuemin="0", aria_valuemax="100", aria_label=label)


def _category_card(row) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(rx.heading(row["name"], as_="h3", size="4"), rx.spacer(),
                      rx.text(row["counted"], " h counted", weight="bold"), width="100%"),
            _bar(row["percent"], row["name"] + " progress toward the minimum"),
            rx.text("Earned ", row["earned"], " h · counts ", row["limit"], size="2"),
            rx.cond(row["shortfall"] != "", rx.text(row["shortfall"], " h still needed", color_scheme="red",
                                                    size="2", weight="medium")),
            rx.cond(row["not_counted"] != "", rx.text(row["not_counted"], " h beyond the maximum do not count",
                                                      color_scheme="amber", size="2")),
            spacing="2", width="100%",
        ),
        width="100%",
    )


def _standing() -> rx.Component:
    return rx.vstack(
        rx.heading("Where you stand", as_="h2", size="5"),
        rx.cond(HomeState.may_renew,
                rx.callout("You have the hours needed to renew.", color_scheme="green", role="status"),
                rx.callout(HomeState.summary + " If the required hours are not earned by the end of the term, "
                           "certification lapses and the exam must be taken again in its entirety.",
                           color_scheme="amber", role="status")),
        rx.hstack(_fact("Counted", HomeState.counted_total + " of " + HomeState.required_total + " h"),
                  _fact("Days left in term", HomeState.days_left), spacing="6", wrap="wrap"),
        rx.grid(rx.foreach(HomeState.categories, _category_card), columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3", width="100%"),
        rx.foreach(HomeState.groups, lambda g: rx.text(g["name"], " together: ", g["counted"], " of at most ",
                                                       g["cap"], " h count.", size="2")),
        rx.text("Credit must be recorded within 30 days of completing an activity, or it is forfeited.",
                size="2", color_scheme="gray"),
        spacing="3", width="100%",
    )


def _record() -> rx.Component:
    return rx.vstack(
        rx.heading("Your CE credit record", as_="h2", size="5"),
        rx.cond(
            HomeState.lines.length() > 0,
            rx.vstack(rx.foreach(HomeState.lines, lambda line: rx.card(rx.hstack(
                rx.vstack(rx.text(line["title"], weight="medium"),
                          rx.text(line["source"], " · ", line["category"], " · ", line["date"], size="2",
                                  color_scheme="gray"), spacing="0"),
                rx.spacer(),
                rx.vstack(rx.text(line["hours"], " h", weight="bold"), rx.text(line["counts"], size="1"),
                          align="end", spacing="0"),
                width="100%"), width="100%")), width="100%", spacing="2"),
            rx.text("No credit recorded in this term yet."),
        ),
        spacing="3", width="100%",
    )


def _deadlines() -> rx.Component:
    """Events waiting for the member's credits, with the last day to record them."""
    return rx.vstack(
        rx.heading("Waiting for your credits", as_="h2", size="5"),
        rx.foreach(HomeState.deadlines, lambda d: rx.card(rx.flex(
            rx.link(d["title"], href=d["href"], min_height="44px", display="flex", align_items="center"),
            rx.spacer(),
            rx.cond(d["by"] != "", rx.text("Record by ", d["by"], weight="bold"),
                    rx.text("No deadline (CME only)", size="2")),
            wrap="wrap", align="center", width="100%", gap="2"), width="100%")),
        spacing="2", width="100%",
    )


def home_page() -> rx.Component:
    return page(
        "Home",
        rx.cond(HomeState.flash != "", rx.callout(HomeState.flash, color_scheme="green", role="status")),
        rx.card(rx.flex(
            _fact("Name", HomeState.name), _fact("Member ID", HomeState.member_number),
            rx.cond(HomeState.has_term, rx.fragment(
                _fact("Certification", HomeState.program), _fact("Status", HomeState.status),
                _fact("Term", HomeState.term))),
            wrap="wrap", spacing="5"), width="100%"),
        rx.cond(HomeState.is_member, rx.link("Open the CME Tracker", href=urls.CME, min_height="44px",
                                             display="flex", align_items="center")),
        rx.cond(HomeState.deadlines.length() > 0, _deadlines()),
        rx.cond(HomeState.has_term, rx.fragment(_standing(), _record())),
    )
