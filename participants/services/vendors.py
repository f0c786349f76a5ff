"""Writes for the market: vendor profiles, stall applications, permits, placement, products.

Every function is atomic and raises a translated ValidationError; a status change by an
organiser writes the vendor's reminder in the same transaction.
"""

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.caching import public_pages_changed
from events.formatting import local_date, local_time
from events.images import image_rendition, image_sanitise
from events.models import Edition, Stage
from participants.models import Permit, Product, Reminder, Stall, StallApplication, User, Vendor
from participants.models.vendors import private_storage
from participants.selectors.vendors import current_edition, seoul_today
from participants.services.reminders import reminder_cancel_for_subject, reminder_schedule

Status = StallApplication.Status

VENDOR_PROFILE_FIELDS = (
    "display_name_ko",
    "display_name_en",
    "description_ko",
    "description_en",
    "visibility",
    "no_photography",
    "legal_name",
    "contact_phone",
    "contact_email",
)
APPLICATION_FIELDS = (
    "sells_food",
    "sells_liquor",
    "sells_clothing",
    "sells_crafts",
    "sells_other",
    "stall_size",
    "needs_power",
    "needs_water",
    "note",
)
PRODUCT_FIELDS = (
    "name_ko",
    "name_en",
    "description_ko",
    "description_en",
    "category",
    "price_won",
    "is_available",
    "provenance",
    "allergens_ko",
    "allergens_en",
    "alcohol_percent",
)
PDF_MAGIC = b"%PDF-"
THUMBNAIL_SIDE = 480


def _assign(instance: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)


# --- vendors ---------------------------------------------------------------------------------


@transaction.atomic
def vendor_profile_save(*, owner: User, fields: dict[str, Any]) -> Vendor:
    """Create or update ``owner``'s vendor profile. The listing flag stays the organisers'."""
    vendor = Vendor.objects.select_for_update().filter(owner=owner).first() or Vendor(owner=owner)
    _assign(vendor, fields, VENDOR_PROFILE_FIELDS)
    vendor.full_clean()
    vendor.save()
    public_pages_changed()
    return vendor


@transaction.atomic
def vendor_listing_set(
    *, vendor: Vendor, listed: bool, by: User, now: dt.datetime | None = None
) -> Vendor:
    """List or unlist a vendor in the public market, recording who decided and when."""
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    if vendor.is_listed == listed:
        return vendor
    vendor.is_listed = listed
    vendor.listed_at = (now or timezone.now()) if listed else None
    vendor.listed_by = by if listed else None
    vendor.save(update_fields=["is_listed", "listed_at", "listed_by", "updated_at"])
    public_pages_changed()
    return vendor


# --- stall applications: the vendor's side ---------------------------------------------------


def applications_open(*, edition: Edition, now: dt.datetime) -> bool:
    closes_at = edition.day_starts_at - dt.timedelta(hours=settings.VENDOR_APPLICATIONS_CLOSE_HOURS)
    return edition.is_published and now < closes_at


def _check_open(edition: Edition, now: dt.datetime) -> None:
    if not applications_open(edition=edition, now=now):
        raise ValidationError(
            _("Stall applications for %(year)s are closed."),
            code="closed",
            params={"year": edition.year},
        )


def _locked_application(vendor: Vendor, edition: Edition) -> StallApplication | None:
    return (
        StallApplication.objects.select_for_update().filter(vendor=vendor, edition=edition).first()
    )


