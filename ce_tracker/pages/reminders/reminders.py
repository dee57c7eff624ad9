"""Which reminders a person receives: one switch per kind.

The same choice the one-click unsubscribe link in each reminder makes; turning a kind back on is only here.
"""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from ce_tracker.components.layout import TOUCH, notice, page
from ce_tracker.services.reminders import sending
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


@dataclass(frozen=True)
class ReminderRow:
    """One kind of reminder and whether the person receives it."""

    kind: str
    words: str
    on: bool


class RemindersState(AuthState):
    kinds: list[ReminderRow] = []
    loaded: bool = False  # the kinds are read: an empty list then means none are meant for this person
    error: str = ""
    message: str = ""

    def _refresh(self, w: Work) -> None:
        chosen = w.call(sending.reminder_settings)
        self.kinds = [ReminderRow(kind.value, words, bool(chosen[kind.value]))
                      for kind, words in sending.KIND_WORDS.items() if kind.value in chosen]
        self.loaded = True

    @rx.event
    @acts
    def load(self, w: Work):
        self.error = self.message = ""
        self._refresh(w)

    @rx.event
    @acts
    def toggle(self, w: Work, kind: str, on: bool):
        w.call(sending.set_reminder, kind=kind, on=on, now=w.now)
        self.error, self.message = "", "Saved."
        self._refresh(w)


def _switch(row: ReminderRow) -> rx.Component:
    return rx.card(rx.el.label(rx.flex(
        rx.switch(checked=row.on, on_change=lambda on: RemindersState.toggle(row.kind, on),
                  id="reminder-" + row.kind, size="3"),
        rx.text(row.words), gap="0.75em", align="center"),
        html_for="reminder-" + row.kind, min_height=TOUCH, display="flex", align_items="center"), width="100%")


def reminders_page() -> rx.Component:
    return page(
        "Reminders",
        notice(RemindersState.error),
        notice(RemindersState.message, color="green", role="status"),
        rx.cond(RemindersState.kinds.length() > 0, rx.fragment(
            rx.text("Choose which reminder emails you receive. Each email also has a one-click unsubscribe link."),
            rx.vstack(rx.foreach(RemindersState.kinds, _switch), spacing="2", width="100%")),
            # Reminders are a member's and the CE committee's; headquarters and the Board have none to choose.
            rx.cond(RemindersState.loaded, rx.text("No reminder emails are meant for your roles: they go to members "
                                                   "(their term's deadlines) and to the CE committee (requests "
                                                   "nearing their target)."))),
    )
