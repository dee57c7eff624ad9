"""Every requirement a rules test proves is named in the rules' own code, so a search finds both."""

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
