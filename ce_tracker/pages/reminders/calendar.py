"""The member's calendar feed: create, copy, revoke the private URL, and the deadlines it carries.

The URL is shown once, right after it is made (only its hash is kept); making a new one or revoking ends the
old one at once, so a member who shared it by mistake can take it back.
"""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.layout import TOUCH, notice, page
from ce_tracker.services.reminders import calendar_feed
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


def webcal_url(url: str) -> str:
    """The same address as ``webcal://``: Apple Calendar and Outlook subscribe when it is opened."""
    return "webcal://" + url.split("://", 1)[1]


def google_url(url: str) -> str:
    """Google Calendar's own "add by URL" page with the address filled in."""
    return "https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal_url(url)})


class CalendarState(AuthState):
    active: bool = False
    since: str = ""
    url: str = ""  # the new URL, shown only until the page is left
    webcal: str = ""
    google: str = ""
    copied: bool = False
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
        self.error = self.message = self.url = self.webcal = self.google = ""
        self.copied = False
        self._refresh(w)

    @rx.event
    @acts
    def create(self, w: Work):
        token = w.call(calendar_feed.create_feed, now=w.now)
        self.url = w.settings.api_url + routes.calendar_feed(token)
        self.webcal, self.google, self.copied = webcal_url(self.url), google_url(self.url), False
        self.error, self.message = "", "Your calendar address is ready. Any earlier address no longer works."
        self._refresh(w)

    @rx.event
    @acts
    def revoke(self, w: Work):
        w.call(calendar_feed.revoke_feed, now=w.now)
        self.url = self.webcal = self.google = self.error = ""
        self.message = "Your calendar address is revoked: calendars subscribed to it get nothing more."
        self._refresh(w)


    @rx.event
    def mark_copied(self):
        """Say "Copied" where the member tapped (the copy itself happens in the browser)."""
        self.copied = True


def _confirmed(trigger: rx.Component, title: str, words: str, yes: str, handler) -> rx.Component:
    """A step that ends the address in use, behind one confirmation that says so."""
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(trigger),
        rx.alert_dialog.content(
            rx.alert_dialog.title(title),
            rx.alert_dialog.description(words),
            rx.flex(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray",
                                                     min_height=TOUCH)),
                    rx.alert_dialog.action(rx.button(yes, on_click=handler, min_height=TOUCH, color_scheme="red")),
                    spacing="3", justify="end", wrap="wrap", margin_top="1em")))


def _link_button(label: str, href, icon: str) -> rx.Component:
    return rx.link(rx.icon(icon, size=18, aria_hidden="true"), label, href=href, is_external=True,
                   class_name="download-link", width=["100%", "auto"], justify_content="center")


def _new_address() -> rx.Component:
    """Subscribing first; the address in full (it wraps, nothing is cut off) and its copy button after."""
    return rx.card(rx.vstack(
        rx.heading("Subscribe", as_="h2", size="4"),
        rx.flex(_link_button("Add to Apple Calendar or Outlook", CalendarState.webcal, "calendar-plus"),
                _link_button("Add to Google Calendar", CalendarState.google, "calendar-plus"),
                gap="0.75em", wrap="wrap", width="100%"),
        rx.el.label("Or copy your private address into another calendar app (shown once)", html_for="feed-url",
                    font_weight="500"),
        rx.text_area(id="feed-url", value=CalendarState.url, read_only=True, rows="3", width="100%",
                     size="3", style={"word-break": "break-all"}),
        rx.button(rx.cond(CalendarState.copied, "Copied", "Copy address"),
                  rx.icon(rx.cond(CalendarState.copied, "check", "copy"), size=16, aria_hidden="true"),
                  type="button", size="3", min_height=TOUCH, variant="soft", width=["100%", "auto"],
                  on_click=[rx.set_clipboard(CalendarState.url), CalendarState.mark_copied]),
        rx.cond(CalendarState.copied, rx.text("The address is copied.", role="status", size="2")),
        rx.text("Anyone with this address sees your deadlines: keep it to yourself.", size="2"),
        spacing="3", width="100%"), width="100%")


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
        rx.cond(CalendarState.url != "", _new_address()),
        rx.cond(CalendarState.active,
                rx.text("A calendar address is active since ", CalendarState.since, "."),
                rx.text("You have no calendar address.")),
        rx.cond(CalendarState.active, rx.flex(
            _confirmed(rx.button("Make a new address", type="button", size="3", min_height=TOUCH, variant="soft",
                                 color_scheme="gray", width=["100%", "auto"]),
                       "Make a new address?",
                       "The address you have now stops working at once: calendars subscribed to it get nothing "
                       "more until you subscribe them to the new one.", "Make a new address", CalendarState.create),
            _confirmed(rx.button("Revoke address", type="button", size="3", min_height=TOUCH, variant="soft",
                                 color_scheme="red", width=["100%", "auto"]),
                       "Revoke your calendar address?",
                       "Calendars subscribed to it get nothing more. You can make a new address later.",
                       "Revoke address", CalendarState.revoke),
            spacing="3", wrap="wrap", width="100%"),
            _button("Create calendar address", CalendarState.create)),
        rx.heading("Your deadlines", as_="h2", size="5"),
        rx.cond(CalendarState.entries.length() > 0,
                rx.el.ul(rx.foreach(CalendarState.entries, lambda e: rx.el.li(
                    rx.text.strong(e["day"]), ": ", e["summary"])), padding_left="1.2em", margin="0"),
                rx.text("No deadlines ahead.")),
    )
