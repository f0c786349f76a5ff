"""Permits: uploads of private scans, and organisers' verification."""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.bad_input import validate_file_size
from events.common.images import image_sanitise
from participants.market.models import private_storage
from participants.market.selectors import seoul_today
from participants.market.services._common import PDF_MAGIC
from participants.models import Permit, User, Vendor


def _checked_scan(scan: Any) -> tuple[Any, str]:
    """A PDF kept as it is, or an image re-encoded without metadata; else a ValidationError."""
    limit = settings.PERMIT_SCAN_MAX_BYTES
    try:
        validate_file_size(getattr(scan, "size", None) or 0, limit)
    except ValidationError as error:
        raise ValidationError({"scan": error}) from error
    scan.seek(0)
    head = scan.read(len(PDF_MAGIC))
    scan.seek(0)
    if head == PDF_MAGIC:
        return scan, "application/pdf"
    try:
        image = image_sanitise(scan, name=f"permit-{uuid.uuid4().hex}")
    except ValidationError as error:
        if error.code in ("image_too_large", "image_too_many_pixels"):
            raise ValidationError({"scan": error}) from error  # an image, but too big: say so
        raise ValidationError(
            {"scan": _("Upload the scan as a PDF or as a JPEG, PNG, WebP or HEIC image.")}
        ) from error
    try:
        validate_file_size(image.content.size, limit)
    except ValidationError as error:
        raise ValidationError({"scan": error}) from error
    return image.content, f"image/{image.format.lower()}"


@transaction.atomic
def permit_upload(
    *,
    vendor: Vendor,
    kind: str,
    number: str,
    expires_on: dt.date,
    scan: Any,
    now: dt.datetime | None = None,
) -> Permit:
    """Store a permit waiting for verification; its scan goes to private storage.

    Raises for an expiry in the past, a file that is not a PDF or image, or one too large.
    """
    if expires_on < seoul_today(now):
        raise ValidationError({"expires_on": _("This permit has already expired.")})
    content, content_type = _checked_scan(scan)
    extension = "pdf" if content_type == "application/pdf" else content.name.rsplit(".", 1)[-1]
    permit = Permit(
        vendor=vendor,
        kind=kind,
        number=number.strip(),
        expires_on=expires_on,
        scan_content_type=content_type,
    )
    permit.full_clean(exclude=["scan"])
    permit.scan.save(f"{uuid.uuid4().hex}.{extension}", content, save=False)
    try:
        permit.save()
    except Exception:
        permit.scan.delete(save=False)
        raise
    return permit


@transaction.atomic
def permit_delete(*, permit: Permit) -> None:
    """A vendor removes a permit that no organiser has verified yet."""
    permit = Permit.objects.select_for_update().get(pk=permit.pk)
    if permit.status == Permit.Status.VERIFIED:
        raise ValidationError(_("A verified permit stays on file."), code="verified")
    name = permit.scan.name
    permit.delete()
    transaction.on_commit(lambda: _private_delete(name))


def _private_delete(name: str) -> None:
    if name:
        private_storage.delete(name)


def _permit_decide(
    *, permit: Permit, status: str, by: User, note: str, now: dt.datetime | None
) -> Permit:
    now = now or timezone.now()
    permit = Permit.objects.select_for_update().get(pk=permit.pk)
    if status == Permit.Status.VERIFIED and permit.is_expired(on=seoul_today(now)):
        raise ValidationError(_("An expired permit cannot be verified."), code="expired")
    if status == Permit.Status.REJECTED and not note.strip():
        raise ValidationError(_("Tell the vendor why in the note."), code="note_required")
    permit.status = status
    permit.organiser_note = note.strip()
    permit.verified_at = now
    permit.verified_by = by
    permit.save(update_fields=["status", "organiser_note", "verified_at", "verified_by"])
    return permit


@transaction.atomic
def permit_verify(
    *, permit: Permit, by: User, note: str = "", now: dt.datetime | None = None
) -> Permit:
    """Mark a permit checked; an expired one cannot be."""
    return _permit_decide(permit=permit, status=Permit.Status.VERIFIED, by=by, note=note, now=now)


@transaction.atomic
def permit_reject(*, permit: Permit, by: User, note: str, now: dt.datetime | None = None) -> Permit:
    """Refuse a permit, saying why."""
    return _permit_decide(permit=permit, status=Permit.Status.REJECTED, by=by, note=note, now=now)
