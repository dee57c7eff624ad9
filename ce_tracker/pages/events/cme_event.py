"""One event's days: pencil to edit, disc to save, one final submit (R002-05 to R002-14).

The page keeps only display strings; every save and the submit go to the
service with the member from the session cookie, and the page then reloads its
rows from the database, which is the only source of truth.

The days themselves are drawn in the browser (components/offline.py, ``cme_days``), so the pencil and the disc
work on conference Wi-Fi that comes and goes: a save is kept on the phone until this page answers it, and sent
again (under the phone's own id for it, applied once) until it does. The page says which save of each day it
handled last (``answered``), and the phone drops the saves answered.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import names, routes
from ce_tracker.components import faq, wording
from ce_tracker.components.layout import TOUCH, notice, page
from ce_tracker.components.offline import CmeDays, offline_copy
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.rules import EventPhase
from ce_tracker.services.errors import Conflict, NotFound
from ce_tracker.services.events import cme
from ce_tracker.services.events.cme import DayLine, EventSheet
from ce_tracker.services.events.submit_preview import submit_preview
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


def _day_rows(days: tuple[DayLine, ...]) -> list[dict[str, str]]:
    """What a day's card shows that neither the pencil nor the disc changes."""
    return [{"id": str(d.day_id), "label": fmt.weekday(d.day), "max": fmt.hours(d.max_credits),
             "registered": "1" if d.registered else "", "session": f" · counts in {d.category}" if d.category else ""}
            for d in days]


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
    # Each day's card: what a load puts there (``days``, unchanged by a save), and what a save changes, keyed by
    # the day's id. The pencil (R002-06) and the open input live in the browser (they must work offline).
    days: list[dict[str, str]] = []
    values: dict[str, str] = {}  # the saved credits; "" not entered
    errors: dict[str, str] = {}  # a refused save's message, under its day
    answered: dict[str, str] = {}  # day id -> the phone's id of the last save of it this page handled
    message: str = ""
    error: str = ""
    submit_summary: str = ""  # what the submit will do: the total and what will not count, and why
    some_wont_count: bool = False
    _activity_id: int | None = None

    def _preview(self, w: Work) -> None:
        """The confirmation's summary, read once every day is saved (the moment Submit becomes possible)."""
        if not self.can_submit:
            self._assign(submit_summary="", some_wont_count=False)
            return
        preview = w.call(submit_preview, activity_id=self._activity_id, now=w.now)
        self._assign(submit_summary=preview.words,
                     some_wont_count=preview.effect is not None and preview.effect.not_counted > 0)

    def _refresh(self, w: Work, errors: dict[str, str] | None = None) -> None:
        self._show(w.call(cme.event_sheet, activity_id=self._activity_id, now=w.now),
                   errors)

    def _show(self, sheet: EventSheet, errors: dict[str, str] | None = None) -> None:
        """Put the sheet on the page, sending only what changed (a save usually changes one row)."""
        self._assign(
            found=True, title=sheet.title,
            subtitle=" · ".join(p for p in (fmt.format_date_range(sheet.starts_on, sheet.ends_on),
                                             sheet.location, sheet.category and f"{sheet.category} credit") if p),
            designation=sheet.designation, phase=sheet.phase.value,
            opens_on=fmt.day(sheet.opens_on), closes_on=fmt.day(sheet.closes_on), total=fmt.hours(sheet.total),
            certificate_href=routes.certificate(sheet.certificate_number) if sheet.certificate_number else "")
        self._show_days(sheet.days, sheet.phase, errors)

    def _show_days(self, days: tuple[DayLine, ...], phase: EventPhase, errors: dict[str, str] | None = None) -> None:
        """The cards and what hangs on them."""
        errors = errors or {}
        keys = [str(d.day_id) for d in days]
        self._assign(
            days=_day_rows(days),
            values={k: fmt.hours(d.credits) for k, d in zip(keys, days)},
            errors={k: errors.get(k, "") for k in keys},
            can_submit=cme.can_submit(phase, days),
            missing=", ".join(fmt.weekday(d) for d in cme.missing_days(days)))

    @rx.event
    @acts
    def load(self, w: Work):
        self._activity_id = browser_int(self._path_tail())
        self.message, self.error = "", ""
        try:
            self._refresh(w)
        except NotFound:
            self.found, self.days, self.title = False, [], "Event not found"
            return
        self._preview(w)

    @rx.event
    @acts
    def save(self, w: Work, form: dict):
        """The disc: store this one day's credits through the service.

        ``form`` holds the day, the credits, the phone's id for this save (``save_id``: a save sent again is
        applied once) and the member ID the phone kept it under (``member``): a value typed for someone else
        signed in on this phone before is refused, never saved as this member's. One transaction checks the
        session, saves the day and reads the days back; a refused save rolls back to the savepoint, the whole
        sheet is read back and its message stands under the day. A save that went through has just found this
        event open for the member, so only the days are read again (one statement); a day of another event (a
        forged form), or a tab whose state was lost (a restarted Redis), gets the whole sheet.
        """
        day_key, save_id = text(form, "day_id", 12), text(form, "save_id", 64)
        typed_by = text(form, "member", 40)
        if self._activity_id is None:  # this tab's state is new: the page's address says which event
            self._activity_id = browser_int(self._path_tail())
        with w.attempt() as refused:
            if typed_by and typed_by != w.actor.member_number:
                raise Conflict("This was typed on this phone by someone else who was signed in then; it was not "
                               "saved for you.")
            w.call(cme.save_day, event_day_id=browser_int(day_key),
                   value=form.get("credits") if isinstance(form, dict) else None, now=w.now, save_id=save_id or None)
        self._assign(message="")
        if refused:
            self._refresh(w, {day_key: refused.message})
        elif not any(row["id"] == day_key for row in self.days):
            self._refresh(w)
        else:
            self._assign(phase=EventPhase.OPEN.value)
            self._show_days(w.call(cme.event_days, activity_id=self._activity_id), EventPhase.OPEN)
        if save_id and any(row["id"] == day_key for row in self.days):
            self.answered = {**self.answered, day_key: save_id}
        self._preview(w)

    @rx.event
    @acts
    def submit(self, w: Work):
        """The one, final submit; a second one is refused by the service."""
        with w.attempt() as refused:
            w.call(cme.submit_event, activity_id=self._activity_id, now=w.now)
        self.error = refused.message
        self._assign(message="")
        self._refresh(w)
        # Said once, at the top: the page's "Submitted" notice replaces the form the member was at the bottom of.
        return rx.call_script("window.scrollTo({top: 0})")


