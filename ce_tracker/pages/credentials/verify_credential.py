"""Public check of a verifiable credential: upload the file or give its address on this site.

Handlers run through ``@acts(public=True)`` (one unit of work, no login). An uploaded file is read up to one byte past
the limit, so an oversized one is refused without holding more in memory. The CPU work (parsing, signing, both
proofs) runs off the event loop (``Work.off_loop``), between the transactions that read our records; wrong
guesses at one of our addresses count against the client like those on the certificate verification page.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker import routes
from ce_tracker.components.file_picker import file_picker
from ce_tracker.components.layout import field, notice, page, submit_button
from ce_tracker.config import settings
from ce_tracker.pages.forms import first_file, text
from ce_tracker.services.credentials import open_badges
from ce_tracker.services.credentials.open_badges import CredentialCheck
from ce_tracker.services.throttle import client_key
from ce_tracker.state.work import Work, acts

UPLOAD_ID = "credential_upload"


class VerifyCredentialState(rx.State):
    checked: bool = False
    trusted: bool = False
    verdict: str = ""
    facts: dict[str, str] = {}
    error: str = ""
    _data: bytes = b""

    def _show(self, result: CredentialCheck) -> None:
        self.checked, self.trusted, self.error = True, result.trusted, ""
        if not result.signature_valid or not result.ours:
            self.verdict = result.problem
        elif result.revoked:
            self.verdict = "REVOKED: this credential was issued by us but has been revoked. " + result.revoked_reason
        elif result.expired:
            self.verdict = "Signature valid, issued by us, but this credential has EXPIRED."
        else:
            self.verdict = "Signature valid: this credential was issued by us and has not been revoked."
        proofs = ", ".join(result.suites)
        self.facts = {"Signature": (f"valid ({proofs})" if proofs else "valid") if result.signature_valid
                      else "NOT valid",
                      "Issuer": result.issuer, "Credential": result.name, "Subject": result.subject,
                      "Issued": result.valid_from, "Expires": result.valid_until or "does not expire",
                      "Revoked": "yes" if result.revoked else ("no" if result.ours else "unknown"),
                      "Status list": result.status_list or ("not named" if result.ours else "unknown")}

    def _reset(self) -> None:
        self.checked, self.trusted, self.verdict, self.facts, self.error = False, False, "", {}, ""

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        """Read the chosen file, then check it in one unit of work."""
        self._reset()
        if first_file(files) is None:
            self.error = "Choose a credential file first."
            return
        self._data = await files[0].read(open_badges.MAX_BYTES + 1)
        return [rx.clear_selected_files(UPLOAD_ID), VerifyCredentialState.check_uploaded]

    @rx.event
    @acts(public=True)
    async def check_uploaded(self, w: Work):
        data, self._data = self._data, b""
        key_path = w.settings.signing_key_file
        examined = await w.off_loop(open_badges.examine, data, key_path)
        self._show(open_badges.judge(session=w.session, examined=examined, key_path=key_path,
                                     api_url=w.settings.api_url, now=w.now))

    @rx.event
    @acts(public=True)
    async def check_address(self, w: Work, form: dict):
        self._reset()
        s = w.settings
        key_path = s.signing_key_file
        prepared = open_badges.prepare_address(session=w.session, url=text(form, "address", 400), key_path=key_path,
                                               api_url=s.api_url, public_url=s.public_url,
                                               society=s.society_name, now=w.now,
                                               client=client_key(self.router.session.client_ip))
        if isinstance(prepared, CredentialCheck):
            self._show(prepared)
            return
        examined = await w.off_loop(open_badges.examine_unsigned, prepared, key_path)
        self._show(open_badges.judge(session=w.session, examined=examined, key_path=key_path,
                                     api_url=s.api_url, now=w.now))


def _upload() -> rx.Component:
    return rx.vstack(
        *file_picker(UPLOAD_ID, choose="Choose credential file",
                     hint=f"or drop it here (.json, at most {open_badges.MAX_BYTES // 1024} KB)", button="Check file",
                     on_upload=VerifyCredentialState.upload),
        spacing="2", width="100%")


def _result() -> rx.Component:
    return rx.vstack(
        rx.callout(VerifyCredentialState.verdict, color_scheme=rx.cond(VerifyCredentialState.trusted, "green", "red"),
                   role="status", width="100%"),
        rx.el.dl(rx.foreach(VerifyCredentialState.facts, lambda kv: rx.fragment(
            rx.el.dt(kv[0], font_weight="600"), rx.el.dd(kv[1], margin_left="0", margin_bottom="0.5em",
                                                         overflow_wrap="anywhere")))),
        width="100%")


def verify_credential_page() -> rx.Component:
    return page(
        "Verify a credential",
        rx.text("Check an Open Badges 3.0 credential (a .json file) issued by this society: whether its signature "
                "holds, who issued it, to whom, when, and whether it was revoked."),
        notice(VerifyCredentialState.error),
        _upload(),
        rx.form(rx.vstack(
            field("Or the credential's address on this site", "address",
                  rx.input(id="address", name="address", size="3", width="100%", max_length=400, type="url",
                           placeholder=f"{settings.api_url}{routes.CREDENTIAL_FILES}/…")),
            submit_button("Check address", width=["100%", "auto"]),
            spacing="2", width="100%"), on_submit=VerifyCredentialState.check_address, width="100%"),
        rx.cond(VerifyCredentialState.checked, _result()),
    )
