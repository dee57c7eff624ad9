"""What-if planner: plan activities and see the standing they would give.

Everything shown comes from ``services.planner`` (the rules engine over recorded credit plus the plans);
nothing is recorded until the member turns a done plan into an approval request or a course claim.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.components.controls import select_input, text_input
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.rules.planning import plan_words
from ce_tracker.rules.status import Status
from ce_tracker.services.approvals.shared import FORMATS
from ce_tracker.services.courses import catalog
from ce_tracker.services.record import planner
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


@dataclass(frozen=True)
class TermRow:
    """Where one term stands now and with the plans, in words."""

    program: str
    term: str
    status: str  # the term's status word, as Home says it
    now: str
    planned: str
    verdict: str
    ok: bool  # the plans would make the term renewable
    not_counted: str  # planned hours that would not count here, in words ("" when none)


@dataclass(frozen=True)
class CategoryRow:
    """One category (or capped group) of a term: now and with the plans."""

    program: str
    name: str
    limits: str
    now: str
    planned: str
    of: str  # " of 7" for a shared cap, "" for a category
    short: str  # "4 short", "met", or "" for a group
    over: str  # hours above the maximum, in words ("" when none)


@dataclass(frozen=True)
class PlanRow:
    """One planned activity; ``raw_hours`` and ``iso`` refill the form when it is edited."""

    id: str = ""
    title: str = ""
    category: str = ""
    hours: str = ""
    raw_hours: str = ""
    day: str = ""
    iso: str = ""
    done: str = ""  # what it became ("an approval request", ...), once done
    is_done: bool = False


def _term_row(t: planner.TermPlan) -> TermRow:
    r = t.result
    outside = sum(p.hours for p in r.outside_term)
    return TermRow(
        program=t.program_name, term=f"{fmt.day(t.starts_on)} to {fmt.day(t.ends_on)}",
        status=t.verdict.status.label,
        now=f"Recorded: {fmt.hours(r.now.counted_total)} of {fmt.hours(r.now.program.total_hours)} hours count",
        planned=f"With plans: {fmt.hours(r.planned.counted_total)} of "
                f"{fmt.hours(r.planned.program.total_hours)} hours would count",
        verdict=plan_words(r, t.verdict), ok=r.renewable_on is not None or t.verdict.status is Status.RENEWED,
        not_counted=(f"{fmt.hours(r.not_counted)} planned hours would not count here (above a cap, or not a "
                     "category of this program)." if r.not_counted else "")
                    + (f" {fmt.hours(outside)} planned hours fall after this term." if outside else ""))


def _category_rows(terms: tuple[planner.TermPlan, ...]) -> list[CategoryRow]:
    """One row per category and one per shared cap, each "recorded -> with plans" (R000-12 to R000-14).

    A category in a shared cap has no maximum of its own: what the cap leaves out is said once, on the cap's
    row ("Business & History: 7 -> 7 of 7 h · 3 planned hours won't count"), never as a category "above the
    maximum"; and a recorded category never goes down (``rules.planning.what_if``).
    """
    rows = []
    for t in terms:
        program = t.result.planned.program
        group_of = {name: g.name for g in program.groups for name in g.categories}
        for c in t.result.planned.categories.values():
            now = t.result.now.categories[c.name]
            needs = f"needs {fmt.hours(c.min_hours)}" if c.min_hours else "optional"
            cap = (f"at most {fmt.hours(c.max_hours)}" if c.max_hours is not None else
                   f"counts within {group_of[c.name]}" if c.name in group_of else "no maximum")
            beyond = t.result.beyond_maximum.get(c.name)
            rows.append(CategoryRow(t.program_name, c.name, f"{needs}, {cap}", fmt.hours(now.counted),
                                    fmt.hours(c.counted), "", f"{fmt.hours(c.shortfall)} short" if c.shortfall
                                    else "met",
                                    f"{fmt.hours(beyond)} planned hours won't count (above the maximum)" if beyond
                                    else ""))
        for g in t.result.groups:
            rows.append(CategoryRow(t.program_name, g.name, f"together at most {fmt.hours(g.cap)}",
                                    fmt.hours(g.now), fmt.hours(g.planned), f" of {fmt.hours(g.cap)}", "",
                                    f"{fmt.hours(g.not_counted)} planned hours won't count" if g.not_counted
                                    else ""))
    return rows


class PlannerState(AuthState):
    categories: list[str] = []
    plans: list[PlanRow] = []
    terms: list[TermRow] = []
    rows: list[CategoryRow] = []
    edit_id: str = ""
    edit: PlanRow = PlanRow()
    done_id: str = ""
    done_title: str = ""
    courses: list[dict[str, str]] = []
    form_key: int = 0
    error: str = ""
    message: str = ""
    undo_title: str = ""  # the plan just removed, while its Undo is offered
    _removed: dict[str, str] = {}  # that plan's fields, to add it back as it was

    def _refresh(self, w: Work) -> None:
        view = w.call(planner.planner, now=w.now)
        self.categories = list(view.categories)
        self.plans = [PlanRow(str(p.id), p.title, p.category, fmt.hours(p.hours), f"{p.hours.normalize():f}",
                              fmt.day(p.planned_on), p.planned_on.isoformat(), p.done_as, bool(p.done_as))
                      for p in view.plans]
        self.terms = [_term_row(t) for t in view.terms]
        self.rows = _category_rows(view.terms)

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = self.edit_id = self.done_id = self.undo_title = ""
        self._refresh(w)

    @rx.event
    @acts
    def save(self, w: Work, form: dict):
        fields = dict(title=text(form, "plan_title", 300), category=text(form, "plan_category", 100),
                      hours=text(form, "plan_hours", 50), planned_on=text(form, "plan_date", 20), now=w.now)
        if self.edit_id:
            w.call(planner.update_plan, plan_id=browser_int(self.edit_id), **fields)
            self.message = "Plan changed."
        else:
            w.call(planner.add_plan, **fields)
            self.message = "Plan added. Nothing is recorded: it only shows where it would leave you."
        self.error, self.edit_id, self.form_key, self.undo_title = "", "", self.form_key + 1, ""
        self._refresh(w)

    def _shown(self, plan_id: object) -> PlanRow | None:
        """One of the plans this page shows (what the browser sends is only an id to look up)."""
        return next((p for p in self.plans if p.id == plan_id and not p.is_done), None)

    @rx.event
    def start_edit(self, plan_id: str):
        plan = self._shown(plan_id)
        if plan is not None:
            self.edit_id, self.edit, self.done_id, self.error = plan.id, plan, "", ""
            self.form_key += 1

    @rx.event
    def cancel(self):
        self.edit_id = self.done_id = self.error = ""
        self.form_key += 1

    @rx.event
    @acts
    def remove(self, w: Work, plan_id: str):
        """Remove at once, with an Undo: an open plan is kept here to add back; a done one's credit stays anyway."""
        shown = next((p for p in self.plans if p.id == plan_id), None)
        w.call(planner.remove_plan, plan_id=browser_int(plan_id))
        self.error, self.edit_id, self.done_id = "", "", ""
        if shown is not None and not shown.is_done:
            self._removed = {"title": shown.title, "category": shown.category, "hours": shown.raw_hours,
                             "planned_on": shown.iso}
            self.undo_title = shown.title
            self.message = f"Plan removed. \u201c{shown.title}\u201d no longer counts in the figures below."
        else:
            self._removed, self.undo_title = {}, ""
            self.message = "Plan removed. What it was done as (its request or credit) is not affected."
        self._refresh(w)

    @rx.event
    @acts
    def undo(self, w: Work):
        """Add the removed plan back as it was (a new row with the same title, category, hours and date)."""
        plan, self.undo_title = dict(self._removed), ""
        if not plan:
            return
        w.call(planner.add_plan, now=w.now, **plan)
        self._removed, self.error = {}, ""
        self.message = f"Plan back: \u201c{plan['title']}\u201d."
        self._refresh(w)

    @rx.event
    @acts
    def start_done(self, w: Work, plan_id: str):
        plan = self._shown(plan_id)
        if plan is None:
            return
        found = w.call(catalog.catalog, now=w.now)
        self.courses = [{"id": str(x.activity_id), "label": f"{x.title} ({fmt.hours(x.hours)} h, ended "
                                                            f"{fmt.day(x.ends_on)})"}
                        for x in found.lines if x.claimable(found.today) and x.category == plan.category]
        self.done_id, self.done_title, self.edit_id, self.error, self.message = plan.id, plan.title, "", "", ""
        self.undo_title = ""

    @rx.event
    @acts
    def to_request(self, w: Work, form: dict):
        w.call(planner.plan_to_request, plan_id=browser_int(self.done_id), provider=text(form, "done_provider", 300),
               format=text(form, "done_format", 40), now=w.now, settings=w.settings)
        w.mail_after()
        self.done_id, self.error = "", ""
        self.message, self.undo_title = ("Your approval request is filed with the CE committee; the plan is marked "
                                         "done."), ""
        self._refresh(w)

    @rx.event
    @acts
    def to_claim(self, w: Work, form: dict):
        w.call(planner.plan_to_claim, plan_id=browser_int(self.done_id),
               activity_id=browser_int(text(form, "done_course", 20)), now=w.now)
        self.done_id, self.error = "", ""
        self.message, self.undo_title = "Your credit is recorded; the plan is marked done.", ""
        self._refresh(w)


