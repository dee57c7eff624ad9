"""Registration of issue 13's pages (the planner and the program editor too) and backend routes, so the app
module needs a single line for them."""

from __future__ import annotations

import reflex as rx
from starlette.applications import Starlette

from ce_tracker.pages.credentials.credentials import ROUTE as CREDENTIALS
from ce_tracker.pages.credentials.credentials import CredentialsState, credentials_page
from ce_tracker.pages.credentials.verify_credential import ROUTE as VERIFY_CREDENTIAL
from ce_tracker.pages.credentials.verify_credential import verify_credential_page
from ce_tracker.pages.programs.staff_programs import ROUTE as STAFF_PROGRAMS
from ce_tracker.pages.programs.staff_programs import StaffProgramsState, staff_programs_page
from ce_tracker.pages.record.planner import ROUTE as PLANNER
from ce_tracker.pages.record.planner import PlannerState, planner_page
from ce_tracker.pages.record.staff_import import ROUTE as STAFF_IMPORT
from ce_tracker.pages.record.staff_import import StaffImportState, staff_import_page
from ce_tracker.pages.reminders.calendar import ROUTE as CALENDAR
from ce_tracker.pages.reminders.calendar import CalendarState, calendar_page
from ce_tracker.web.feeds import ROUTES


def register(app: rx.App, api: Starlette) -> None:
    app.add_page(calendar_page, route=CALENDAR, title="Calendar · CE Tracker", on_load=CalendarState.load)
    app.add_page(credentials_page, route=CREDENTIALS, title="Verifiable credentials · CE Tracker",
                 on_load=CredentialsState.load)
    app.add_page(verify_credential_page, route=VERIFY_CREDENTIAL, title="Verify a credential · CE Tracker")
    app.add_page(staff_import_page, route=STAFF_IMPORT, title="Import past records · CE Tracker",
                 on_load=StaffImportState.load)
    app.add_page(planner_page, route=PLANNER, title="Plan ahead · CE Tracker", on_load=PlannerState.load)
    app.add_page(staff_programs_page, route=STAFF_PROGRAMS, title="Programs · CE Tracker",
                 on_load=StaffProgramsState.load)
    api.router.routes.extend(ROUTES)