@transaction.atomic
def stall_application_save_draft(
    *,
    vendor: Vendor,
    edition: Edition,
    fields: dict[str, Any],
    now: dt.datetime | None = None,
) -> StallApplication:
    """Create or edit the vendor's one application for ``edition`` as a draft.

    An application waiting for more information keeps that status; a withdrawn one reopens as a
    draft. Raises when the edition is closed or the application is under review or decided.
    """
    now = now or timezone.now()
    _check_open(edition, now)
    application = _locked_application(vendor, edition)
    if application is None:
        application = StallApplication(vendor=vendor, edition=edition)
    elif application.status not in StallApplication.EDITABLE_STATUSES:
        raise ValidationError(
            _("This application is %(status)s and can no longer be changed."),
            code="not_editable",
            params={"status": application.get_status_display()},
        )
    if application.status == Status.WITHDRAWN:
        application.status = Status.DRAFT
    _assign(application, fields, APPLICATION_FIELDS)
    application.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        # Two tabs creating the first application at once: the unique constraint decides.
        raise ValidationError(
            _("You have already applied for a stall at this edition."), code="duplicate"
        ) from error
    return application


@transaction.atomic
def stall_application_submit(
    *, application: StallApplication, now: dt.datetime | None = None
) -> StallApplication:
    """Send a draft (or an answer to an information request) to the organisers."""
    now = now or timezone.now()
    application = StallApplication.objects.select_for_update().get(pk=application.pk)
    _check_open(application.edition, now)
    if application.status not in (Status.DRAFT, Status.INFO_REQUESTED):
        raise ValidationError(
            _("Only a draft or an application waiting for information can be submitted."),
            code="not_submittable",
        )
    application.full_clean(validate_unique=False, validate_constraints=False)
    application.status = Status.SUBMITTED
    application.submitted_at = now
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    return application


@transaction.atomic
def stall_application_withdraw(
    *, application: StallApplication, now: dt.datetime | None = None
) -> StallApplication:
    """The vendor withdraws: the stall is freed and the day-before reminder cancelled."""
    application = StallApplication.objects.select_for_update().get(pk=application.pk)
    if application.status in (Status.WITHDRAWN, Status.REJECTED):
        raise ValidationError(
            _("This application is %(status)s and cannot be withdrawn."),
            code="not_withdrawable",
            params={"status": application.get_status_display()},
        )
    application.status = Status.WITHDRAWN
    application.stall = None
    application.save(update_fields=["status", "stall", "updated_at"])
    reminder_cancel_for_subject(subject=application, kinds=[Reminder.Kind.VENDOR_DAY_BEFORE])
    public_pages_changed()
    return application


# --- stall applications: the organisers' side ------------------------------------------------

_DECISIONS_FROM = {
    Status.INFO_REQUESTED: (Status.SUBMITTED, Status.WAITLISTED, Status.APPROVED),
    Status.APPROVED: (Status.SUBMITTED, Status.INFO_REQUESTED, Status.WAITLISTED),
    Status.WAITLISTED: (Status.SUBMITTED, Status.INFO_REQUESTED, Status.APPROVED),
    Status.REJECTED: (Status.SUBMITTED, Status.INFO_REQUESTED, Status.WAITLISTED, Status.APPROVED),
}


def _permit_requirements(application: StallApplication, *, on: dt.date) -> list[str]:
    vendor = application.vendor
    missing = []
    if application.sells_food and not vendor.valid_permit(Permit.Kind.FOOD_REPORT, on=on):
        missing.append(
            _(
                "Food needs a verified temporary food business report (한시적 영업신고) "
                "valid on the day."
            )
        )
    if application.sells_liquor and not vendor.valid_permit(Permit.Kind.LIQUOR_LICENCE, on=on):
        missing.append(
            _("Liquor needs a verified liquor sales licence (주류판매면허) valid on the day.")
        )
    return missing


def _application_reminder(application: StallApplication, now: dt.datetime) -> Reminder:
    vendor = application.vendor
    with translation.override(vendor.owner.preferred_language):
        trading_name = vendor.display_name
        vendor_path = reverse("participants:vendor_home")
    return reminder_schedule(
        kind=Reminder.Kind.VENDOR_APPLICATION,
        key=f"{Reminder.Kind.VENDOR_APPLICATION}:application:{application.pk}:{application.revision}",
        due_at=now,
        recipient=vendor.owner,
        edition_id=application.edition_id,
        subject=application,
        context={
            "status": application.status,
            "organiser_note": application.organiser_note,
            "trading_name": trading_name,
            "edition_year": application.edition.year,
            "vendor_path": vendor_path,
        },
    )


