"""Writes of performers: their privacy-bound publishing, their photo (stored without metadata,
deleted when replaced) and their preferred language. Their parts in items are the programme's
(``events.services.programme``)."""

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from events.common.caching import public_pages_changed
from events.common.images import SanitisedContent, image_sanitise
from events.models import Performer, performer_photo_storage
from events.signals import performer_language_changed

logger = logging.getLogger(__name__)


def _delete_photo_on_commit(name: str) -> None:
    # A replaced or removed photo leaves no face behind in storage, once the change is committed.
    def delete() -> None:
        try:
            performer_photo_storage.delete(name)
        except OSError:
            logger.warning("A performer's former photo could not be deleted.", exc_info=True)

    if name:
        transaction.on_commit(delete)


@transaction.atomic
def performer_save(
    *, performer: Performer, by: Any = None, now: dt.datetime | None = None
) -> Performer:
    """Save a performer; publishing records who decided and when (privacy rules).

    A new photo is stored without its metadata (ValidationError on the photo if it is not an
    image we take); a replaced or removed photo's file is deleted. A change of language is
    announced so that reminders not yet sent follow it.
    """
    before = (
        Performer.objects.filter(pk=performer.pk)
        .values("is_published", "photo", "preferred_language")
        .first()
        if performer.pk
        else None
    ) or {"is_published": False, "photo": "", "preferred_language": None}
    performer.full_clean()
    photo = performer.photo
    if photo and not getattr(photo, "_committed", True):
        # A new upload: store only its pixels, never its EXIF/GPS metadata, under a random name
        # (the admin's form has usually sanitised it already, to show its errors on the field).
        content = photo.file
        if not isinstance(content, SanitisedContent):
            try:
                content = image_sanitise(content, name="photo").content
            except ValidationError as error:
                raise ValidationError({"photo": error.messages}) from error
        photo.save(content.name, content, save=False)
    if performer.is_published and not before["is_published"]:
        performer.published_at = now or timezone.now()
        performer.published_by = by if getattr(by, "pk", None) else None
    elif not performer.is_published:
        performer.published_at = None
        performer.published_by = None
    performer.save()
    if before["photo"] != (performer.photo.name or ""):
        _delete_photo_on_commit(before["photo"])
    if before["preferred_language"] not in (None, performer.preferred_language):
        performer_language_changed.send(sender=Performer, performer=performer)
    public_pages_changed()
    return performer


@transaction.atomic
def performer_delete(*, performer: Performer) -> None:
    """Delete a performer (their appearances go with them) and, once committed, their photo."""
    name = performer.photo.name or ""
    performer.delete()
    _delete_photo_on_commit(name)
    public_pages_changed()
