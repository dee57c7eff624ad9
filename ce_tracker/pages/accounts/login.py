"""Log in with the society's account (R000-27), or with email, member ID or username (R002-02, R000-01).

When the society's OpenID Provider is configured its button comes first; the password form stays below it,
for staff and as a fallback (for staff only once member passwords are off, and "Forgot Password?" then leads
to the society's own page). The front end is built once for every configuration, so whether the button shows,
its words and where "Forgot Password?" leads are state, set by ``load`` from the settings.
"""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta

import reflex as rx

from ce_tracker import names, routes
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.config import settings
from ce_tracker.pages.forms import text
from ce_tracker.services.accounts import oidc, sessions
from ce_tracker.services.accounts.passwords import verify_password
from ce_tracker.services.throttle import client_key
from ce_tracker.state.auth import AuthState, cookie_then, post_page_load
from ce_tracker.state.work import Work, acts

MESSAGES = {
    "expired": "That sign-in link expired. Please log in again.",
    "signed_out": "You are logged out.",
    "reset": "Your password was changed. Log in with your new password.",
}


_ONE_AT_A_TIME = asyncio.Lock()  # the sign-ins of this backend worker (see LoginState.submit)


def _sso_start_script() -> str:
    """Go to the provider through /auth/sso/start, keeping ``next``; a fresh tab state, as after any sign-in."""
    start = json.dumps(f"{settings.api_url}{routes.SSO_START}")
    return ("(() => { sessionStorage.removeItem('token'); "
            "const next = new URLSearchParams(window.location.search).get('next'); "
            f"window.location.assign({start} + (next ? '?next=' + encodeURIComponent(next) : '')); }})()")


class LoginState(AuthState):
    error: str = ""
    info: str = ""
    sso_label: str = ""  # the society button's words; "" when no provider is configured
    password_intro: str = ""
    forgot_href: str = routes.FORGOT

    @rx.event
    @acts(public=True)
    def load(self, w: Work):
        """Already signed in: go home. Otherwise say why we are here, if a redirect told us."""
        self.error = ""
        if w.actor is not None:
            return rx.redirect(self._next())
        params = self.router.url.query_parameters
        self.info = next((m for key, m in MESSAGES.items() if key in params), "")
        refused = params.get("sso")
        if refused and settings.oidc is not None:
            self.error = oidc.refusal_message(str(refused)[:20], settings)
        self._show_sign_in_choices()

    def _show_sign_in_choices(self) -> None:
        config = settings.oidc
        self.sso_label = config.button_label if config else ""
        if config is None:
            self.password_intro = ""
        elif settings.member_passwords:
            self.password_intro = "Or log in with your CE Tracker password:"
        else:
            self.password_intro = "Headquarters staff: log in with your CE Tracker password."
        self.forgot_href = config.password_help_url if config and not settings.member_passwords else routes.FORGOT

    def _next(self) -> str:
        return routes.safe_next(self.router.url.query_parameters.get("next"))

    @rx.event
    @acts(public=True)
    async def submit(self, w: Work, form: dict):
        """Check the password off the event loop (argon2id takes a fifth of a CPU-second), then go on signed in.

        The sign-in opens the session at once and this connection is signed in to it, so the page goes on to
        Home without a page load (on a phone, the bundle evaluated again costs more than the rest together);
        the session's cookie is set first for later page loads, by a one-use code POSTed to /auth/session
        from the page. A tab that showed another person first gets a fresh state through a page load.

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
        if member is None:
            self.error = sessions.bad_login_message(settings)
            return
        self.error = ""
        token, code = sessions.open_signed_in(session=w.session, member=member, now=w.now,
                                              lifetime=timedelta(hours=settings.session_hours))
        fields = {"code": code, "next": self._next()}
        if self._shown_member_id not in (0, member.id):
            # This tab's state showed someone else: a fresh one, through a page load (state/auth.py).
            return post_page_load(routes.session_exchange(), fields)
        self._keep_sign_in(token)
        # Then on to the page asked for, in the browser: no event to the server and back.
        return cookie_then(routes.session_exchange(), fields, rx.redirect(self._next()))


def _society_button() -> rx.Component:
    """First on the page when the society's provider is configured: its own sign-in, no password of ours."""
    return rx.cond(
        LoginState.sso_label != "",
        rx.vstack(
            rx.button(LoginState.sso_label, type="button", size="3", min_height=TOUCH, width="100%",
                      on_click=rx.call_script(_sso_start_script())),
            rx.text(LoginState.password_intro, size="2", color_scheme="gray", margin_top="0.5em"),
            spacing="2", width="100%", max_width="420px",
        ),
    )


def login_page() -> rx.Component:
    return page(
        "Log in",
        rx.text("Log in to record CE credit, enter CME credits for events and print certificates."),
        notice(LoginState.info, color="blue", role="status"),
        notice(LoginState.error),
        _society_button(),
        rx.form(
            rx.vstack(
                field("Email, member ID or username", "identifier",
                      rx.input(id="identifier", name="identifier", auto_complete="username", required=True,
                               size="3", width="100%", max_length=254)),
                field("Password", "password",
                      rx.input(id="password", name="password", type="password", required=True,
                               auto_complete="current-password", size="3", width="100%", max_length=256)),
                # Beside the society's button the password form is the second way in: a quieter button.
                submit_button("Log in", width="100%", variant=rx.cond(LoginState.sso_label != "", "soft", "solid")),
                # R002-17: "Forgot Password?" below the Log in button
                rx.link(names.FORGOT_PASSWORD, href=LoginState.forgot_href, min_height=TOUCH, display="flex",
                        align_items="center"),
                spacing="3", width="100%",
            ),
            on_submit=LoginState.submit, width="100%", max_width="420px",
        ),
    )
