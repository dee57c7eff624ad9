"""The society's own words come from configuration and the program's data, checked and limited.

R000-20 and R002-16 (help and contacts), R002-02 and R000-07 (the places the instructions name).
"""

from __future__ import annotations

import pytest

from ce_tracker import config
from ce_tracker.components import faq
from ce_tracker.rules import CMI


def _load(monkeypatch, **env) -> config.Settings:
    for name in ("CE_SOCIETY_NAME", "CE_SOCIETY_SHORT_NAME", "CE_CREDENTIAL_NAME", "CE_CREDENTIAL_ABBREVIATION",
                 "CE_COMMITTEE_CHAIR_NAME", "CE_COMMITTEE_CHAIR_EMAIL", "CE_COMMITTEE_VICE_CHAIR_NAME",
                 "CE_COMMITTEE_VICE_CHAIR_EMAIL", "CE_MEMBERSHIP_EMAIL", "CE_SUPPORT_EMAIL", "CE_COMMITTEE_EMAIL",
                 "CE_DESIGNATED_MEETINGS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return config.load_settings()


def test_r000_20_defaults_come_from_the_installed_program_and_name_no_real_person(monkeypatch):
    s = _load(monkeypatch)
    assert (s.society_short_name, s.credential_name, s.credential_abbreviation) == ("AMI", CMI.name, CMI.code)
    assert s.committee_chair == ("CE Committee Chair", "ce-committee@ce-tracker.local")
    assert s.committee_vice_chair == ("CE Committee Vice Chair", "ce-committee@ce-tracker.local")
    assert s.membership_email == "membership@ce-tracker.local"
    assert s.designated_meetings == "the AMI and GNSI meetings"


def test_r000_20_another_society_sees_its_own_names(monkeypatch):
    s = _load(monkeypatch, CE_SOCIETY_NAME="American Institute of Ultrasound in Medicine",
              CE_CREDENTIAL_NAME="Registered Sonographer", CE_CREDENTIAL_ABBREVIATION="RS",
              CE_COMMITTEE_CHAIR_NAME="Pat Chair", CE_COMMITTEE_CHAIR_EMAIL="chair@aium.example",
              CE_MEMBERSHIP_EMAIL="membership@aium.example")
    assert (s.society_short_name, s.credential_name, s.credential_abbreviation) == (
        "AIUM", "Registered Sonographer", "RS")
    assert s.committee_chair == ("Pat Chair", "chair@aium.example")
    assert s.membership_email == "membership@aium.example"
    assert s.designated_meetings == "the AIUM meetings"


@pytest.mark.parametrize("address", ["not an address", "x@y", "a@b@c.org", "a@b.org?cc=all@evil.example",
                                     "<script>@x.org", "a@b.org\"onclick=x", "a" * 250 + "@b.org", ""])
def test_r000_20_a_malformed_contact_address_is_left_out(monkeypatch, address):
    s = _load(monkeypatch, CE_COMMITTEE_CHAIR_EMAIL=address, CE_MEMBERSHIP_EMAIL=address or " ")
    assert s.committee_chair[1] == "" and s.membership_email == ""


def test_r000_20_configured_labels_are_one_line_and_length_limited(monkeypatch):
    s = _load(monkeypatch, CE_COMMITTEE_CHAIR_NAME="  Dr.\n<b>Long</b>   " + "n" * 300,
              CE_SOCIETY_SHORT_NAME="X" * 50, CE_CREDENTIAL_NAME="   ")
    assert "\n" not in s.committee_chair[0] and len(s.committee_chair[0]) == config.NAME_LIMIT
    assert s.committee_chair[0].startswith("Dr. <b>Long</b> ")  # kept as text: Reflex escapes it on the page
    assert len(s.society_short_name) == 20 and s.credential_name == CMI.name


def test_r000_20_a_contact_without_an_address_is_omitted_not_an_empty_link():
    assert str(faq._contact("CE Committee Chair", ("Pat Chair", ""))) == str(faq.rx.fragment())
    rendered = str(faq._contact("CE Committee Chair", ("Pat Chair", "chair@aium.example")))
    assert "mailto:chair@aium.example" in rendered and "Pat Chair, CE Committee Chair" in rendered


def _answers(program, slug: str) -> str:
    return " ".join(next(t for t in faq.topics(faq.program_words(program)) if t.slug == slug).answers)


def test_r000_20_the_faq_numbers_are_the_programs():
    text = _answers(CMI, "hours")
    assert "A total of 35 CE credit hours over your 5-year certification period" in text
    assert "Art: 14 hours minimum required (21 hours maximum)" in text
    assert "Business and History (both optional): 7 hours maximum combined" in text


def test_r000_20_the_help_says_the_program_as_staff_last_saved_it(session):
    """The help reads the program when the page loads: an edit shows at once, never the numbers of startup."""
    from ce_tracker.models import Role
    from ce_tracker.rules.program_check import ProgramDraft
    from ce_tracker.services.programs import editor
    from ce_tracker.services.programs.store import society_program
    from tests.utils import factories as f

    staff, row = f.person(session, Role.STAFF), f.program(session)
    assert "A total of 35 CE credit hours over your 5-year" in _answers(society_program(session=session), "hours")
    draft = editor.program_draft(session=session, actor=staff, program_id=row.id)
    editor.update_program(session=session, actor=staff, program_id=row.id, apply_to_running=False,
                          now=f.at(f.date(2026, 12, 2)),
                          draft=ProgramDraft(**{**draft.__dict__, "total_hours": "40", "term_years": "6"}))
    edited = society_program(session=session)
    assert "A total of 40 CE credit hours over your 6-year" in _answers(edited, "hours")
    assert "another 40 hours" in _answers(edited, "renew") and "6-year term" in _answers(edited, "renew")
