"""What the curators' admin pages share: private lender fields, bulk actions, label links."""

from collections.abc import Callable, Iterable

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from events.models import Edition

PRIVATE_LENDER_FIELDS = ("legal_name", "contact_email", "contact_phone", "private_notes")


def _apply_each(
    model_admin: admin.ModelAdmin,
    request: HttpRequest,
    objects: Iterable,
    act: Callable,
    *,
    name: Callable[..., str],
    done: str,
) -> None:
    """A bulk action: ``act`` on each object; each refusal is shown with the object's ``name``,
    the others are counted in ``done`` (a translated message with ``%(count)s``)."""
    count = 0
    for obj in objects:
        try:
            act(obj)
        except ValidationError as error:
            model_admin.message_user(
                request, f"{name(obj)}: {' '.join(error.messages)}", messages.ERROR
            )
        else:
            count += 1
    if count:
        model_admin.message_user(request, done % {"count": count}, messages.SUCCESS)


def _label_links() -> list[tuple[int, str]]:
    """The printable label pages of the editions that have displays, newest first."""
    return [
        (year, reverse("exhibits:labels", kwargs={"year": year}))
        for year in Edition.objects.filter(displays__isnull=False)
        .distinct()
        .order_by("-year")
        .values_list("year", flat=True)
    ]
