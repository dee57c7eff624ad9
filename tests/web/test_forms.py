"""Browser-sent ids: only ASCII digits make an id ("²" passes ``isdigit``, and once raised in a handler)."""

from __future__ import annotations

import pytest

from ce_tracker.pages.forms import browser_int


@pytest.mark.parametrize("sent", ["²", "1²", "١٢", "１２", "", "-1", "1.0", " 1", "9" * 12, None, ["1"], True])
def test_anything_but_plain_ascii_digits_is_no_id(sent):
    assert browser_int(sent) is None


def test_plain_digits_are_an_id():
    assert browser_int("42") == 42


class Upload:
    """A stand-in for rx.UploadFile that remembers how many bytes were asked for."""

    def __init__(self, data: bytes, size: int | None = None):
        self.data, self.size, self.asked = data, size, []

    async def read(self, n: int = -1) -> bytes:
        self.asked.append(n)
        return self.data if n < 0 else self.data[:n]


def test_an_upload_is_read_only_to_one_byte_over_the_limit():
    """The registrations CSV was read whole whatever its size (``files[0].read()``); now at most limit + 1."""
    from ce_tracker.pages.forms import read_upload
    from tests.utils import aio
    big = Upload(b"x" * 1000)
    assert aio.run(read_upload(big, 10)) is None and big.asked == [11]
    exact = Upload(b"x" * 10)
    assert aio.run(read_upload(exact, 10)) == b"x" * 10
    declared = Upload(b"", size=11)
    assert aio.run(read_upload(declared, 10)) is None and declared.asked == []
