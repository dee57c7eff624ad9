"""Member pages at 360 px: no horizontal scrolling, touch targets of at least 44 px."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from ce_tracker.clock import utcnow
from ce_tracker.models import Member
from ce_tracker.rules import CMI, local_date
from tests.utils import factories as f
from tests.utils.ui import assert_accessible, log_in

pytestmark = pytest.mark.e2e

SMALL = """() => {
  const small = [];
  for (const el of document.querySelectorAll('main a, main button, main input, header a, header button')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || el.type === 'hidden') continue;
    if (el.tagName === 'A' && el.closest('p')) continue;  // links inside a sentence: WCAG 2.5.8's inline exception
    if (r.height < 44 || (el.tagName === 'BUTTON' && r.width < 44))
      small.push(`${el.tagName} "${(el.getAttribute('aria-label') || el.textContent).trim()}" ${r.width}x${r.height}`);
  }
  return small;
}"""


def _check_layout(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "horizontal scrolling"
    assert page.evaluate(SMALL) == []


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  device_scale_factor=2)
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def test_member_pages_fit_360_px_with_44_px_targets(phone, app, units):
    today = local_date(CMI, utcnow())
    with units() as session:
        actor = f.person(session, name="Narrow Screen", certified_on=today - timedelta(days=500))
        activity = f.event(session, ends_on=today - timedelta(days=1), title="Pocket Conference")
        f.register(session, actor, *f.event_days(session, activity))
        email = session.get(Member, actor.member_id).email
    log_in(phone, app, email, f.PASSWORD)
    _check_layout(phone)
    for path in ("/cme", f"/cme/{activity.id}", "/account/password", "/help", "/verify"):
        phone.goto(f"{app.url}{path}")
        phone.get_by_role("heading", level=1).wait_for()
        phone.wait_for_timeout(300)
        _check_layout(phone)
        assert_accessible(phone)
    phone.goto(f"{app.url}/cme/{activity.id}")
    edit = phone.get_by_role("button", name=re.compile(r"^Edit ")).first
    edit.click()
    box = phone.get_by_role("textbox").first
    expect(box).to_have_attribute("inputmode", "decimal")  # the phone opens its numeric keyboard
    _check_layout(phone)
    assert_accessible(phone)
