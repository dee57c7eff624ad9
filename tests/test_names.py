"""Names say what: no issue number in the code, its docstrings and comments, the tests, or a file's name.

An issue number explains a line only to someone who has the tracker open at that issue; the next reader needs
what the code does and which requirement (R000-xx, R002-xx) it serves.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("ce_tracker", "tests")
# "issue 13", "issues 12", "Issue #8", "item 5", "items 2 and 4", "I13-4", test_issue13_..., test_i13_4_...
PHRASE = re.compile(r"(?i)\bissues? ?#?\d+|\bitems? \d+\b|\bI\d{1,2}-\d+\b|issue\d+|(?:\b|_)i\d{1,2}_\d+_")
NAMES = re.compile(r"(?i)issue|beyond")  # beyond.py held "what issue 13 added"
SKIPPED = {"__pycache__", "node_modules"}  # other people's code, installed by the test command


def _files() -> list[Path]:
    return [path for folder in FOLDERS for path in sorted((ROOT / folder).rglob("*"))
            if path.is_file() and path.suffix in (".py", ".md", ".txt", ".toml", ".json", ".css", ".js")
            and not SKIPPED & set(path.parts)]


def test_the_scan_knows_the_phrases():
    for said in ("routes of issue 13", "(I13-2)", "item 5: throttling", "test_issue12_3_x", "test_i13_4_x", "Issue #8"):
        assert PHRASE.search(said), said
    for fine in ("R000-17", "an item in the list", "5 items", "an issue with the file", "iso 8601", "api13_4_x"):
        assert not PHRASE.search(fine), fine


def test_no_issue_numbers_in_the_code_or_the_tests():
    this = Path(__file__).resolve()
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}"
             for path in _files() if path != this
             for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
             if PHRASE.search(line)]
    assert found == [], "say what the code does instead:\n" + "\n".join(found)


def test_no_file_is_named_for_an_issue():
    named = [str(path.relative_to(ROOT)) for folder in FOLDERS for path in (ROOT / folder).rglob("*")
             if NAMES.search(path.name) and not SKIPPED & set(path.parts)]
    assert named == []
