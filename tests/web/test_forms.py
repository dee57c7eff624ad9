"""Browser-sent ids: only ASCII digits make an id (issue 11: "²" passed ``isdigit`` and raised in a handler)."""

from __future__ import annotations

import pytest

from ce_tracker.pages.forms import browser_int


@pytest.mark.parametrize("sent", ["²", "1²", "١٢", "１２", "", "-1", "1.0", " 1", "9" * 12, None, ["1"], True])
def test_anything_but_plain_ascii_digits_is_no_id(sent):
    assert browser_int(sent) is None


def test_plain_digits_are_an_id():
    assert browser_int("42") == 42
