"""The remembrance wall's services (writes): writing, moderation and reports, the book, emails.
Other slices, views, the admin and tasks import them from here."""

from participants.tributes.services.book import memorial_book_pdf
from participants.tributes.services.flags import tribute_flags
from participants.tributes.services.links import (
    tribute_delete_token,
    tribute_delete_url,
    tribute_from_delete_token,
)
from participants.tributes.services.moderation import (
    tribute_approve,
    tribute_reject,
    tribute_report,
    tribute_reports_dismiss,
    tribute_request_changes,
    tributes_purge,
)
from participants.tributes.services.writing import (
    WRITER_FIELDS,
    tribute_consents_set,
    tribute_delete,
    tribute_edit,
    tribute_validate,
    tribute_write,
    writer_display_name,
)

__all__ = [
    "WRITER_FIELDS",
    "memorial_book_pdf",
    "tribute_approve",
    "tribute_consents_set",
    "tribute_delete",
    "tribute_delete_token",
    "tribute_delete_url",
    "tribute_edit",
    "tribute_flags",
    "tribute_from_delete_token",
    "tribute_reject",
    "tribute_report",
    "tribute_reports_dismiss",
    "tribute_request_changes",
    "tribute_validate",
    "tribute_write",
    "tributes_purge",
    "writer_display_name",
]
