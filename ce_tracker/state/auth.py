"""Who is signed in, read on the server from the HttpOnly session cookie.

Every handler runs under ``@acts`` (state/work.py), which calls ``_actor(session)`` inside the event's one
unit of work: it looks the cookie's session up in the database each time, so a logout, an expiry or a
password change elsewhere takes effect on the very next event. The browser only
ever sees display values (name, which menus to show), never ids or tokens.
"""

from __future__ import annotations

import json
import logging
import os
from urllib.parse import quote

import reflex as rx
from sqlmodel import Session

from ce_tracker import routes
from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.services.accounts import sessions
from ce_tracker.services.accounts.actors import Actor, Role
from ce_tracker.services.tokens import digest
from ce_tracker.state.work import Work, acts
from ce_tracker.web.cookies import token_from_header

_events = logging.getLogger("ce_tracker.events")
if settings.log_events:  # operators (and the scale-out tests) see how events spread over the workers
    _events.setLevel(logging.INFO)
    _events.addHandler(logging.StreamHandler())


# Run by "Log out": this phone no longer opens the member's pages offline (their copies go); what they saved
# offline and the server has not confirmed stays, under their member ID, until they sign in again.
FORGET_PHONE_COPIES = (
    "try { const who = JSON.parse(localStorage.getItem('ce-offline:v1:member') || 'null'); "
    "if (who) { for (const key of Object.keys(localStorage)) "
    "{ if (key.startsWith('ce-offline:v1:copy:' + who + ':')) localStorage.removeItem(key); } } "
    "localStorage.removeItem('ce-offline:v1:member'); } catch (e) {} "
)


# JavaScript: a function that POSTs ``fields`` to ``url`` as a form, a page load (the code stays in the body).
_POST_FORM = (
    "((url, fields) => { const f = document.createElement('form'); f.method = 'post'; f.action = url; "
    "for (const [k, v] of Object.entries(fields)) { const i = document.createElement('input'); "
    "i.type = 'hidden'; i.name = k; i.value = v; f.appendChild(i); } "
    "document.body.appendChild(f); f.submit(); })"
)


def post_page_load(url: str, fields: dict[str, str], forget_phone: bool = False) -> rx.event.EventSpec:
    """A full page load by POSTing a form to a backend route.

    The cookie routes live on the backend; in a one-port deployment ``rx.redirect``
    would be routed inside the single-page app instead, and a full load opens a
    fresh websocket whose handshake carries the new cookie, under a fresh Reflex state token.

    A one-use sign-in code travels in the request body, never in a URL, so it
    appears in no address bar, history entry, access log or Referer header.
    """
    script = (
        # A new person (or nobody) gets a new tab state: the old one may hold the last person's rows.
        "(() => { sessionStorage.removeItem('token'); "
        + (FORGET_PHONE_COPIES if forget_phone else "")
        + f"{_POST_FORM}({json.dumps(url)}, {json.dumps(fields)}); }})()"
    )
    return rx.call_script(script)


def cookie_then(url: str, fields: dict[str, str], then: rx.event.EventSpec) -> rx.event.EventSpec:
    """POST ``fields`` to ``url`` (the cookie route) without leaving the page, then run ``then`` (in the browser).

    The cookie is set before the page goes on, so a page load right after (a reload, a PDF) is signed in too;
    the POST is tried again if the network drops, and the page goes on in any case (this connection is signed
    in). A page of another origin than the route posts the form instead (a page load): a cross-site fetch
    could not set the cookie. The code travels in the body, never in a URL.
    """
    script = (
        f"(() => {{ const url = new URL({json.dumps(url)}, window.location.href); "
        f"const fields = {json.dumps(fields)}; "
        f"if (url.origin !== window.location.origin) {{ {_POST_FORM}(url.href, fields); "
        "return new Promise(() => {}); } "
        "const send = (left) => fetch(url.href, { method: 'POST', body: new URLSearchParams(fields), "
        "credentials: 'same-origin', redirect: 'manual', cache: 'no-store' }).then(() => true, () => left > 0 "
        "? new Promise((done) => setTimeout(done, 1000)).then(() => send(left - 1)) : false); "
        "return send(3); })()"
    )
    return rx.call_script(script, callback=then)


