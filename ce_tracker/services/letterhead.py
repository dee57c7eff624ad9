"""The society's letterhead on every PDF it issues: its name and, when configured, its logo.

The logo comes from the same setting as the header's (CE_SOCIETY_LOGO), read as a file under assets/; an https
logo is not fetched (a PDF is made without the network, and a remote file could change under a certificate
already issued). A logo that cannot be drawn is left out, never a reason to refuse a member their certificate.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF

from ce_tracker.config import Settings

log = logging.getLogger(__name__)
ASSETS = Path(__file__).resolve().parents[2] / "assets"
DRAWABLE = (".png", ".jpg", ".jpeg", ".svg")  # what fpdf2 draws


@dataclass(frozen=True)
class Letterhead:
    society_name: str
    logo: Path | None = None


def logo_file(logo_url: str) -> Path | None:
    """The configured logo ("/society-logo.png") as a file inside assets/; None for none, https or elsewhere."""
    if not logo_url.startswith("/") or logo_url.startswith("//"):
        return None
    root = ASSETS.resolve()
    path = (root / logo_url.lstrip("/")).resolve()
    if root not in path.parents or path.suffix.lower() not in DRAWABLE or not path.is_file():
        return None
    return path


def letterhead(settings: Settings) -> Letterhead:
    return Letterhead(settings.society_name, logo_file(settings.logo_url))


def draw_logo(pdf: FPDF, logo: Path | None, *, x, y: float, height: float) -> bool:
    """The logo ``height`` mm tall at ``y`` (``x`` in mm or an fpdf Align); False when there is none to draw."""
    if logo is None:
        return False
    try:
        pdf.image(str(logo), x=x, y=y, h=height, alt_text="")
    except Exception as error:  # noqa: BLE001 - a broken logo file must not stop a certificate
        log.warning("The society's logo %s could not be drawn on a PDF: %s", logo, error)
        return False
    return True
