"""Requirement IDs: every one is named by a test that proves it and in the code that implements it, and the rules
name what their tests prove."""

from __future__ import annotations

import ast
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
# IDs whose work is under way on another branch at this moment, so neither a test nor the code names them yet.
# The coordinator removes each entry when that branch is merged; the last test below fails until then.
BEING_BUILT: dict[str, str] = {}  # none today (R000-27, single sign-on, is merged)


def _named_by_test_functions() -> set[str]:
    """The IDs in the names of test functions (``test_r002_03_r002_17_...`` names R002-03 and R002-17).

    Names only: an ID in a docstring or a comment says a test touches a rule, not that a test proves it, and
    ``pytest -k r000_22`` finds only what is named."""
    named = set()
    for path in TESTS.parent.rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test_"):
                named |= {f"R{a}-{b}" for a, b in re.findall(r"(?:^|_)r(00[0-9])_([0-9]{2})(?=_|$)", node.name)}
    return named


def test_every_requirement_is_named_by_a_test_function():
    """Every requirement has a test whose name says it proves it, not only a mention somewhere."""
    named = _named_by_test_functions()
    assert sorted(ALL_REQUIREMENTS - named - set(BEING_BUILT)) == []
    assert sorted(named - ALL_REQUIREMENTS) == [], "a test names an ID the requirements do not have"


def test_every_requirement_is_named_in_the_code_that_implements_it():
    """``grep -rn R000-21 ce_tracker`` finds the code (page, component or rule) as well as the tests."""
    code = RULES.parent
    named = set().union(*(_ids(p.read_text()) for p in code.rglob("*.py")))
    assert len(ALL_REQUIREMENTS) == 45
    assert sorted(ALL_REQUIREMENTS - named - set(NOT_IN_CODE) - set(BEING_BUILT)) == []
    assert sorted(set(NOT_IN_CODE) & named) == [], "an ID listed as having no code is named in the code"


def test_nothing_listed_as_being_built_is_already_named_by_a_test():
    """Once its branch is merged, an ID leaves BEING_BUILT, so the two checks above hold it like every other."""
    done = sorted(set(BEING_BUILT) & _named_by_test_functions())
    assert done == [], f"{done} named by a test now: remove from BEING_BUILT"