def _plan_form() -> rx.Component:
    s = PlannerState
    editing = s.edit_id != ""
    return rx.form(rx.vstack(
        rx.heading(rx.cond(editing, "Change the plan", "Add a planned activity"), as_="h2", size="5"),
        field("Activity", "plan_title", text_input("plan_title", default_value=rx.cond(editing, s.edit.title, ""),
                                                   placeholder="e.g. Spring anatomy workshop")),
        rx.flex(
            field("Category", "plan_category", select_input(
                "plan_category", [rx.foreach(s.categories, lambda c: rx.el.option(c, value=c))],
                rx.cond(editing, s.edit.category, ""))),
            field("Hours", "plan_hours", text_input("plan_hours", input_mode="decimal",
                                                    default_value=rx.cond(editing, s.edit.raw_hours, ""))),
            field("Date", "plan_date", text_input("plan_date", type="date",
                                                  default_value=rx.cond(editing, s.edit.iso, ""))),
            flex_direction=["column", "row"], gap="0.75em", width="100%"),
        rx.flex(submit_button(rx.cond(editing, "Save changes", "Add plan"), width=["100%", "auto"]),
                rx.cond(editing, rx.button("Cancel", type="button", variant="soft", size="3", min_height=TOUCH,
                                           on_click=PlannerState.cancel, width=["100%", "auto"])),
                gap="0.75em", wrap="wrap", width="100%"),
        spacing="3", width="100%"), on_submit=PlannerState.save, key=PlannerState.form_key, width="100%")


