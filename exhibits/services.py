"""Use cases of the catalogue: publishing, images and their clearance, consent, displays.

Views, admin actions and management commands all call these functions.
"""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from events.common.caching import public_pages_changed
from events.common.exports import audit_log
from events.common.images import SanitisedImage, image_rendition, image_sanitise
from events.models import AuditEntry, Edition
from exhibits.models import (
    ConsentUse,
    Display,
    Exhibit,
    ExhibitImage,
    Lender,
    exhibit_image_storage,
)

THUMBNAIL_SIDE = 480
DISPLAY_SIDE = 1600


def exhibit_image_files_delete(*, names: list[str]) -> None:
    """Remove an image's files once the transaction that dropped them commits.

    A replaced or deleted photo may show a face: it must not linger in the private storage.
    """

    def delete() -> None:
        for name in names:
            if name:
                exhibit_image_storage.delete(name)

    transaction.on_commit(delete)


def exhibit_image_store(*, image: ExhibitImage, sanitised: SanitisedImage) -> ExhibitImage:
    """Put a sanitised image and its thumbnail and display renditions on ``image`` (unsaved).

    Files an existing image had before are deleted when the transaction commits.
    """
    if image.pk:
        exhibit_image_files_delete(
            names=[image.original.name, image.thumbnail.name, image.display.name]
        )
    data = sanitised.content.read()
    sanitised.content.seek(0)
    image.original.save(sanitised.content.name, sanitised.content, save=False)
    image.thumbnail.save("t.webp", image_rendition(data, max_side=THUMBNAIL_SIDE), save=False)
    image.display.save("d.webp", image_rendition(data, max_side=DISPLAY_SIDE), save=False)
    image.width, image.height = sanitised.width, sanitised.height
    return image


@transaction.atomic
def exhibit_image_add(
    *,
    exhibit: Exhibit,
    upload: bytes | File,
    by: AbstractBaseUser | None,
    alt_text_ko: str = "",
    alt_text_en: str = "",
    shows_identifying: bool = False,
    order: int | None = None,
    now: dt.datetime | None = None,
) -> ExhibitImage:
    """Validate, strip and store an uploaded image with its renditions.

    Raises a translated ValidationError for anything that is not a safe image; nothing is saved.
    """
    sanitised = image_sanitise(upload, name=exhibit.object_number)
    if order is None:
        order = (exhibit.images.aggregate(m=Max("order"))["m"] or 0) + 1
    image = ExhibitImage(
        exhibit=exhibit,
        alt_text_ko=alt_text_ko,
        alt_text_en=alt_text_en,
        shows_identifying=shows_identifying,
        order=order,
        uploaded_by=by,
        uploaded_at=now or timezone.now(),
    )
    exhibit_image_store(image=image, sanitised=sanitised)
    image.full_clean()
    image.save()
    public_pages_changed()
    return image


@transaction.atomic
def exhibit_image_clear(
    *, image: ExhibitImage, by: AbstractBaseUser | None, now: dt.datetime | None = None
) -> None:
    """A second organiser (not the uploader) clears a flagged image for the public.

    Raises ValidationError if the image is not flagged, is already cleared, or ``by`` uploaded it.
    """
    locked = ExhibitImage.objects.select_for_update().get(pk=image.pk)
    if not locked.shows_identifying:
        raise ValidationError(_("This image is not flagged; it needs no clearance."))
    if locked.cleared_at is not None:
        raise ValidationError(_("This image has already been cleared."))
    if by is None or locked.uploaded_by_id == by.pk:
        raise ValidationError(
            _("A second organiser must clear this image: not the person who uploaded it.")
        )
    locked.cleared_by = by
    locked.cleared_at = now or timezone.now()
    locked.save(update_fields=["cleared_by", "cleared_at"])
    image.cleared_by, image.cleared_at = locked.cleared_by, locked.cleared_at
    audit_log(
        user=by,
        action=AuditEntry.Action.OTHER,
        target=ExhibitImage._meta.label,
        object_id=str(locked.pk),
        detail={"event": "image_cleared"},
    )
    public_pages_changed()


