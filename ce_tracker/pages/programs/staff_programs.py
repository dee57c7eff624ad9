"""Staff: create and edit certification programs.

The rules engine checks the typed program (``rules.program_check``) and names every problem; a saved edit is a
new program version that running terms do not follow unless "apply to running terms" is ticked. The audit log
records who changed what.
"""

from __future__ import annotations

import reflex as rx

from ce_tracker.components.controls import text_input
from ce_tracker.components.layout import TOUCH, field, notice, page, submit_button
from ce_tracker.pages.forms import browser_int, text
from ce_tracker.rules.program_check import CategoryDraft, GroupDraft, ProgramDraft
from ce_tracker.services.programs import editor
from ce_tracker.state.auth import AuthState
from ce_tracker.state.work import Work, acts

SPARE_CATEGORIES = 3  # blank rows offered for new categories
SPARE_GROUPS = 2
FIELDS = (("code", "Code"), ("name", "Name"), ("term_years", "Term length (years)"),
          ("total_hours", "Total hours required"), ("recording_window_days", "Days to record credit"),
          ("approval_window_days", "Days to request approval after an activity"),
          ("review_days", "Days for the committee to decide"), ("timezone", "Time zone"))
NEW = ProgramDraft(code="", name="", term_years="", total_hours="")


def _rows(draft: ProgramDraft) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    cats = list(draft.categories) + [CategoryDraft("", "", "")] * SPARE_CATEGORIES
    groups = list(draft.groups) + [GroupDraft("", "")] * SPARE_GROUPS
    return ([{"i": str(i), "n": str(i + 1), "name": c.name, "min": c.min_hours, "max": c.max_hours, "group": c.group}
             for i, c in enumerate(cats)],
            [{"i": str(i), "n": str(i + 1), "name": g.name, "max": g.max_hours} for i, g in enumerate(groups)])


def _draft(form: dict, categories: int, groups: int) -> ProgramDraft:
    values = {key: text(form, f"program_{key}", 200) for key, _ in FIELDS}
    return ProgramDraft(**values, categories=tuple(
        CategoryDraft(text(form, f"cat_name_{i}", 100), text(form, f"cat_min_{i}", 20), text(form, f"cat_max_{i}", 20),
                      text(form, f"cat_group_{i}", 100)) for i in range(min(categories, 50))),
        groups=tuple(GroupDraft(text(form, f"group_name_{i}", 100), text(form, f"group_max_{i}", 20))
                     for i in range(min(groups, 20))))


class StaffProgramsState(AuthState):
    programs: list[dict[str, str]] = []
    editing: str = ""  # a program id, "new", or "" (the list)
    values: dict[str, str] = {}
    cat_rows: list[dict[str, str]] = []
    group_rows: list[dict[str, str]] = []
    form_key: int = 0
    error: str = ""
    message: str = ""

    def _list(self, w: Work) -> None:
        self.programs = [{"id": str(p.id), "code": p.code, "name": p.name, "version": str(p.version),
                          "terms": str(p.active_terms)}
                         for p in w.call(editor.list_programs)]

    def _open(self, key: str, draft: ProgramDraft) -> None:
        self.editing, self.values = key, {k: getattr(draft, k) for k, _ in FIELDS}
        self.cat_rows, self.group_rows = _rows(draft)
        self.form_key += 1

    @rx.event
    @acts
    def load(self, w: Work):
        self.editing = self.error = self.message = ""
        self._list(w)

    @rx.event
    @acts
    def start_new(self, w: Work):
        editor.require_editor(w.actor)
        self.error = self.message = ""
        self._open("new", ProgramDraft(**{**NEW.__dict__, "recording_window_days": "30",
                                          "approval_window_days": "30", "review_days": "14",
                                          "timezone": "America/New_York"}))

    @rx.event
    @acts
    def start_edit(self, w: Work, program_id: str):
        draft = w.call(editor.program_draft, program_id=browser_int(program_id))
        self.error = self.message = ""
        self._open(program_id, draft)

    @rx.event
    def cancel(self):
        self.editing = self.error = ""

    @rx.event
    @acts
    def save(self, w: Work, form: dict):
        draft = _draft(form, len(self.cat_rows), len(self.group_rows))
        if self.editing == "new":
            w.call(editor.create_program, draft=draft, now=w.now)
            self.message = f"Program {draft.code.strip()} created."
        else:
            applied = form.get("apply_running") in (True, "on", "true")
            version = w.call(editor.update_program, program_id=browser_int(self.editing), draft=draft,
                             apply_to_running=applied, now=w.now)
            self.message = (f"Saved as version {version.number}. " + (
                "Running terms now follow it." if applied else "Running terms keep the version they were under; "
                "new terms follow this one."))
        self.editing, self.error = "", ""
        self._list(w)


