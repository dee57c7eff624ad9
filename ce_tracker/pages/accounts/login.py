"""Log in with email, member ID or username (R002-02, R000-01)."""

from __future__ import annotations

import asyncio

import reflex as rx

from ce_tracker import names, routes
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import text
from ce_tracker.services.accounts import sessions
from ce_tracker.services.accounts.passwords import verify_password
from ce_tracker.services.throttle import client_key
from ce_tracker.state.auth import AuthState, post_page_load
from ce_tracker.state.work import Work, acts

MESSAGES = {
    "expired": "That sign-in link expired. Please log in again.",
    "signed_out": "You are logged out.",
    "reset": "Your password was changed. Log in with your new password.",
}


_ONE_AT_A_TIME = asyncio.Lock()  # the sign-ins of this backend worker (see LoginState.submit)


class LoginState(AuthState):
    error: str = ""
    info: str = ""

    @rx.event
    @acts(public=True)
    def load(self, w: Work):
        """Already signed in: go home. Otherwise say why we are here, if a redirect told us."""
        self.error = ""
        if w.actor is not None:
            return rx.redirect(self._next())
        params = self.router.url.query_parameters
        self.info = next((m for key, m in MESSAGES.items() if key in params), "")

    def _next(self) -> str:
        return routes.safe_next(self.router.url.query_parameters.get("next"))

    @rx.event
    @acts(public=True)
    async def submit(self, w: Work, form: dict):
        """Check the password off the event loop (argon2id takes a fifth of a CPU-second), then hand over.

        Sign-ins take turns in each backend worker, as they did when the check ran on the loop: a sign-in's
        attempt counts as failed until its password is checked, so parallel guesses are throttled exactly,
        and a venue's attendees signing in at once from one address are never taken for a guesser.
        """
        identifier, password = text(form, "identifier", 254), text(form, "password", 256)
        if not identifier or not password:
            self.error = "Enter your email, member ID or username, and your password."
            return
        async with _ONE_AT_A_TIME:
            sign_in = sessions.begin_sign_in(session=w.session, identifier=identifier, now=w.now,
                                             client=client_key(self.router.session.client_ip))
            ok = await w.off_loop(verify_password, password, sign_in.password_hash)
            member = sessions.finish_sign_in(session=w.session, sign_in=sign_in, ok=ok)
        code = sessions.issue_handoff(session=w.session, member=member, now=w.now) if member else None
        if code is None:
            self.error = sessions.BAD_LOGIN
            return
        self.error = ""
        return post_page_load(routes.session_exchange(), {"code": code, "next": self._next()})


def login_page() -> rx.Component:
    return page(
        "Log in",
        rx.text("Log in to record CE credit, enter CME credits for events and print certificates."),
        notice(LoginState.info, color="blue", role="status"),
        notice(LoginState.error),
        rx.form(
            rx.vstack(
                field("Email, member ID or username", "identifier",
                      rx.input(id="identifier", name="identifier", auto_complete="username", required=True,
                               size="3", width="100%", max_length=254)),
                field("Password", "password",
                      rx.input(id="password", name="password", type="password", required=True,
                               auto_complete="current-password", size="3", width="100%", max_length=256)),
                submit_button("Log in", width="100%"),
                # R002-17: "Forgot Password?" below the Log in button
                rx.link(names.FORGOT_PASSWORD, href=routes.FORGOT, min_height=TOUCH, display="flex",
                        align_items="center"),
                spacing="3", width="100%",
            ),
            on_submit=LoginState.submit, width="100%", max_width="420px",
        ),
    )