def day_before_context(application: StallApplication) -> dict[str, Any]:
    """What the day-before email needs, with names in the recipient's language (JSON only)."""
    stall = application.stall
    with translation.override(application.vendor.owner.preferred_language):
        return {
            "trading_name": application.vendor.display_name,
            "edition_year": application.edition.year,
            "edition_date": local_date(application.edition.date),
            "stall_number": stall.number,
            "zone": stall.zone,
            "market_name": stall.stage.name,
            "setup_time": local_time(stall.setup_at),
            "venue": application.edition.venue,
            "vendor_path": reverse("participants:vendor_home"),
        }


def _schedule_day_before(application: StallApplication) -> Reminder:
    edition = application.edition
    hours = settings.REMINDER_OFFSETS[Reminder.Kind.VENDOR_DAY_BEFORE]
    return reminder_schedule(
        kind=Reminder.Kind.VENDOR_DAY_BEFORE,
        key=f"{Reminder.Kind.VENDOR_DAY_BEFORE}:application:{application.pk}",
        due_at=edition.day_starts_at - dt.timedelta(hours=hours),
        recipient=application.vendor.owner,
        edition_id=edition.pk,
        subject=application,
        context=day_before_context(application),
    )


def vendor_day_before_reschedule(*, edition: Edition) -> int:
    """The day moved: reschedule (time and text) the day-before reminders of the stalls placed
    at ``edition``; a reminder already sent stays as it is. Returns how many were written."""
    placed = StallApplication.objects.filter(
        edition=edition, status=StallApplication.Status.APPROVED, stall__isnull=False
    ).select_related("edition", "stall__stage", "vendor__owner")
    return len([_schedule_day_before(application) for application in placed])


def _decide(
    *,
    application: StallApplication,
    status: str,
    by: User,
    note: str,
    now: dt.datetime | None,
) -> StallApplication:
    now = now or timezone.now()
    application = (
        StallApplication.objects.select_for_update(of=("self",))
        .select_related("vendor__owner", "edition")
        .get(pk=application.pk)
    )
    if application.status not in _DECISIONS_FROM[status]:
        raise ValidationError(
            _("An application that is %(current)s cannot be moved to “%(new)s”."),
            code="bad_transition",
            params={
                "current": application.get_status_display(),
                "new": Status(status).label,
            },
        )
    if status == Status.INFO_REQUESTED and not note.strip():
        raise ValidationError(_("Say what information you need in the note."), code="note_required")
    if status == Status.APPROVED:
        on = max(seoul_today(now), application.edition.date)
        missing = _permit_requirements(application, on=on)
        if missing:
            raise ValidationError(missing, code="permit_missing")
    was_placed = application.stall_id is not None
    application.status = status
    application.organiser_note = note.strip()
    application.decided_at = now
    application.decided_by = by
    application.revision += 1
    if status != Status.APPROVED:
        application.stall = None
    application.save()
    if was_placed and application.stall_id is None:
        reminder_cancel_for_subject(subject=application, kinds=[Reminder.Kind.VENDOR_DAY_BEFORE])
    _application_reminder(application, now)
    public_pages_changed()
    return application


@transaction.atomic
def stall_application_request_info(
    *, application: StallApplication, by: User, note: str, now: dt.datetime | None = None
) -> StallApplication:
    """Ask the vendor for more; the note says what. The vendor may edit and resubmit."""
    return _decide(application=application, status=Status.INFO_REQUESTED, by=by, note=note, now=now)