def _input(name: str, label, value) -> rx.Component:
    return text_input(name, default_value=value, aria_label=label)


def _editor() -> rx.Component:
    s = StaffProgramsState
    return rx.form(rx.vstack(
        rx.heading(rx.cond(s.editing == "new", "New program", "Edit program"), as_="h2", size="5"),
        rx.grid(*[field(label, f"program_{key}", text_input(
            f"program_{key}", default_value=s.values[key], read_only=(s.editing != "new") if key == "code" else False))
                  for key, label in FIELDS], columns=rx.breakpoints(initial="1", sm="2"), gap="0.75em", width="100%"),
        rx.heading("Categories", as_="h3", size="4"),
        rx.text("Leave no categories for a program that counts any hours. A blank maximum means no maximum; name a "
                "combined cap to count the category's hours together with others'.", size="2"),
        rx.foreach(s.cat_rows, lambda c: rx.grid(
            _input("cat_name_" + c["i"], "Category " + c["n"] + " name", c["name"]),
            _input("cat_min_" + c["i"], "Category " + c["n"] + " minimum hours", c["min"]),
            _input("cat_max_" + c["i"], "Category " + c["n"] + " maximum hours", c["max"]),
            _input("cat_group_" + c["i"], "Category " + c["n"] + " combined cap", c["group"]),
            columns=rx.breakpoints(initial="2", sm="4"), gap="0.5em", width="100%")),
        rx.heading("Combined caps", as_="h3", size="4"),
        rx.foreach(s.group_rows, lambda g: rx.grid(
            _input("group_name_" + g["i"], "Combined cap " + g["n"] + " name", g["name"]),
            _input("group_max_" + g["i"], "Combined cap " + g["n"] + " hours", g["max"]),
            columns="2", gap="0.5em", width="100%")),
        rx.cond(s.editing != "new", rx.el.label(
            rx.el.input(type="checkbox", name="apply_running", id="apply_running",
                        style={"width": "24px", "height": "24px", "flex_shrink": "0"}),
            rx.text("Apply to running terms too (otherwise they keep the rules they were opened under)"),
            html_for="apply_running", display="flex", gap="0.5em", align_items="center", min_height=TOUCH)),
        rx.flex(submit_button("Save program", width=["100%", "auto"]),
                rx.button("Cancel", type="button", variant="soft", size="3", min_height=TOUCH,
                          on_click=StaffProgramsState.cancel, width=["100%", "auto"]),
                gap="0.75em", wrap="wrap", width="100%"),
        spacing="3", width="100%"), on_submit=StaffProgramsState.save, key=s.form_key, width="100%")


def staff_programs_page() -> rx.Component:
    s = StaffProgramsState
    return page(
        "Programs",
        rx.text("Each program's rules: term length, total hours, categories with their minimum and maximum, "
                "combined caps, and the recording and request windows. Every change is checked and kept as a new "
                "version; the audit log records who changed what."),
        notice(s.error),
        notice(s.message, color="green", role="status"),
        rx.cond(s.editing != "", _editor(), rx.vstack(
            rx.foreach(s.programs, lambda p: rx.card(rx.flex(
                rx.vstack(rx.text(p["name"], " (", p["code"], ")", weight="medium"),
                          rx.text("Version ", p["version"], " · ", p["terms"], " active terms", size="2",
                                  color_scheme="gray"), spacing="0"),
                rx.spacer(),
                rx.button("Edit", type="button", size="3", min_height=TOUCH, aria_label="Edit " + p["name"],
                          on_click=StaffProgramsState.start_edit(p["id"]), margin_left="auto"),
                wrap="wrap", gap="0.5em", width="100%", align="center"), width="100%")),
            rx.button("New program", type="button", size="3", min_height=TOUCH, width=["100%", "auto"],
                      on_click=StaffProgramsState.start_new, disabled=~rx.State.is_hydrated),
            spacing="2", width="100%")),
    )
