"""The parts of a page that work without a network, written in the browser's own JavaScript (assets/offline/).

Why JavaScript: a Reflex component changes only when the server answers, and at a conference the server is
often out of reach. These three keep working there:

* ``cme_days``: the event sheet's days. The pencil and the disc work offline; each save is kept on the phone
  (localStorage, under the member's ID and the event) from the tap until the server confirms it, and sent
  again, under the same id, until it does (the server applies each id once). Each day says in plain words
  whether it is saved, saving, or not saved yet.
* ``offline_copy``: a page's last known content, kept on the phone, put back when the page opens offline.
* ``offline_banner``: the one plain sign, on every page, that the phone is offline (it replaces Reflex's
  "Cannot connect to server" toast); it also notes who is signed in on this phone.

The state classes stay what they are: display strings, filled by the server.
"""

from __future__ import annotations

import json
from pathlib import Path

import reflex as rx
from reflex_base.constants import Reflex
from reflex_base.constants.state import FIELD_MARKER
from reflex_base.event import passthrough_event_spec

from ce_tracker import routes
from ce_tracker.state.auth import AuthState

# What the header needs to show the signed-in person offline (their menu, their name).
AUTH_FIELDS = ("signed_in", "display_name", "is_member", "is_reviewer", "is_staff", "is_board", "member_number")


class CmeDays(rx.Component):
    """The day cards, and (as children) what the Submit offers, offered only online with every day saved."""

    library = "$/public/offline/days.js"
    tag = "CmeDays"

    rows: rx.Var[list[dict[str, str]]]
    values: rx.Var[dict[str, str]]
    errors: rx.Var[dict[str, str]]
    answered: rx.Var[dict[str, str]]
    phase: rx.Var[str]
    member: rx.Var[str]
    hydrated: rx.Var[bool]
    on_save: rx.EventHandler[passthrough_event_spec(dict)]


class OfflineCopy(rx.Component):
    """Keeps ``state``'s ``fields`` on the phone while online; puts them back when the page opens offline."""

    library = "$/public/offline/copy.js"
    tag = "OfflineCopy"

    state_name: rx.Var[str]
    auth_name: rx.Var[str]
    fields: rx.Var[list[str]]
    auth_fields: rx.Var[list[str]]
    member: rx.Var[str]
    hydrated: rx.Var[bool]


class OfflineBanner(rx.Component):
    library = "$/public/offline/banner.js"
    tag = "OfflineBanner"

    hydrated: rx.Var[bool]
    signed_in: rx.Var[bool]
    member: rx.Var[str]


def _keys(fields: tuple[str, ...]) -> list[str]:
    return [f"{name}{FIELD_MARKER}" for name in fields]


def offline_copy(state: type[rx.State], *fields: str) -> rx.Component:
    """Keep this page's ``fields`` of ``state`` on the phone, to open offline with the last known content."""
    return OfflineCopy.create(state_name=state.get_full_name(), auth_name=AuthState.get_full_name(),
                              fields=_keys(fields), auth_fields=_keys(AUTH_FIELDS),
                              member=AuthState.member_number, hydrated=rx.State.is_hydrated)


def offline_banner() -> rx.Component:
    """The app-wide sign that the phone is offline (used as the app's overlay, in place of Reflex's toast).

    An app wrap gets the whole app as its last child: the fragment shows the banner, then the app.
    """
    return rx.fragment(OfflineBanner.create(hydrated=rx.State.is_hydrated, signed_in=AuthState.signed_in,
                                            member=AuthState.member_number))


_EARLY_SOCKET = Path(__file__).resolve().parents[2] / "assets" / "offline" / "early_socket.js"


def early_socket() -> rx.Component:
    """The page's websocket opened from the <head>, while the scripts load (assets/offline/early_socket.js).

    Inline, so it runs before any script is fetched: the socket's handshake overlaps the bundle's loading,
    and from the second visit on the hydrate is asked for on it at once (the pages with a part in their path
    are listed, to put that part in the hydrate's query as React Router would). Reflex's client takes that
    socket, and the answers, when it asks for the same.
    """
    # Its comments stay in the file: every page carries the script, and the phone caches every page.
    lines = [line.strip() for line in _EARLY_SOCKET.read_text().splitlines() if not line.lstrip().startswith("//")]
    script = "\n".join(lines).replace("__REFLEX_VERSION__", Reflex.VERSION)
    return rx.el.script(script.replace("__DYNAMIC_ROUTES__", json.dumps(routes.page_patterns_with_parts())))