@transaction.atomic
def stall_application_approve(
    *, application: StallApplication, by: User, note: str = "", now: dt.datetime | None = None
) -> StallApplication:
    """Approve; food needs a verified food report, liquor a verified liquor licence, both
    unexpired on the day."""
    return _decide(application=application, status=Status.APPROVED, by=by, note=note, now=now)


@transaction.atomic
def stall_application_waitlist(
    *, application: StallApplication, by: User, note: str = "", now: dt.datetime | None = None
) -> StallApplication:
    """Put on the waiting list; a stall held is freed."""
    return _decide(application=application, status=Status.WAITLISTED, by=by, note=note, now=now)


@transaction.atomic
def stall_application_reject(
    *, application: StallApplication, by: User, note: str = "", now: dt.datetime | None = None
) -> StallApplication:
    """Reject; a stall held is freed and the day-before reminder cancelled."""
    return _decide(application=application, status=Status.REJECTED, by=by, note=note, now=now)


@transaction.atomic
def stall_assign(*, application: StallApplication, stall: Stall | None) -> StallApplication:
    """Place an approved application on ``stall`` (``None`` frees its stall).

    The stall's row lock serialises two organisers placing on one stall; the partial unique
    constraint is the backstop. Raises when the stall does not fit or is taken.
    """
    application = (
        StallApplication.objects.select_for_update(of=("self",))
        .select_related("vendor__owner", "edition")
        .get(pk=application.pk)
    )
    if stall is None:
        if application.stall_id is not None:
            application.stall = None
            application.save(update_fields=["stall", "updated_at"])
            reminder_cancel_for_subject(
                subject=application, kinds=[Reminder.Kind.VENDOR_DAY_BEFORE]
            )
            public_pages_changed()
        return application
    if application.status != Status.APPROVED:
        raise ValidationError(_("Only an approved application can be placed."), code="not_approved")
    stall = Stall.objects.select_for_update(of=("self",)).select_related("stage").get(pk=stall.pk)
    problems = stall.mismatches(application)
    if problems:
        raise ValidationError(problems, code="stall_mismatch")
    taken = (
        StallApplication.objects.filter(stall=stall, status=Status.APPROVED)
        .exclude(pk=application.pk)
        .exists()
    )
    if taken:
        raise ValidationError(
            _("Stall %(number)s is already taken."),
            code="stall_taken",
            params={"number": stall.number},
        )
    application.stall = stall
    try:
        with transaction.atomic():
            application.save(update_fields=["stall", "updated_at"])
    except IntegrityError as error:
        raise ValidationError(
            _("Stall %(number)s is already taken."),
            code="stall_taken",
            params={"number": stall.number},
        ) from error
    _schedule_day_before(application)
    public_pages_changed()
    return application


@transaction.atomic
def stall_range_create(
    *,
    stage: Stage,
    first: int,
    last: int,
    zone: str,
    size: str,
    has_power: bool = False,
    has_water: bool = False,
    setup_at: dt.time | None = None,
) -> list[Stall]:
    """Create stalls ``first``..``last`` alike in a market area; all or none.

    Raises for a stage that is not a market, a reversed range, or numbers already in use."""
    if stage.kind != Stage.Kind.MARKET:
        raise ValidationError({"stage": _("Stalls belong in a market area.")})
    if not 1 <= first <= last or last - first >= 500:
        raise ValidationError(
            {"last": _("Give a range from a first to a last number, at most 500 stalls.")}
        )
    numbers = range(first, last + 1)
    used = sorted(
        Stall.objects.filter(stage=stage, number__in=numbers).values_list("number", flat=True)
    )
    if used:
        raise ValidationError(
            {
                "first": _("These numbers are already used in this area: %(numbers)s.")
                % {"numbers": ", ".join(map(str, used))}
            }
        )
    stalls = [
        Stall(
            stage=stage,
            number=number,
            zone=zone,
            size=size,
            has_power=has_power,
            has_water=has_water,
            **({"setup_at": setup_at} if setup_at else {}),
        )
        for number in numbers
    ]
    for stall in stalls:
        stall.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            created = Stall.objects.bulk_create(stalls)
    except IntegrityError as error:
        # Another organiser added one of these numbers meanwhile: the unique constraint decides.
        raise ValidationError(
            {"first": _("Some of these numbers were just taken; reload and try again.")}
        ) from error
    public_pages_changed()
    return created


