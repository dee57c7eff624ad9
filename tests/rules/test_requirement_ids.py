"""Requirement IDs: every one is named in the code that implements it, and the rules name what their tests prove."""

from __future__ import annotations

import re
from pathlib import Path

RULES = Path(__file__).resolve().parents[2] / "ce_tracker" / "rules"
TESTS = Path(__file__).resolve().parent


def _ids(text: str) -> set[str]:
    """R000-08 from "R000-08" or from a test name such as test_r000_08_..."""
    found = {m.upper() for m in re.findall(r"R00[0-9]-[0-9]{2}", text)}
    found |= {f"R{a}-{b}" for a, b in re.findall(r"\br(00[0-9])_([0-9]{2})", text)}
    return found


def test_each_requirement_the_rules_tests_prove_is_named_in_the_rules():
    tested = set().union(*(_ids(p.read_text()) for p in TESTS.glob("test_*.py") if p.name != Path(__file__).name))
    named = set().union(*(_ids(p.read_text()) for p in RULES.glob("*.py")))
    assert tested, "the rules tests name no requirement"
    assert sorted(tested - named) == []


# The requirements drawn from the two seeds (the project's REQUIREMENTS list): R000-01 to R000-27 from the
# first seed (CE credit for the credential; R000-27, signing in with the society's account), R002-01 to R002-18
# from the second (CME credits for a live event).
ALL_REQUIREMENTS = {f"R000-{n:02d}" for n in range(1, 28)} | {f"R002-{n:02d}" for n in range(1, 19)}
NOT_IN_CODE: dict[str, str] = {}  # an ID with no implementation, and why; none today


def test_every_requirement_is_named_in_the_code_that_implements_it():
    """``grep -rn R000-21 ce_tracker`` finds the code (page, component or rule) as well as the tests."""
    code = RULES.parent
    named = set().union(*(_ids(p.read_text()) for p in code.rglob("*.py")))
    assert len(ALL_REQUIREMENTS) == 45
    assert sorted(ALL_REQUIREMENTS - named - set(NOT_IN_CODE)) == []
    assert sorted(set(NOT_IN_CODE) & named) == [], "an ID listed as having no code is named in the code"
