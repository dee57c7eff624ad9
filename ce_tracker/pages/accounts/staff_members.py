"""Staff: find accounts, open new ones, change who holds which role, and see or undo the link between an
account and the person's account at the society (single sign-on, R000-27).

The list shows display strings only. The one id that goes to the browser (to
say whose roles to change) comes back as untrusted text: it is read with a
strict digit check and the service refuses anything that is not an account.
The service also decides who may do any of this (staff only).
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker.components import wording
from ce_tracker.components.controls import text_input
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.config import settings
from ce_tracker.formatting import long_date
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.services.accounts import members, oidc
from ce_tracker.services.accounts.members import MemberRow, NewMember, Role
from ce_tracker.services.errors import NotAllowed
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

ROLES = (("member", "Member"), ("reviewer", "Reviewer"), ("staff", "Staff"), ("board", "Board of Certification"))


def _roles(form: object) -> tuple[Role, ...]:
    """The ticked role boxes; only the known names are read."""
    return tuple(Role(name) for name, _ in ROLES if text(form, f"role_{name}", 20))


HOW_LINKED = {"member_number": "by member ID", "email": "by verified email",
              "new_account": "when the account was opened"}


def _link_text(link: oidc.LinkView | None) -> str:
    """"Linked to the AMI account by member ID on December 5, 2026 (last sign-in ...)", or "" when not linked."""
    if link is None:
        return ""
    last = f"; last sign-in {long_date(link.last_sign_in_at.date())}" if link.last_sign_in_at else ""
    return (f"Linked to the {settings.society_short_name} account {HOW_LINKED.get(link.linked_by, '')} on "
            f"{long_date(link.linked_at.date())}{last}.")


@dataclass(frozen=True)
class AccountRow:
    """One account as the list shows it, with a flag per role (named as in ``ROLES``)."""

    id: str
    name: str
    number: str
    email: str
    roles: str  # in words: "Member, Reviewer" or "No role"
    link: str  # how the account is linked to the society's sign-in, in words; "" when it is not
    member: bool
    reviewer: bool
    staff: bool
    board: bool


def _row(m: MemberRow, link: oidc.LinkView | None = None) -> AccountRow:
    return AccountRow(str(m.id), m.full_name, m.member_number, m.email,
                      ", ".join(r.capitalize() for r in m.roles) or "No role", _link_text(link),
                      **{name: name in m.roles for name, _ in ROLES})


class StaffMembersState(AuthState):
    allowed: bool = True
    query: str = ""
    accounts: list[AccountRow] = []
    count_text: str = ""
    editing: str = ""  # whose inline roles form is open (display only)
    error: str = ""
    message: str = ""
    create_error: str = ""
    create_message: str = ""
    create_key: int = 0
    create_hint: str = "The person gets an email with a link to choose their own password."

    def _refresh(self, w: Work) -> None:
        rows = w.call(members.list_members, query=self.query)
        links = w.call(oidc.links_for, member_ids=[m.id for m in rows])
        self.accounts = [_row(m, links.get(m.id)) for m in rows]
        shown = len(self.accounts)
        self.count_text = (wording.count(shown, "account")
                           + (f" matching “{self.query}”" if self.query else "")
                           + (" (the first 200; narrow the search to see others)" if shown >= 200 else ""))

    def _refresh_or_refuse(self, w: Work) -> None:
        try:
            self._refresh(w)
            self.allowed = True
        except NotAllowed as error:
            self.allowed, self.accounts, self.error = False, [], error.message

    @rx.event
    @acts
    def load(self, w: Work):
        if not settings.member_passwords:  # R000-27: members keep no password of ours
            self.create_hint = (f"A member gets an email saying to sign in with their {settings.society_short_name} "
                                "account; staff get a link to choose a password.")
        self.query, self.editing, self.error, self.message = "", "", "", ""
        self.create_error, self.create_message = "", ""
        self._refresh_or_refuse(w)

    @rx.event
    @acts
    def search(self, w: Work, form: dict):
        self.query = " ".join(text(form, "q", 100).split())
        self.editing, self.message, self.error = "", "", ""
        self._refresh_or_refuse(w)

    @rx.event
    @acts(error="create_error")
    def create(self, w: Work, form: dict):
        self.create_message = ""
        new = NewMember(full_name=text(form, "full_name", 200), email=text(form, "email", 300),
                        username=text(form, "username", 100), roles=_roles(form),
                        certified_on=text(form, "certified_on", 20))
        member = w.call(members.create_member, new=new, now=w.now, settings=w.settings)
        w.mail_after()
        self.create_error = ""
        told = (f"a link to choose a password; it works for 7 days."
                if settings.member_passwords or Role.STAFF in new.roles
                else f"how to sign in with the {settings.society_short_name} account.")
        self.create_message = (f"Account created for {member.full_name} (member ID {member.member_number}). "
                               f"We emailed {member.email} {told}")
        self.create_key += 1  # a fresh, empty form
        self.query = ""
        self._refresh_or_refuse(w)

    @rx.event
    @acts
    def unlink(self, w: Work, member_id: str):
        """Undo the link to the society's account (audited); the person's next sign-in with it links again."""
        number = browser_int(member_id if isinstance(member_id, str) else "")
        if number is None:
            self.error, self.message = "No such account.", ""
            return
        oidc.unlink(session=w.session, actor=w.actor, member_id=number, now=w.now)
        name = next((a.name for a in self.accounts if a.id == str(number)), "the account")
        self.error, self.message = "", f"The {settings.society_short_name} account link is undone for {name}."
        self._refresh_or_refuse(w)

    @rx.event
    @acts
    def edit_roles(self, w: Work, member_id: str):
        self.editing = member_id if isinstance(member_id, str) and len(member_id) < 12 else ""
        self.message, self.error = "", ""

    @rx.event
    def cancel_edit(self):
        self.editing = ""

    @rx.event
    @acts
    def save_roles(self, w: Work, form: dict):
        member_id = browser_int(text(form, "member_id", 12))
        if member_id is None:  # not even a number: no account has it (the service checks real ones)
            self.error, self.message = "No such account.", ""
            return
        w.call(members.set_roles, member_id=member_id, roles=_roles(form))
        name = next((a.name for a in self.accounts if a.id == str(member_id)), "the account")
        self.editing, self.error, self.message = "", "", f"Roles saved for {name}."
        w.actor = self._actor(w.session)  # one's own roles may have changed: refresh the menus
        if w.actor is None:
            return self._to_login()
        self._refresh_or_refuse(w)


# --- Components ------------------------------------------------------------------------------------

def _checkbox(label: str, name: str, checked, aria_label=None) -> rx.Component:
    """A native checkbox inside its label: the whole 44 px row is the touch target."""
    box = rx.el.input(type="checkbox", name=name, value="on", default_checked=checked,
                      width="20px", height="20px", margin="0", flex_shrink="0",
                      **({"aria_label": aria_label} if aria_label is not None else {}))
    return rx.el.label(box, label, display="flex", align_items="center", gap="0.5em", min_height=TOUCH,
                       padding_right="1em", cursor="pointer")


def _role_boxes(legend, checks: dict, labels: dict | None = None) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(legend, font_weight="500"),
        rx.flex(*[_checkbox(title, f"role_{name}", checks[name], labels[name] if labels else None)
                  for name, title in ROLES], wrap="wrap", column_gap="0.5em"),
        border="none", padding="0", margin="0", min_width="0",
    )


def _roles_form(row: AccountRow) -> rx.Component:
    return rx.form(
        rx.el.input(type="hidden", name="member_id", value=row.id),
        rx.vstack(
            _role_boxes("Roles for " + row.name, {name: getattr(row, name) for name, _ in ROLES},
                        {name: title + " role for " + row.name for name, title in ROLES}),
            rx.flex(
                submit_button("Save roles", aria_label="Save roles for " + row.name),
                rx.button("Cancel", type="button", variant="soft", color_scheme="gray", min_height=TOUCH,
                          on_click=StaffMembersState.cancel_edit),
                spacing="3", wrap="wrap"),
            spacing="2", width="100%",
        ),
        on_submit=StaffMembersState.save_roles, width="100%", key="roles-" + row.id,
    )


def _account_card(row: AccountRow) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.flex(
                rx.vstack(
                    rx.text(row.name, weight="bold"),
                    rx.text("Member ID ", row.number, size="2"),
                    rx.text(row.email, size="2", color_scheme="gray", overflow_wrap="anywhere"),
                    rx.text("Roles: ", row.roles, size="2"),
                    rx.cond(row.link != "", rx.text(row.link, size="2")),
                    spacing="0", min_width="0", flex="1 1 12em",
                ),
                rx.flex(
                    rx.cond(StaffMembersState.editing != row.id,
                            rx.button("Edit roles", type="button", variant="soft", min_height=TOUCH,
                                      aria_label="Edit roles for " + row.name,
                                      on_click=StaffMembersState.edit_roles(row.id))),
                    rx.cond(row.link != "",
                            rx.button("Undo link", type="button", variant="soft", color_scheme="gray",
                                      min_height=TOUCH,
                                      aria_label=f"Undo the {settings.society_short_name} account link for "
                                                 + row.name,
                                      on_click=StaffMembersState.unlink(row.id))),
                    gap="0.5em", wrap="wrap",
                ),
                wrap="wrap", gap="0.5em", align="start", justify="between", width="100%",
            ),
            rx.cond(StaffMembersState.editing == row.id, _roles_form(row)),
            spacing="2", width="100%",
        ),
        width="100%", role="group", aria_label=row.name,
    )


def _search() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label("Search accounts", html_for="q", font_weight="500"),
            rx.flex(
                text_input("q", type="search", max_length=100, flex="1 1 12em", width="auto", min_width="0",
                       placeholder="Name, email or ID", auto_complete="off", default_value=StaffMembersState.query),
                submit_button("Search"),
                gap="0.5em", wrap="wrap", width="100%",
            ),
            spacing="1", width="100%",
        ),
        on_submit=StaffMembersState.search, width="100%", role="search",
    )


def _create_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            notice(StaffMembersState.create_error),
            field("Full name", "full_name",
                  text_input("full_name", required=True, max_length=120, auto_complete="off")),
            field("Email", "email",
                  text_input("email", type="email", required=True, max_length=254, auto_complete="off")),
            field("Username", "username", text_input("username", required=True, max_length=60, auto_complete="off"),
                  "3 to 60 lowercase letters, digits, dots, dashes or underscores, with at least one letter."),
            _role_boxes("Roles", {"member": True, "reviewer": False, "staff": False, "board": False}),
            field("Certification start date (optional)", "certified_on",
                  text_input("certified_on", type="date", max_width="16em"),
                  "For a certified member: starts their certification term on this date."),
            submit_button("Create account", width=["100%", "auto"]),
            spacing="3", width="100%",
        ),
        on_submit=StaffMembersState.create, width="100%", max_width="520px", key=StaffMembersState.create_key,
    )


def _content() -> rx.Component:
    return rx.vstack(
        rx.link("Create an account", href="#create-account", min_height=TOUCH, display="flex",
                align_items="center"),
        _search(),
        rx.cond(StaffMembersState.message != "",
                rx.callout(StaffMembersState.message, color_scheme="green", role="status", width="100%")),
        notice(StaffMembersState.error),
        rx.text(StaffMembersState.count_text, size="2", color_scheme="gray", role="status"),
        rx.vstack(rx.foreach(StaffMembersState.accounts, _account_card), spacing="2", width="100%"),
        rx.heading("Create account", as_="h2", size="5", margin_top="1em", id="create-account"),
        rx.text(StaffMembersState.create_hint, size="2"),
        rx.cond(StaffMembersState.create_message != "",
                rx.callout(StaffMembersState.create_message, color_scheme="green", role="status", width="100%")),
        _create_form(),
        spacing="3", width="100%",
    )


def staff_members_page() -> rx.Component:
    return page(
        "Members",
        rx.cond(StaffMembersState.allowed, _content(), notice(StaffMembersState.error)),
    )