def _done_panel() -> rx.Component:
    s = PlannerState
    return rx.cond(s.done_id != "", rx.card(rx.vstack(
        rx.heading("Done: ", s.done_title, as_="h2", size="4"),
        rx.text("Ask the CE committee to approve it, prefilled from your plan:"),
        rx.form(rx.vstack(
            field("Provider", "done_provider", text_input("done_provider")),
            field("Format", "done_format", select_input(
                "done_format", [rx.el.option(f.capitalize(), value=f) for f in FORMATS], FORMATS[0])),
            submit_button("Request approval", width=["100%", "auto"]),
            spacing="2", width="100%"), on_submit=PlannerState.to_request, width="100%"),
        rx.cond(s.courses.length() > 0, rx.form(rx.vstack(
            rx.text("Or record it as a completed course from Upcoming Courses:"),
            field("Course", "done_course", select_input(
                "done_course", [rx.foreach(s.courses, lambda c: rx.el.option(c["label"], value=c["id"]))], "")),
            submit_button("Record credit", width=["100%", "auto"]),
            spacing="2", width="100%"), on_submit=PlannerState.to_claim, width="100%")),
        rx.button("Not now", type="button", variant="soft", size="3", min_height=TOUCH, on_click=PlannerState.cancel,
                  width=["100%", "auto"]),
        spacing="3", width="100%"), width="100%"))


