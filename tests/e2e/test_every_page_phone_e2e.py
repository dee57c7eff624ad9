"""Every page of each role on a 360 px phone: axe, no sideways scroll, nothing under the tab bar,
no script error, More's names as the pages' titles, no refusal (R000-19); see ``tests.e2e.every_page``."""

from __future__ import annotations

import pytest

from tests.e2e.every_page import ROLES, visit_every_page


@pytest.mark.parametrize("role", ROLES)
def test_r000_19_every_page_of_each_role_on_a_phone(browser, app, role):
    visit_every_page(browser, app, role, "phone")
