"""Forgot password and the emailed reset link (R002-03)."""

from __future__ import annotations

import reflex as rx

from ce_tracker import names, routes
from ce_tracker.components import faq, wording
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import text
from ce_tracker.services.accounts import sessions
from ce_tracker.services.throttle import client_key
from ce_tracker.state.work import Work, acts

SAME_ANSWER = ("If that email, member ID or username belongs to an account, we have emailed it a link to "
               "reset the password. The link works once and expires in {minutes} minutes.")


class ForgotState(rx.State):
    sent: str = ""
    error: str = ""

    @rx.event
    def load(self):
        self.sent, self.error = "", ""

    @rx.event
    @acts(public=True)
    def submit(self, w: Work, form: dict):
        identifier = text(form, "identifier", 254).strip()
        if not identifier:
            self.error = "Enter your email address, member ID or username."
            return
        sessions.request_reset(session=w.session, identifier=identifier, now=w.now, settings=w.settings,
                               client=client_key(self.router.session.client_ip))
        w.mail_after()
        self.error = ""
        self.sent = SAME_ANSWER.format(minutes=w.settings.reset_minutes)


class ResetState(rx.State):
    valid: bool = True
    error: str = ""
    done: bool = False
    _token: str = ""

    @rx.event
    @acts(public=True)
    def load(self, w: Work):
        """Keep the emailed token on the server and take it out of the address bar and history.

        A reload of the tidied address finds the token this tab's state already holds.
        """
        token = self.router.url.query_parameters.get("token", "")[:200]
        if token:
            self._token = token
        self.done, self.error = False, ""
        self.valid = sessions.reset_is_valid(session=w.session, token=self._token, now=w.now)
        if token:
            return rx.call_script("history.replaceState(history.state, '', location.pathname)")

    @rx.event
    @acts(public=True)
    def submit(self, w: Work, form: dict):
        password, confirm = text(form, "new_password", 256), text(form, "confirm_password", 256)
        if password != confirm:
            self.error = "The two passwords do not match."
            return
        sessions.reset_password(session=w.session, token=self._token, new_password=password, now=w.now)
        self._token = ""
        return rx.redirect(f"{routes.LOGIN}?reset=1")


def forgot_page() -> rx.Component:
    return page(
        names.FORGOT_PASSWORD,
        rx.text("Enter your email address, member ID or username and ", wording.press(False), " Submit. We will "
                "email you a link to choose a new password."),
        notice(ForgotState.error),
        rx.cond(
            ForgotState.sent != "",
            rx.callout(ForgotState.sent, color_scheme="green", role="status"),
            rx.form(
                rx.vstack(
                    field("Email, member ID or username", "identifier",
                          rx.input(id="identifier", name="identifier", required=True, size="3", width="100%",
                                   max_length=254, auto_complete="username")),
                    submit_button("Submit", width="100%"),
                    spacing="3", width="100%",
                ),
                on_submit=ForgotState.submit, width="100%", max_width="420px",
            ),
        ),
        rx.text(faq.membership_sentence("If you receive an error or have any questions")),
        rx.link("Back to log in", href=routes.LOGIN, min_height=TOUCH, display="flex", align_items="center"),
    )


def reset_page() -> rx.Component:
    return page(
        "Choose a new password",
        rx.cond(
            ResetState.valid,
            rx.form(
                rx.vstack(
                    notice(ResetState.error),
                    field("New password", "new_password",
                          rx.input(id="new_password", name="new_password", type="password", required=True,
                                   size="3", width="100%", auto_complete="new-password", max_length=256),
                          "At least 10 characters."),
                    field("Repeat the new password", "confirm_password",
                          rx.input(id="confirm_password", name="confirm_password", type="password",
                                   required=True, size="3", width="100%", auto_complete="new-password",
                                   max_length=256)),
                    submit_button("Set password", width="100%"),
                    spacing="3", width="100%",
                ),
                on_submit=ResetState.submit, width="100%", max_width="420px",
            ),
            rx.vstack(
                rx.callout("This reset link has expired or was already used.", color_scheme="red", role="alert"),
                rx.link("Ask for a new link", href=routes.FORGOT, min_height=TOUCH, display="flex",
                        align_items="center"),
            ),
        ),
    )