def _plan(p) -> rx.Component:
    """A plan with its actions: Done and Edit together, Remove apart from them, every one a full touch target."""
    return rx.card(rx.flex(
        rx.vstack(rx.text(p.title, weight="medium"),
                  rx.text(p.category, " · ", p.hours, " h · ", p.day, size="2", color_scheme="gray"),
                  rx.cond(p.is_done, rx.text("Done: ", p.done, size="2", color_scheme="green")),
                  spacing="0", flex="1 1 14em"),
        rx.flex(
            rx.cond(~p.is_done, rx.flex(
                rx.button("Done", type="button", size="3", min_height=TOUCH, min_width="5em",
                          on_click=PlannerState.start_done(p.id), aria_label="Done: " + p.title),
                rx.button("Edit", type="button", size="3", variant="soft", min_height=TOUCH, min_width="5em",
                          on_click=PlannerState.start_edit(p.id), aria_label="Edit " + p.title),
                gap="0.75em")),
            rx.button("Remove", type="button", size="3", variant="outline", color_scheme="red", min_height=TOUCH,
                      on_click=PlannerState.remove(p.id), aria_label="Remove " + p.title),
            gap="1.5em", wrap="wrap", align="center", justify="between", flex="1 1 16em"),
        wrap="wrap", gap="0.75em", width="100%", align="center"), width="100%")


def _removed_notice() -> rx.Component:
    """A removal said where the member is looking, above the plans, with the way back beside it."""
    s = PlannerState
    return rx.cond(s.undo_title != "", rx.callout.root(
        rx.flex(rx.callout.text(s.message), rx.button("Undo", type="button", size="3", variant="outline",
                                                      high_contrast=True, min_height=TOUCH, on_click=PlannerState.undo,
                                                      aria_label="Undo: remove " + s.undo_title),
                gap="0.75em", align="center", justify="between", wrap="wrap", width="100%"),
        color_scheme="green", role="status", width="100%"))


def _standing() -> rx.Component:
    s = PlannerState
    return rx.vstack(
        rx.heading("Where the plans would leave you", as_="h2", size="5"),
        rx.foreach(s.terms, lambda t: rx.card(rx.vstack(
            rx.text(t.program, weight="bold"), rx.text(t.status, " · term ", t.term, size="2"),
            rx.text(t.now), rx.text(t.planned, weight="medium"),
            rx.text(t.verdict, color_scheme=rx.cond(t.ok, "green", "red"), role="status"),
            rx.cond(t.not_counted != "", rx.text(t.not_counted, size="2")),
            rx.foreach(s.rows, lambda r: rx.cond(r.program == t.program, rx.flex(
                rx.text(rx.text.strong(r.name), " (", r.limits, ")"),
                rx.spacer(),
                rx.text(r.now, " → ", r.planned, r.of, " h ", rx.cond(r.short != "", "· " + r.short, ""),
                        rx.cond(r.over != "", " · " + r.over, ""), class_name="hours", margin_left="auto",
                        white_space="normal"),
                wrap="wrap", width="100%", gap="0.5em", border_top="1px solid var(--gray-a4)", padding_top="0.25em"))),
            spacing="1", width="100%"), width="100%", aria_label="Standing in " + t.program)),
        spacing="2", width="100%")


def planner_page() -> rx.Component:
    s = PlannerState
    return page(
        "Plan ahead",
        rx.text("Add activities you plan to do and see the standing they would give you, judged by the same rules "
                "as your renewal. Nothing is recorded: when an activity is done, turn its plan into an approval "
                "request or a course claim."),
        notice(s.error),
        rx.cond(s.undo_title == "", notice(s.message, color="green", role="status")),
        _done_panel(),
        _plan_form(),
        rx.heading("Your plans", as_="h2", size="5"),
        _removed_notice(),
        rx.cond(s.plans.length() > 0, rx.vstack(rx.foreach(s.plans, _plan), spacing="2", width="100%"),
                rx.text("No plans yet.")),
        rx.cond(s.terms.length() > 0, _standing()),
    )
