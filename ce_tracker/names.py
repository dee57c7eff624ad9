"""The names the society's own instructions give to places, buttons and forms.

A member follows the society's emails and web pages ("Select My Account", "Under My AIUM CMEs and Events
select CME Tracker", "navigate to Certified Medical Illustrator Renewal, then Continuing Education"), so the
app uses those names word for word. The parts that differ between societies (the society's short name, the
credential's name and abbreviation) come from configuration, by default from the program the app installs
(``rules.CMI``), never from page code, so another society sees its own.
"""

from __future__ import annotations

from ce_tracker.config import settings

MY_ACCOUNT = "My Account"  # upper right on every page (second seed, step 2)
EVENTS_SECTION = f"My {settings.society_short_name} CMEs and Events"  # bottom of the member's page (step 4)
CME_TRACKER = "CME Tracker"
ENTER_CREDITS = "Enter Credits"
CREDITS_EARNED = "Credits Earned"
CERTIFICATE = "Certificate"
FORGOT_PASSWORD = "Forgot Password?"  # below the Login button (step 3; R002-17)
# R000-21: the path a member follows, in the society's words: renewal area, Continuing Education, the
# category, Education Opportunities.
RENEWAL_AREA = f"{settings.credential_name} Renewal"  # first seed: "Certified Medical Illustrator Renewal"
CONTINUING_EDUCATION = "Continuing Education"
UPCOMING_COURSES = "Upcoming Courses"
EDUCATION_OPPORTUNITIES = "Education Opportunities"
ELIGIBILITY_FORM = f"{settings.credential_abbreviation} CE Eligibility Form"  # "CMI CE Eligibility Form"
