"""One event's days: pencil to edit, disc to save, one final submit (R002-05 to R002-14).

The page keeps only display strings; every save and the submit go to the
service with the member from the session cookie, and the page then reloads its
rows from the database, which is the only source of truth.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import names
from ce_tracker.components import faq
from ce_tracker.components.layout import TOUCH, notice, page
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services import cme
from ce_tracker.services.cme import EventSheet
from ce_tracker.services.errors import NotFound
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts
from ce_tracker.web import urls


def _day_rows(sheet: EventSheet, editing: set[str], errors: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for d in sheet.days:
        key = str(d.day_id)
        rows.append({"id": key, "label": fmt.weekday(d.day), "max": fmt.hours(d.max_credits),
                     "registered": "1" if d.registered else "", "value": fmt.hours(d.credits),
                     "saved": "1" if d.credits is not None else "",
                     "editing": "1" if key in editing and sheet.phase.value == "open" else "",
                     "error": errors.get(key, ""),
                     "session": f" · counts in {d.category}" if d.category else ""})
    return rows


class CmeEventState(AuthState):
    found: bool = True
    title: str = ""
    subtitle: str = ""
    designation: str = ""
    phase: str = ""
    opens_on: str = ""
    closes_on: str = ""
    total: str = ""
    certificate_href: str = ""
    can_submit: bool = False
    missing: str = ""
    days: list[dict[str, str]] = []
    message: str = ""
    error: str = ""
    confirm_open: bool = False
    _activity_id: int | None = None
    _editing: set[str] = set()

    def _refresh(self, w: Work, errors: dict[str, str] | None = None) -> None:
        self._show(cme.event_sheet(session=w.session, actor=w.actor, activity_id=self._activity_id, now=w.now),
                   errors)

    def _show(self, sheet: EventSheet, errors: dict[str, str] | None = None) -> None:
        """Put the sheet on the page, sending only what changed (a save usually changes one row)."""
        self._assign(
            found=True, title=sheet.title,
            subtitle=" · ".join(p for p in (fmt.format_date_range(sheet.starts_on, sheet.ends_on),
                                             sheet.location, sheet.category and f"{sheet.category} credit") if p),
            designation=sheet.designation, phase=sheet.phase.value,
            opens_on=fmt.day(sheet.opens_on), closes_on=fmt.day(sheet.closes_on), total=fmt.hours(sheet.total),
            certificate_href=urls.certificate(sheet.certificate_number) if sheet.certificate_number else "",
            can_submit=sheet.can_submit, missing=", ".join(fmt.weekday(d) for d in sheet.missing_days),
            days=_day_rows(sheet, self._editing, errors or {}))

    @rx.event
    @acts
    def load(self, w: Work):
        self._activity_id = browser_int(self._path_tail())
        self._editing, self.message, self.error, self.confirm_open = set(), "", "", False
        try:
            self._refresh(w)
        except NotFound:
            self.found, self.days, self.title = False, [], "Event not found"

    @rx.event
    def edit(self, day_id: str):
        """The pencil: turn a day's credits into an input (R002-06).

        It reads and stores nothing, only flips a row that this tab's own load put on screen for the person
        signed in (each sign-in and sign-out starts a new tab state), so it needs no session lookup; Save checks.
        """
        if not isinstance(day_id, str) or day_id not in {row["id"] for row in self.days if row["registered"]}:
            return
        self._editing.add(day_id)
        if self.message:
            self.message = ""
        if self.phase == "open":  # no database work: the rows on show already hold the day's saved value
            self.days = [{**row, "editing": "1"} if row["id"] == day_id else row for row in self.days]
        return rx.set_focus(f"credits-{day_id}")

    @rx.event
    @acts
    def save(self, w: Work, form: dict):
        """The disc: store this one day's credits through the service.

        One transaction checks the session, saves the day and reads the sheet back; a refused save rolls back
        to the savepoint and its message stands under the day.
        """
        day_key = text(form, "day_id", 12)
        with w.attempt() as refused:
            cme.save_day(session=w.session, actor=w.actor, event_day_id=browser_int(day_key),
                         value=form.get("credits") if isinstance(form, dict) else None, now=w.now)
        if not refused:
            self._editing.discard(day_key)
        self.message = "" if refused else "Saved."
        self._refresh(w, {day_key: refused.message} if refused else None)

    @rx.event
    def ask_submit(self):
        self.confirm_open = self.can_submit

    @rx.event
    def cancel_submit(self):
        self.confirm_open = False

    @rx.event
    @acts
    def submit(self, w: Work):
        """The one, final submit; a second one is refused by the service."""
        self.confirm_open = False
        with w.attempt() as refused:
            cme.submit_event(session=w.session, actor=w.actor, activity_id=self._activity_id, now=w.now)
        self.error = refused.message
        if not refused:
            self.message = "Submitted. Your credits are recorded and your certificate is ready."
        self._editing = set()
        self._refresh(w)


def _credits(row) -> rx.Component:
    label = "Credits for " + row["label"]
    return rx.cond(
        row["editing"] != "",
        # auto_focus: the input is mounted by the re-render after the pencil, when edit's set_focus has already
        # run and found nothing (the pencil's <button> is reused as the disc, so focus stayed on "Save <day>").
        rx.input(id="credits-" + row["id"], name="credits", default_value=row["value"], input_mode="decimal",
                 auto_complete="off", max_length=10, aria_label=label, size="3", width="6em", auto_focus=True,
                 aria_invalid=rx.cond(row["error"] != "", "true", "false"),
                 aria_describedby="hint-" + row["id"] + rx.cond(row["error"] != "", " error-" + row["id"], "")),
        rx.text(rx.cond(row["saved"] != "", row["value"], "—"), size="5", weight="bold", aria_label=label
                + ": " + rx.cond(row["saved"] != "", row["value"], "not entered")),
    )


def _actions(row) -> rx.Component:
    return rx.cond(
        row["editing"] != "",
        rx.icon_button(rx.icon("save", aria_hidden="true"), type="submit", disabled=~rx.State.is_hydrated,
                       aria_label="Save " + row["label"],
                       min_width=TOUCH, min_height=TOUCH, size="3"),
        rx.icon_button(rx.icon("pencil", aria_hidden="true"), type="button", aria_label="Edit " + row["label"],
                       on_click=CmeEventState.edit(row["id"]), min_width=TOUCH, min_height=TOUCH, size="3",
                       variant="soft", disabled=CmeEventState.phase != "open"),
    )


def _day_card(row) -> rx.Component:
    registered = rx.form(
        rx.el.input(type="hidden", name="day_id", value=row["id"]),
        rx.hstack(
            _actions(row),
            rx.vstack(rx.text(row["label"], weight="medium"),
                      rx.text("Up to ", row["max"], " credits", row["session"], size="1", color_scheme="gray",
                              id="hint-" + row["id"]),
                      spacing="0"),
            rx.spacer(),
            _credits(row),
            align="center", width="100%", spacing="3",
        ),
        rx.cond(row["error"] != "", rx.text(row["error"], color_scheme="red", size="2", role="alert",
                                            id="error-" + row["id"])),
        on_submit=CmeEventState.save, width="100%",
    )
    not_registered = rx.hstack(
        rx.vstack(rx.text(row["label"], weight="medium"), rx.text("Not registered", size="2", color_scheme="gray"),
                  spacing="0"), width="100%", min_height=TOUCH, align="center")
    return rx.card(rx.cond(row["registered"] != "", registered, not_registered), width="100%",
                   role="group", aria_label=row["label"])


def _phase_notice() -> rx.Component:
    return rx.match(
        CmeEventState.phase,
        ("upcoming", rx.callout("CME credits cannot be claimed until the conclusion of the event. You can enter "
                                "credits from " + CmeEventState.opens_on + ".", color_scheme="blue", role="status")),
        ("closed", rx.callout("The window to record credit for this event closed on " + CmeEventState.closes_on
                              + "; the credit is forfeited.", color_scheme="red", role="status")),
        ("submitted", rx.callout("Submitted: " + CmeEventState.total + " credits recorded. They can no longer "
                                 "be changed.", color_scheme="green", role="status")),
        rx.callout("Click the pencil to enter the credits you earned each day, then the disc to save it. If you "
                   "earned no credit on a day, enter 0: the event cannot be submitted with a blank day."
                   + rx.cond(CmeEventState.closes_on != "", " Record your credits by " + CmeEventState.closes_on
                             + ".", ""), color_scheme="gray", role="note"),
    )


def _submit_area() -> rx.Component:
    return rx.cond(CmeEventState.phase == "open", rx.vstack(
        rx.callout("Warning: do not submit until you have entered your credits for every day. You will not be "
                   "able to change them after you submit.", color_scheme="amber", role="note"),
        rx.cond(CmeEventState.missing != "", rx.text("Still to enter: ", CmeEventState.missing, size="2")),
        rx.button("Submit My Credits For This Event", on_click=CmeEventState.ask_submit, size="3",
                  min_height=TOUCH, disabled=~CmeEventState.can_submit, width=["100%", "auto"]),
        rx.alert_dialog.root(rx.alert_dialog.content(
            rx.alert_dialog.title("Submit your credits?"),
            rx.alert_dialog.description("Once you submit, your credits for this event cannot be changed. "
                                        "Submit them now?"),
            rx.flex(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                     on_click=CmeEventState.cancel_submit, min_height=TOUCH)),
                    rx.alert_dialog.action(rx.button("Yes, submit my credits", on_click=CmeEventState.submit,
                                                     min_height=TOUCH)),
                    spacing="3", justify="end", wrap="wrap"),
        ), open=CmeEventState.confirm_open),
        spacing="3", width="100%"))


def _sheet() -> rx.Component:
    return rx.vstack(
        rx.text(CmeEventState.subtitle, color_scheme="gray"),
        _phase_notice(),
        notice(CmeEventState.error),
        rx.cond(CmeEventState.message != "", rx.text(CmeEventState.message, role="status", color_scheme="green")),
        rx.heading("Your days", as_="h2", size="5"),
        # The seed's "Credits Earned" column, over the day's credits at the end of each line.
        rx.hstack(rx.spacer(), rx.heading(names.CREDITS_EARNED, as_="h3", size="2"), width="100%",
                  padding_x="var(--card-padding, 1em)", margin_bottom="-0.5em"),
        rx.vstack(rx.foreach(CmeEventState.days, _day_card), width="100%", spacing="2"),
        rx.text(faq.ONSITE_72_HOURS, " ", faq.membership_sentence("If a day is still missing after that"),
                size="2"),
        _submit_area(),
        rx.cond(CmeEventState.certificate_href != "",
                rx.link("View your certificate", href=CmeEventState.certificate_href, min_height=TOUCH,
                        display="flex", align_items="center")),
        rx.cond(CmeEventState.designation != "", rx.text(CmeEventState.designation, size="2", color_scheme="gray")),
        rx.link("Back to CME Tracker", href=urls.CME, min_height=TOUCH, display="flex", align_items="center"),
        spacing="3", width="100%",
    )


def cme_event_page() -> rx.Component:
    return page(
        CmeEventState.title,
        rx.cond(CmeEventState.found, _sheet(),
                rx.text("This event is not in your CME Tracker. ", rx.link("Back to CME Tracker", href=urls.CME))),
    )
