"""The Board of Certification's downloads: the certificant list as CSV and a sampled renewal's evidence pack.

The service refuses anyone without the Board role (or staff) before reading a row.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ce_tracker import routes
from ce_tracker.config import settings
from ce_tracker.services.board import audit_sample, cohorts
from ce_tracker.services.letterhead import logo_file
from ce_tracker.web.serving import PRIVATE, Visit, serves


@serves(back_to=routes.BOARD)
def certificants_csv(request: Request, v: Visit) -> Response:
    """``/files/board/certificants.csv?quarter=&status=&q=``: the list the Board page shows, every row."""
    params = request.query_params
    text = cohorts.certificants_csv(session=v.session, actor=v.actor, now=v.now, quarter=params.get("quarter", ""),
                                    status=params.get("status", ""), query=params.get("q", ""))
    name = f"certificants-{v.now.date().isoformat()}.csv"
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})


@serves(back_to=routes.BOARD_SAMPLE)
def evidence_pack(request: Request, v: Visit) -> Response:
    """``/files/board/samples/{sample}/evidence/{application}.zip``: one sampled renewal's evidence."""
    name, data = audit_sample.evidence_pack(
        session=v.session, actor=v.actor, sample_id=request.path_params["sample_id"],
        application_id=request.path_params["application_id"], now=v.now, society_name=settings.society_name,
        logo=logo_file(settings.logo_url))
    return Response(data, media_type="application/zip",
                    headers={**PRIVATE, "Content-Disposition": f'attachment; filename="{name}"'})