def exhibit_publication_problems(*, exhibit: Exhibit, by: AbstractBaseUser | None) -> list[str]:
    """Why ``by`` may not publish ``exhibit`` now (an empty list when they may)."""
    problems = []
    for image in exhibit.images.all():
        missing = image.missing_alt_text()
        if missing:
            problems.append(
                _("Image %(order)s needs alt text in %(languages)s.")
                % {
                    "order": image.order,
                    "languages": ", ".join(
                        {"ko": _("Korean"), "en": _("English")}[lang] for lang in missing
                    ),
                }
            )
        if image.shows_identifying:
            if image.cleared_at is None:
                problems.append(
                    _(
                        "Image %(order)s shows faces or identifying documents: a second "
                        "organiser must clear it first."
                    )
                    % {"order": image.order}
                )
            elif by is not None and image.cleared_by_id == by.pk:
                problems.append(
                    _(
                        "You cleared image %(order)s yourself; another organiser must publish "
                        "this exhibit."
                    )
                    % {"order": image.order}
                )
    return problems


@transaction.atomic
def exhibit_publish(
    *, exhibit: Exhibit, by: AbstractBaseUser | None, now: dt.datetime | None = None
) -> Exhibit:
    """Publish an exhibit, recording who and when.

    Raises ValidationError when an image lacks Korean or English alt text, when a flagged image
    is not cleared by a second organiser, or when the exhibit itself is invalid.
    """
    locked = Exhibit.objects.select_for_update().get(pk=exhibit.pk)
    locked.full_clean()
    problems = exhibit_publication_problems(exhibit=locked, by=by)
    if problems:
        raise ValidationError(problems)
    if not locked.is_published:
        locked.is_published = True
        locked.published_at = now or timezone.now()
        locked.published_by = by
        locked.save(update_fields=["is_published", "published_at", "published_by"])
        audit_log(
            user=by,
            action=AuditEntry.Action.PUBLISH,
            target=Exhibit._meta.label,
            object_id=str(locked.pk),
        )
        public_pages_changed()
    return locked


@transaction.atomic
def exhibit_unpublish(*, exhibit: Exhibit, by: AbstractBaseUser | None) -> Exhibit:
    """Take an exhibit out of the public catalogue at once."""
    updated = Exhibit.objects.filter(pk=exhibit.pk, is_published=True).update(
        is_published=False, published_at=None, published_by=None
    )
    if updated:
        audit_log(
            user=by,
            action=AuditEntry.Action.OTHER,
            target=Exhibit._meta.label,
            object_id=str(exhibit.pk),
            detail={"event": "unpublished"},
        )
        public_pages_changed()
    exhibit.refresh_from_db()
    return exhibit


@transaction.atomic
def lender_consent_set(*, lender: Lender, use: str, granted: bool, on: dt.date) -> Lender:
    """Give or withdraw a lender's consent for one use; a withdrawal shows at once."""
    if use not in ConsentUse.values:
        raise ValidationError(_("Unknown use of a lender's name: %(use)s") % {"use": use})
    locked = Lender.objects.select_for_update().get(pk=lender.pk)
    setattr(locked, f"consent_{use}", granted)
    setattr(locked, f"consent_{use}_on", on)
    locked.save(update_fields=[f"consent_{use}", f"consent_{use}_on"])
    public_pages_changed()
    return locked


@transaction.atomic
def display_add(*, exhibits: Iterable[Exhibit], edition: Edition) -> list[Display]:
    """Show the exhibits at an edition (once each), after those already shown there."""
    Edition.objects.select_for_update().get(pk=edition.pk)
    last = Display.objects.filter(edition=edition).aggregate(m=Max("order"))["m"] or 0
    displays = []
    for exhibit in exhibits:
        display, created = Display.objects.get_or_create(
            exhibit=exhibit, edition=edition, defaults={"order": last + 1}
        )
        if created:
            last += 1
        displays.append(display)
    public_pages_changed()
    return displays
