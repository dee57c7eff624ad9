"""The member's renewal invoice and receipt PDFs, and the reminders' one-click unsubscribe.

The PDFs are the signed-in member's own (found from the session cookie, never from an id in the URL). The
unsubscribe address carries a random token whose hash is stored: GET shows a one-button form (link scanners must
not unsubscribe anyone), POST unsubscribes, as RFC 8058's List-Unsubscribe-Post one-click asks.
"""

from __future__ import annotations

import html

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ce_tracker import routes
from ce_tracker.clock import utcnow
from ce_tracker.config import settings
from ce_tracker.db import unit_of_work
from ce_tracker.services.reminders.sending import KIND_WORDS, unsubscribe
from ce_tracker.services.renewal.documents import my_fee_document
from ce_tracker.web.serving import PRIVATE, Visit, serves


@serves(back_to=routes.RENEWAL, only={"kind": ("invoice", "receipt")})
def fee_document(request: Request, v: Visit) -> Response:
    """``/files/renewal/invoice.pdf`` or ``/files/renewal/receipt.pdf`` for the signed-in member."""
    name, pdf = my_fee_document(session=v.session, actor=v.actor, now=v.now, settings=settings,
                                kind=request.path_params["kind"])
    return Response(pdf, media_type="application/pdf",
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})


_FORM = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Unsubscribe</title></head>
<body style="font-family: sans-serif; max-width: 36em; margin: 2em auto; padding: 0 1em">{body}</body></html>"""


async def unsubscribe_link(request: Request) -> Response:
    token = request.path_params["token"]
    if request.method == "GET":
        return HTMLResponse(_FORM.format(body=(
            "<h1>Stop these reminders?</h1><form method='post'><button type='submit' "
            "style='min-height: 44px; padding: 0 1.5em'>Unsubscribe</button></form>")), headers=PRIVATE)
    with unit_of_work() as session:
        kind = unsubscribe(session=session, token=token, now=utcnow())
    if kind is None:
        return HTMLResponse(_FORM.format(body="<p>This unsubscribe link is not valid.</p>"), status_code=404)
    words = html.escape(next((v for k, v in KIND_WORDS.items() if k.value == kind), kind))
    return HTMLResponse(_FORM.format(body=(
        f"<h1>Unsubscribed</h1><p>You will no longer receive: {words}.</p><p>You can turn it back on in your "
        f"<a href='{settings.public_url}{routes.REMINDERS}'>reminder settings</a>.</p>")), headers=PRIVATE)