def _phase_notice() -> rx.Component:
    return rx.match(
        CmeEventState.phase,
        ("upcoming", rx.callout("CME credits cannot be claimed until the conclusion of the event. You can enter "
                                "credits from " + CmeEventState.opens_on + ".", color_scheme="blue", role="status")),
        ("closed", rx.callout("The window to record credit for this event closed on " + CmeEventState.closes_on
                              + "; the credit is forfeited.", color_scheme="red", role="status")),
        ("submitted", rx.callout("Submitted: " + CmeEventState.total + " credits recorded. They can no longer "
                                 "be changed; your certificate is ready below.", color_scheme="green",
                                 role="status")),
        rx.callout(rx.fragment(
            wording.press(), " the pencil to enter the credits you earned each day, then ", wording.press(False),
            " the disc to save it. If you earned no credit on a day, enter 0: the event cannot be submitted with a "
            "blank day.", rx.cond(CmeEventState.closes_on != "", " Record your credits by " + CmeEventState.closes_on
                                  + ".", "")), color_scheme="gray", role="note"),
    )


def _submit_area() -> rx.Component:
    return rx.cond(CmeEventState.phase == "open", rx.vstack(
        rx.callout("Warning: do not submit until you have entered your credits for every day. You will not be "
                   "able to change them after you submit.", color_scheme="amber", role="note"),
        rx.cond(CmeEventState.missing != "", rx.text("Still to enter: ", CmeEventState.missing, size="2")),
        # The confirmation opens and closes in the browser (no round trip): only "Yes" reaches the server.
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(rx.button("Submit My Credits For This Event", size="3", min_height=TOUCH,
                                              disabled=~CmeEventState.can_submit, width=["100%", "auto"])),
            rx.alert_dialog.content(
                rx.alert_dialog.title("Check before you submit"),
                rx.alert_dialog.description(CmeEventState.submit_summary),
                rx.cond(CmeEventState.some_wont_count,
                        rx.callout("Credits that will not count are still kept on your certificate as CME.",
                                   color_scheme="amber", role="note", margin_top="0.75em")),
                rx.text("Once you submit, your credits for this event cannot be changed.", weight="medium",
                        margin_top="0.75em"),
                rx.flex(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                         min_height=TOUCH)),
                        rx.alert_dialog.action(rx.button("Yes, submit my credits", on_click=CmeEventState.submit,
                                                         min_height=TOUCH)),
                        spacing="3", justify="end", wrap="wrap"))),
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
        CmeDays.create(
            rx.text(faq.ONSITE_72_HOURS, " ", faq.membership_sentence("If a day is still missing after that"),
                    size="2"),
            _submit_area(),
            rows=CmeEventState.days, values=CmeEventState.values, errors=CmeEventState.errors,
            answered=CmeEventState.answered, phase=CmeEventState.phase, member=AuthState.member_number,
            hydrated=rx.State.is_hydrated, on_save=CmeEventState.save),
        rx.cond(CmeEventState.certificate_href != "",
                rx.link("View your certificate", href=CmeEventState.certificate_href, min_height=TOUCH,
                        display="flex", align_items="center")),
        rx.cond(CmeEventState.designation != "", rx.text(CmeEventState.designation, size="2", color_scheme="gray")),
        rx.link("Back to CME Tracker", href=routes.CME, min_height=TOUCH, display="flex", align_items="center"),
        spacing="3", width="100%",
    )


# What the phone keeps of this page to open it offline (the days as last saved, the event's words).
_KEPT = ("found", "title", "subtitle", "designation", "phase", "opens_on", "closes_on", "total", "certificate_href",
         "can_submit", "missing", "days", "values")


def cme_event_page() -> rx.Component:
    return page(
        CmeEventState.title,
        offline_copy(CmeEventState, *_KEPT),
        rx.cond(CmeEventState.found, _sheet(),
                rx.text("This event is not in your CME Tracker. ", rx.link("Back to CME Tracker", href=routes.CME))),
    )
