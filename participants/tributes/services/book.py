"""The printed memorial book: an A5 PDF of an edition's tributes whose writers consented to print
at the moment it is made, in the order the organisers chose. Audited like every export."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from events.common.exports import audit_log
from events.models import SEOUL, AuditEntry, Edition
from participants.models import User
from participants.tributes.selectors import tributes_for_book


def memorial_book_pdf(*, edition: Edition, by: User, language: str = "ko") -> bytes:
    """Render the book with WeasyPrint; one audit entry with the count (never the words)."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    tributes = list(tributes_for_book(edition=edition))
    with translation.override(language), timezone.override(SEOUL):
        html = render_to_string(
            "participants/tributes/memorial_book.html",
            {"edition": edition, "tributes": tributes, "printed_at": timezone.now()},
        )
    pdf = HTML(string=html).write_pdf()
    audit_log(
        user=by,
        action=AuditEntry.Action.EXPORT,
        target="participants.Tribute",
        row_count=len(tributes),
        detail={"what": "memorial book", "edition": edition.year},
    )
    return pdf
