"""Credentials' demo: the member has a calendar feed and two credits imported from past records; Marcus Bell's
certificate of last year's conference was revoked, so the verification pages, his credentials page (listed, no
longer offered) and the staff look-up show what a revocation looks like.

When CE_SIGNING_KEY_FILE names a file that does not exist yet, the demo creates the key there, so a
newcomer's demo can download and verify credentials at once (a real deployment runs ``keygen`` itself).
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import select

from ce_tracker import routes
from ce_tracker.config import settings
from ce_tracker.models import Certificate, Member
from ce_tracker.rules import CMI, local_date
from ce_tracker.services.accounts.actors import load_actor
from ce_tracker.services.credentials import signing
from ce_tracker.services.events import certificates
from ce_tracker.services.record import past_records
from ce_tracker.services.reminders import calendar_feed


def seed(session, *, people: dict[str, Member], now: datetime) -> None:
    member, staff = load_actor(session, people["member"].id), load_actor(session, people["staff"].id)
    today = local_date(CMI, now)
    number = people["member"].member_number
    csv_text = ("member_number,category,hours,completed_on,title,provider\n"
                f"{number},Art,3,{today - timedelta(days=610)},Figure drawing intensive (paper records),"
                "Studio League\n"
                f"{number},History,1.5,{today - timedelta(days=540)},History of anatomical atlases,Medical Museum\n")
    past_records.commit(session=session, actor=staff, csv_text=csv_text, now=now)
    token = calendar_feed.create_feed(session=session, actor=member, now=now)
    print(f"Demo calendar feed of member@demo.test: {settings.api_url}{routes.calendar_feed(token)}", file=sys.stderr)
    revoked = session.exec(select(Certificate).where(Certificate.member_id == people["marcus.bell"].id)
                           .order_by(Certificate.issued_at)).first()
    certificates.revoke(session=session, actor=staff, number=revoked.number, now=now,
                        reason="Attendance on the second day could not be confirmed from the sign-in sheets.")
    print(f"Demo revoked certificate: {revoked.number}", file=sys.stderr)
    key = settings.signing_key_file
    if key and not Path(key).exists():
        print(f"Demo signing key created at {key}: {signing.generate_key_file(key)}", file=sys.stderr)
