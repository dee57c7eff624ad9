"""The member's calendar feed: create, copy, revoke the private URL, and the deadlines it carries.

The URL is shown once, right after it is made (only its hash is kept); making a new one or revoking ends the
old one at once, so a member who shared it by mistake can take it back.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.layout import TOUCH, notice, page
from ce_tracker.services.reminders import calendar_feed
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


class CalendarState(AuthState):
    active: bool = False
    since: str = ""
    url: str = ""  # the new URL, shown only until the page is left
    entries: list[dict[str, str]] = []
    error: str = ""
    message: str = ""

    def _refresh(self, w: Work) -> None:
        status = w.call(calendar_feed.feed_status)
        self.active, self.since = status.active, fmt.day(status.created_at.date()) if status.created_at else ""
        self.entries = [{"day": fmt.day(e.day), "summary": e.summary}
                        for e in w.call(calendar_feed.member_entries, now=w.now, settings=w.settings)]

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = self.url = ""
        self._refresh(w)

    @rx.event
    @acts
    def create(self, w: Work):
        token = w.call(calendar_feed.create_feed, now=w.now)
        self.url = w.settings.api_url + routes.calendar_feed(token)
        self.error, self.message = "", "Your calendar address is ready. Any earlier address no longer works."
        self._refresh(w)

    @rx.event
    @acts
    def revoke(self, w: Work):
        w.call(calendar_feed.revoke_feed, now=w.now)
        self.url, self.error = "", ""
        self.message = "Your calendar address is revoked: calendars subscribed to it get nothing more."
        self._refresh(w)


def _button(label: str, handler, **props) -> rx.Component:
    return rx.button(label, type="button", size="3", min_height=TOUCH, on_click=handler,
                     disabled=~rx.State.is_hydrated, width=["100%", "auto"], **props)


def calendar_page() -> rx.Component:
    return page(
        "Calendar",
        rx.text("Subscribe to your CE deadlines in your calendar app (Google Calendar, Outlook, Apple Calendar): "
                "recording windows closing, decisions due on your approval requests, the renewal window "
                "opening and your term's end. The app refreshes them by itself."),
        notice(CalendarState.error),
        notice(CalendarState.message, color="green", role="status"),
        rx.cond(CalendarState.url != "", rx.card(rx.vstack(
            rx.el.label("Your private calendar address (shown once: copy it now)", html_for="feed-url",
                        font_weight="500"),
            rx.input(id="feed-url", value=CalendarState.url, read_only=True, size="3", width="100%",
                     min_height=TOUCH),
            rx.text("Anyone with this address sees your deadlines: keep it to yourself.", size="2"),
            _button("Copy address", rx.set_clipboard(CalendarState.url), variant="soft"),
            spacing="2", width="100%"), width="100%")),
        rx.cond(CalendarState.active,
                rx.text("A calendar address is active since ", CalendarState.since, "."),
                rx.text("You have no calendar address.")),
        rx.flex(
            _button(rx.cond(CalendarState.active, "Make a new address", "Create calendar address"),
                    CalendarState.create),
            rx.cond(CalendarState.active, _button("Revoke address", CalendarState.revoke, color_scheme="red",
                                                  variant="soft")),
            spacing="3", wrap="wrap", width="100%"),
        rx.heading("Your deadlines", as_="h2", size="5"),
        rx.cond(CalendarState.entries.length() > 0,
                rx.el.ul(rx.foreach(CalendarState.entries, lambda e: rx.el.li(
                    rx.text.strong(e["day"]), ": ", e["summary"])), padding_left="1.2em", margin="0"),
                rx.text("No deadlines ahead.")),
    )
