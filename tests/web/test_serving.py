"""One way through the backend's HTTP routes (``web/serving.py``): one status table for every refusal, path
values checked before the cookie is read, and the login redirect back to the download's page."""

from __future__ import annotations

import pytest

from ce_tracker.services.credentials.signing import KeyMissing
from ce_tracker.services.errors import Conflict, DomainError, Invalid, NotAllowed, NotFound, Throttled
from ce_tracker.web.serving import status_of


@pytest.mark.parametrize("refusal, status", [
    (Invalid("bad"), 400), (NotAllowed("no"), 403), (NotFound("gone"), 404), (Conflict("moved on"), 409),
    (Throttled("slow down"), 429), (KeyMissing("no key"), 503), (DomainError("anything else"), 400),
])
def test_every_refusal_has_its_status_from_one_table(refusal, status):
    assert status_of(refusal) == status


def test_a_value_the_route_does_not_serve_is_a_404_before_the_cookie_is_read(client):
    for address in ("/files/record.xlsx", "/files/renewal/other.pdf"):
        response = client.get(address, follow_redirects=False)
        assert response.status_code == 404 and response.headers["cache-control"] == "private, no-store"


@pytest.mark.parametrize("address, back_to", [
    ("/files/record.csv", "/login?next=/record"), ("/files/renewal/invoice.pdf", "/login?next=/renewal"),
    ("/files/board/certificants.csv", "/login?next=/board"), ("/files/certificates/AMI-1.pdf",
                                                               "/login?next=/certificates/AMI-1"),
])
def test_nobody_signed_in_is_sent_to_log_in_and_back(client, address, back_to):
    response = client.get(address, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith(back_to)
