"""The member's verifiable credentials: each certificate and renewed term as an Open Badges 3.0 file.

An advanced option: most people need only the certificate PDF, so the page says first what these files are for
(a digital wallet, software that checks them) and points to the PDF. The files come from public backend
addresses that carry their own secret, so the member can also hand the address to an employer, who checks it
on the verification page.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker import routes
from ce_tracker.components.layout import TOUCH, notice, page
from ce_tracker.services.credentials import open_badges
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


@dataclass(frozen=True)
class CredentialRow:
    """One downloadable credential, in words."""

    title: str
    issued: str
    href: str
    kind: str  # "Certificate" or "Renewed term"
    revoked: bool


class CredentialsState(AuthState):
    items: list[CredentialRow] = []
    error: str = ""

    @rx.event
    @acts
    def load(self, w: Work):
        self.error, self.items = "", []
        found = w.call(open_badges.my_credentials, key_path=w.settings.signing_key_file)
        self.items = [CredentialRow(c.title, fmt.day(c.issued_on), w.settings.api_url + c.path if c.path else "",
                                    "Certificate" if c.kind == "certificate" else "Renewed term", c.revoked)
                      for c in found]


def _item(item: CredentialRow) -> rx.Component:
    return rx.card(rx.vstack(
        rx.text(rx.text.strong(item.title)),
        rx.text(item.kind, " · issued ", item.issued, size="2"),
        rx.cond(
            item.href != "",
            rx.fragment(
                rx.el.a(rx.icon("download", aria_hidden="true"), "Download credential (.json)", href=item.href,
                        download="", class_name="download-link", custom_attrs={"reloadDocument": True},
                        aria_label="Download credential: " + item.title),
                rx.el.details(
                    rx.el.summary("Its address, to give instead of the file", class_name="disclosure"),
                    rx.input(value=item.href, read_only=True, size="2", width="100%", min_height=TOUCH,
                             aria_label="Address of the credential: " + item.title))),
            rx.hstack(rx.badge("Revoked", color_scheme="red"),
                      rx.text("No longer offered: the society revoked it. Anyone who checks an earlier copy is "
                              "told so.", size="2"),
                      align="center", wrap="wrap")),
        spacing="2", width="100%"), width="100%")


def credentials_page() -> rx.Component:
    return page(
        "Verifiable credentials",
        rx.callout.root(rx.callout.text("Most people need only the PDF. For a licensing board or an employer, "
                                        "download your certificate as a PDF from ",
                                        rx.link("the CME Tracker", href=routes.CME), " (View, in its Certificate "
                                        "column)."),
                        color_scheme="blue", role="note", width="100%"),
        rx.text("What these files are for: each certificate of participation and each renewed term is also a "
                "signed file, an Open Badges 3.0 credential (a W3C Verifiable Credential), that software can check "
                "by itself. Add it to a digital wallet, or give the file or its address to an employer or society "
                "whose system asks for one; anyone can check it on ",
                rx.link("the verification page", href=routes.VERIFY_CREDENTIAL), "."),
        notice(CredentialsState.error),
        rx.cond(CredentialsState.items.length() > 0,
                rx.vstack(rx.foreach(CredentialsState.items, _item), spacing="3", width="100%"),
                rx.cond(CredentialsState.error == "",
                        rx.text("No credentials yet: they come with your certificates and renewals."))),
    )