class AuthState(rx.State):
    """Display facts about the signed-in person; the base of every signed-in page's state."""

    signed_in: bool = False
    display_name: str = ""
    is_member: bool = False
    is_reviewer: bool = False
    is_staff: bool = False
    is_board: bool = False
    keeps_password: bool = True  # False for members once member passwords are off (R000-27): no "Change password"
    # The member's own society ID (Home shows it; not a secret, never a token): the phone keeps what a member
    # typed offline, and the pages it last showed them, under it, so nothing crosses to the next person.
    member_number: str = ""
    # A password sign-in on this connection (its socket.io sid) and the hash of the session it opened: the
    # page goes on without a page load, and its websocket's handshake, made before the sign-in, has no cookie.
    # Bound to the sid, not to the tab's token: another connection under the same token is not signed in by it.
    _signed_in_sid: str = ""
    _signed_in_session: str = ""
    # Whoever this tab's state last showed (their member id): a sign-in by someone else starts a fresh tab state.
    _shown_member_id: int = 0

    def _token(self) -> str | None:
        return token_from_header(self.router.headers.cookie)

    def _actor(self, session: Session) -> Actor | None:
        """The live session's actor, or None, looked up in the event's unit of work; refreshes the display facts.

        The sign-in made on this very connection first, then the cookie the connection's handshake carried.
        """
        _events.info("event on %s handled by worker %d", self.router.url.path, os.getpid())
        now = utcnow()
        actor = None
        if self._signed_in_session and self._signed_in_sid == self.router.session.session_id:
            actor = sessions.actor_for_token_hash(session=session, token_hash=self._signed_in_session, now=now)
        if actor is None:
            actor = sessions.actor_for_token(session=session, token=self._token(), now=now)
        self._show_person(actor)
        return actor

    def _keep_sign_in(self, session_token: str) -> None:
        """This connection is signed in to ``session_token``'s session (kept as its hash) from its next event."""
        self._signed_in_sid = self.router.session.session_id
        self._signed_in_session = digest(session_token)

    def _assign(self, **values: object) -> None:
        """Set only the vars whose value changed: every assigned var is sent to the browser and re-rendered."""
        for name, value in values.items():
            if getattr(self, name) != value:
                setattr(self, name, value)

    def _show_person(self, actor: Actor | None) -> None:
        if actor is not None and self._shown_member_id != actor.member_id:
            self._shown_member_id = actor.member_id
        self._assign(signed_in=actor is not None, display_name=actor.full_name if actor else "",
                     member_number=actor.member_number if actor else "",
                     is_member=bool(actor and actor.has(Role.MEMBER)),
                     is_reviewer=bool(actor and actor.has(Role.REVIEWER)),
                     is_staff=bool(actor and actor.has(Role.STAFF)),
                     is_board=bool(actor and actor.has(Role.BOARD)),
                     keeps_password=settings.member_passwords or bool(actor and actor.has(Role.STAFF)))

    def _refuse(self, var: str, message: str) -> None:
        """Show a service's refusal in ``var`` and clear any earlier success message."""
        setattr(self, var, message)
        if var != "message" and getattr(self, "message", ""):
            self.message = ""

    def _path_tail(self) -> str:
        """The last segment of the page's path: the value of a route like /cme/[event_id]."""
        return (self.router.url.path or "").rstrip("/").rsplit("/", 1)[-1]

    def _to_login(self) -> rx.event.EventSpec:
        """Send the browser to the login page, returning here afterwards."""
        return rx.redirect(f"{routes.LOGIN}?next={quote(self.router.url.path or routes.HOME)}")

    @rx.event
    @acts(public=True)
    def refresh(self, w: Work):
        """on_load for public pages: show the account menu when someone is signed in (``@acts`` looks)."""

    @rx.event
    @acts
    def require_login(self, w: Work):
        """on_load for pages that show only the signed-in person's own menu (``@acts`` sends others to log in)."""

    @rx.event
    @acts(public=True)
    def require_login_home(self, w: Work):
        """The site root: home when signed in, else the login page."""
        return rx.redirect(routes.HOME if w.actor else routes.LOGIN)

    @rx.event
    @acts(public=True)
    def logout(self, w: Work):
        """End the session on the server, then let the backend delete the cookie."""
        sessions.logout(session=w.session, token=self._token(), now=w.now)
        if self._signed_in_session:
            sessions.logout(session=w.session, token=None, token_hash=self._signed_in_session, now=w.now)
            self._signed_in_sid = self._signed_in_session = ""
        self.signed_in = False
        self.display_name = ""
        return post_page_load(routes.cookie_clear(), {}, forget_phone=True)
