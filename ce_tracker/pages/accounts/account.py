"""Change one's own password while signed in."""

from __future__ import annotations

import reflex as rx

from ce_tracker import routes
from ce_tracker.components.layout import field, notice, page, submit_button
from ce_tracker.pages.forms import text
from ce_tracker.services.accounts import sessions
from ce_tracker.state.auth import AuthState, post_page_load
from ce_tracker.state.work import Work, acts


class PasswordState(AuthState):
    error: str = ""

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = ""

    @rx.event
    @acts
    def submit(self, w: Work, form: dict):
        new, confirm = text(form, "new_password", 256), text(form, "confirm_password", 256)
        if new != confirm:
            self.error = "The two new passwords do not match."
            return
        code = w.call(sessions.change_password, current=text(form, "current", 256), new_password=new, now=w.now)
        if code is None:
            self.error = sessions.WRONG_CURRENT
            return
        # Every session ended with the change; this one continues on a fresh cookie.
        return post_page_load(routes.session_exchange(), {"code": code, "next": f"{routes.HOME}?password_changed=1"})


def password_page() -> rx.Component:
    return page(
        "Change password",
        rx.text("Changing your password logs out every other browser signed in to your account."),
        notice(PasswordState.error),
        rx.form(
            rx.vstack(
                field("Current password", "current",
                      rx.input(id="current", name="current", type="password", required=True, size="3",
                               width="100%", auto_complete="current-password", max_length=256)),
                field("New password", "new_password",
                      rx.input(id="new_password", name="new_password", type="password", required=True, size="3",
                               width="100%", auto_complete="new-password", max_length=256),
                      "At least 10 characters."),
                field("Repeat the new password", "confirm_password",
                      rx.input(id="confirm_password", name="confirm_password", type="password", required=True,
                               size="3", width="100%", auto_complete="new-password", max_length=256)),
                submit_button("Change password", width="100%"),
                spacing="3", width="100%",
            ),
            on_submit=PasswordState.submit, width="100%", max_width="420px",
        ),
    )
