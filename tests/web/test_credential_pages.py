"""The credential pages' handlers, called as the browser's events call them (each on a stand-in for its tab).

The check of a credential is CPU work (two proofs, one of them a JSON-LD canonicalization) on a public page: it
runs in a worker thread, so the event loop keeps serving everyone else meanwhile. The staff look-up page refuses
whoever is not staff, in the service.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlmodel import select

from ce_tracker import config, db
from ce_tracker.clock import utcnow
from ce_tracker.models import Certificate, Role
from ce_tracker.pages.credentials.verify_credential import VerifyCredentialState
from ce_tracker.pages.events.staff_certificates import StaffCertificatesState
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.credentials import open_badges, signing
from ce_tracker.services.events import cme
from tests.utils import aio
from tests.utils import factories as f


@pytest.fixture
def issued(engine, units, monkeypatch, tmp_path):
    """A certificate's credential as its member downloaded it, with the app pointed at the test database and key."""
    monkeypatch.setattr(db, "get_engine", lambda: engine)
    key = tmp_path / "society.pem"
    signing.generate_key_file(key)
    settings = replace(config.settings, signing_key_file=str(key))
    monkeypatch.setattr(config, "settings", settings)  # what every event's ``w.settings`` reads
    end = local_date(CMI, utcnow()) - timedelta(days=3)
    with units() as session:
        member = f.person(session, certified_on=end - timedelta(days=700))
        activity = f.event(session, ends_on=end, days=1)
        [day] = f.event_days(session, activity)
        f.register(session, member, day)
        cme.save_day(session=session, actor=member, event_day_id=day.id, value="4", now=utcnow())
        cme.submit_event(session=session, actor=member, activity_id=activity.id, now=utcnow())
        certificate = session.exec(select(Certificate)).one()
        document = open_badges.credential_at(session=session, path=open_badges.cert_path(certificate),
                                             key_path=str(key), api_url=settings.api_url,
                                             public_url=settings.public_url, society="AMI", now=utcnow())
    return SimpleNamespace(member=member, certificate=certificate, data=json.dumps(document).encode())


class VerifyTab(SimpleNamespace):
    """What the verification handlers read and write of their tab: nobody signed in."""

    _show = VerifyCredentialState.__dict__["_show"]
    _reset = VerifyCredentialState.__dict__["_reset"]

    def _actor(self, session):
        return None


def test_review_m1_the_credential_check_runs_off_the_event_loop(issued):
    tab = VerifyTab(_data=issued.data, checked=False, trusted=False, verdict="", facts={}, error="")
    turns = {"during": 0}

    async def check_while_others_are_served():
        done = asyncio.Event()

        async def others():  # everyone else's events: they get turns only while the check is off the loop
            while not done.is_set():
                turns["during"] += 1
                await asyncio.sleep(0)

        other = asyncio.create_task(others())
        await asyncio.sleep(0)
        turns["during"] = 0
        await VerifyCredentialState.check_uploaded.fn(tab)
        done.set()
        await other

    aio.run(check_while_others_are_served())
    assert tab.error == "" and tab.trusted, tab.verdict
    assert tab.facts["Signature"] == "valid (eddsa-rdfc-2022, eddsa-jcs-2022)"
    assert tab.facts["Status list"] == "not revoked"
    assert turns["during"] > 10  # the loop ran other events while both proofs were checked


class StaffTab(SimpleNamespace):
    """The staff page's tab, signed in as ``who``."""

    _look_up = StaffCertificatesState.__dict__["_look_up"]

    def _actor(self, session):
        return load_actor(session, self.who)

    def _refuse(self, var, message):
        setattr(self, var, message)


def _staff_tab(member_id: int) -> StaffTab:
    return StaffTab(who=member_id, number="", checked=False, found=False, shown_number="", issued="", revoked="",
                    details={}, certificate_href="", error="", message="", revoke_error="", form_key=0, _number="")


def test_review_l2_a_member_cannot_look_certificates_up_on_the_staff_page(issued, units):
    tab = _staff_tab(issued.member.member_id)
    StaffCertificatesState.look_up.fn(tab, {"number": issued.certificate.number})
    assert not tab.found and tab.details == {} and "staff" in tab.error
    with units() as session:
        staff = f.person(session, Role.STAFF)
    tab = _staff_tab(staff.member_id)
    StaffCertificatesState.look_up.fn(tab, {"number": issued.certificate.number})
    assert tab.found and tab.error == "" and tab.details["total"] == "4 credits"
