"""What the curators' admin pages share: private lender fields, messages, label links."""

from django.core.exceptions import ValidationError
from django.urls import reverse

from events.models import Edition

PRIVATE_LENDER_FIELDS = ("legal_name", "contact_email", "contact_phone", "private_notes")


def _validation_messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def _label_links() -> list[tuple[int, str]]:
    """The printable label pages of the editions that have displays, newest first."""
    return [
        (year, reverse("exhibits:labels", kwargs={"year": year}))
        for year in Edition.objects.filter(displays__isnull=False)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)
    ]
