"""A ticket as pictures and paper: its QR code (SVG for pages, PNG for emails) and a one-page
PDF (WeasyPrint) with the QR code, the code in large type and what it admits to. Reads only.
"""

import io

import segno
from django.template.loader import render_to_string
from django.utils import timezone, translation

from events.models import SEOUL
from participants.models import Rsvp


def ticket_qr(rsvp: Rsvp) -> segno.QRCode:
    # The code alone (8 characters): a small, robust QR code any scanner reads at a glance.
    return segno.make(rsvp.ticket_code, error="q")


def ticket_qr_svg(rsvp: Rsvp, *, title: str = "") -> str:
    return ticket_qr(rsvp).svg_inline(scale=8, border=2, omitsize=True, title=title or None)


def ticket_qr_png(rsvp: Rsvp, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    ticket_qr(rsvp).save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def ticket_pdf(rsvp: Rsvp, *, language: str, context: dict) -> bytes:
    """The ticket as a one-page A5 PDF in ``language`` (``context``: what, when, where)."""
    return ticket_document(rsvp, language=language, context=context).write_pdf()


def ticket_document(rsvp: Rsvp, *, language: str, context: dict):
    """The ticket laid out by WeasyPrint (its ``pages`` can be counted)."""
    from weasyprint import HTML  # imported late: it loads Pango, which web requests rarely need

    with translation.override(language), timezone.override(SEOUL):
        html = render_to_string(
            "participants/tickets/ticket_pdf.html",
            {
                **context,
                "rsvp": rsvp,
                "qr_svg": ticket_qr(rsvp).svg_inline(scale=10, border=2, omitsize=True),
                "language": language,
            },
        )
    return HTML(string=html).render()
