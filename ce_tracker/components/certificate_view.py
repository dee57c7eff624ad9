"""The certificate of participation's content, as the member's page and the public verification page show it."""

from __future__ import annotations

import reflex as rx

from ce_tracker import formatting as fmt
from ce_tracker.config import settings
from ce_tracker.services.events.certificates import CertificateView


def certificate_fields(view: CertificateView) -> dict[str, str]:
    """What the record shows, as display strings (shared with the public verification page)."""
    return {
        "number": view.number, "code": view.verification_code, "member": view.member_name,
        "member_number": view.member_number, "event": view.event_title, "provider": view.provider,
        "location": view.location, "dates": fmt.format_date_range(view.starts_on, view.ends_on),
        "total": fmt.hours(view.total), "designation": view.designation,
        "issued": fmt.day(view.issued_at.date()),
        # Designated sessions: where the credits count, when more than one category.
        "split": " · ".join(f"{name} {fmt.hours(credits)}" for name, credits in view.categories),
        "revoked": (f"Revoked on {fmt.day(view.revoked_at.date())}: {view.revoked_reason}"
                    if view.revoked_at else ""),
    }


def day_lines(view: CertificateView) -> list[dict[str, str]]:
    return [{"day": fmt.weekday(d.day), "credits": fmt.hours(d.credits)} for d in view.days]


def record_body(cert, days) -> rx.Component:
    """The certificate's content; the verification page renders the same body."""
    return rx.vstack(
        rx.text(settings.society_name, size="2", weight="medium", color_scheme="gray"),
        rx.heading("Certificate of Participation", as_="h2", size="6"),
        rx.cond(cert["revoked"] != "", rx.callout(cert["revoked"], color_scheme="red", role="alert")),
        rx.text("This certifies that ", rx.text.strong(cert["member"]), " (Member ID ", cert["member_number"],
                ") participated in ", rx.text.strong(cert["event"]), ", ", cert["dates"], ", ",
                cert["location"], ", provided by ", cert["provider"], "."),
        rx.el.table(
            rx.el.thead(rx.el.tr(rx.el.th("Day", scope="col", text_align="left"),
                                 rx.el.th("Credits", scope="col", text_align="right"))),
            rx.el.tbody(rx.foreach(days, lambda d: rx.el.tr(rx.el.td(d["day"]),
                                                            rx.el.td(d["credits"], text_align="right")))),
            rx.el.tfoot(rx.el.tr(rx.el.th("Total credits", scope="row", text_align="left"),
                                 rx.el.td(cert["total"], text_align="right", font_weight="bold"))),
            width="100%", max_width="420px",
        ),
        rx.cond(cert["split"] != "", rx.text("Credits by category: ", cert["split"], size="2", id="cert-split")),
        rx.text(cert["designation"], size="2"),
        rx.text("Certificate number ", rx.text.strong(cert["number"]), " · Verification code ",
                rx.text.strong(cert["code"]), " · Issued ", cert["issued"], size="2"),
        spacing="3", width="100%",
    )