# --- permits ---------------------------------------------------------------------------------


def _checked_scan(scan: Any) -> tuple[Any, str]:
    """A PDF kept as it is, or an image re-encoded without metadata; else a ValidationError."""
    limit = settings.PERMIT_SCAN_MAX_BYTES
    size = getattr(scan, "size", None)
    if size is not None and size > limit:
        raise ValidationError(
            {
                "scan": _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"size": round(size / 1_048_576, 1), "limit": limit // 1_048_576}
            }
        )
    scan.seek(0)
    head = scan.read(len(PDF_MAGIC))
    scan.seek(0)
    if head == PDF_MAGIC:
        return scan, "application/pdf"
    try:
        image = image_sanitise(scan, name=f"permit-{uuid.uuid4().hex}")
    except ValidationError as error:
        raise ValidationError(
            {"scan": _("Upload the scan as a PDF or as a JPEG, PNG, WebP or HEIC image.")}
        ) from error
    if image.content.size > limit:
        raise ValidationError(
            {
                "scan": _("The file is too large; the limit is %(limit)s MB.")
                % {"limit": limit // 1_048_576}
            }
        )
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


# --- products --------------------------------------------------------------------------------


def vendor_is_approved(*, vendor: Vendor, edition: Edition | None = None) -> bool:
    edition = edition or current_edition()
    return bool(
        edition and vendor.applications.filter(edition=edition, status=Status.APPROVED).exists()
    )


def _store_photo(product: Product, photo: Any) -> None:
    image = image_sanitise(photo, name=f"product-{uuid.uuid4().hex}")
    data = image.content.read()
    image.content.seek(0)
    product.photo.save(image.content.name, image.content, save=False)
    product.thumbnail.save(
        f"product-{uuid.uuid4().hex}-thumb.webp",
        image_rendition(data, max_side=THUMBNAIL_SIDE),
        save=False,
    )


@transaction.atomic
def product_create(*, vendor: Vendor, fields: dict[str, Any], photo: Any = None) -> Product:
    """Add a product for a vendor approved at the current edition; the photo loses metadata."""
    if not vendor_is_approved(vendor=vendor):
        raise ValidationError(
            _("You can add products once your stall application is approved."),
            code="not_approved",
        )
    product = Product(vendor=vendor)
    _assign(product, fields, PRODUCT_FIELDS)
    product.full_clean(exclude=["photo", "thumbnail"])
    if photo:
        _store_with_field_error(product, photo)
    product.save()
    public_pages_changed()
    return product


def _store_with_field_error(product: Product, photo: Any) -> None:
    try:
        _store_photo(product, photo)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error


@transaction.atomic
def product_update(
    *, product: Product, fields: dict[str, Any], photo: Any = None, remove_photo: bool = False
) -> Product:
    """Edit a product; a new photo replaces the old one, stripped of metadata."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _assign(product, fields, PRODUCT_FIELDS)
    product.full_clean(exclude=["photo", "thumbnail"])
    old = [product.photo.name, product.thumbnail.name] if (photo or remove_photo) else []
    if photo:
        _store_with_field_error(product, photo)
    elif remove_photo:
        product.photo = ""
        product.thumbnail = ""
    product.save()
    transaction.on_commit(lambda: _delete_public_files(old))
    public_pages_changed()
    return product


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Remove a product and its photos."""
    files = [product.photo.name, product.thumbnail.name]
    product.delete()
    transaction.on_commit(lambda: _delete_public_files(files))
    public_pages_changed()


def _delete_public_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
