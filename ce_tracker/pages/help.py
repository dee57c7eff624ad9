"""Help: the full FAQ on the CE and CME tracking, and whom to ask (R000-20, R002-16).

The content lives in ``components/faq.py``; the program's numbers in it are read when the page loads (staff may
have edited the program since the app started), the society's names and contacts come from configuration.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker.components.faq import ProgramWords, faq, program_words
from ce_tracker.components.layout import page
from ce_tracker.services.programs.store import society_program
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts


class HelpState(AuthState):
    """The program's numbers as the FAQ says them, read at each load."""

    hours_rule: str = ""
    term_years: str = ""
    total_hours: str = ""
    read: bool = False

    @rx.event
    @acts(public=True)
    def load(self, w: Work):
        words = program_words(society_program(session=w.session))
        self._assign(hours_rule=words.hours_rule, term_years=words.term_years, total_hours=words.total_hours,
                     read=True)


def help_page() -> rx.Component:
    return page(
        "Help",
        rx.text("How to use the CE tracking system, in the words of the society's instructions."),
        faq(ProgramWords(HelpState.hours_rule, HelpState.term_years, HelpState.total_hours, HelpState.read)),
    )
