"""Stall applications: drafts, submission, withdrawal and organisers' decisions.

Every function is atomic and raises a translated ValidationError; a status change by an
organiser writes the vendor's reminder in the same transaction.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.common.formatting import local_date, local_time
from events.models import Edition
from participants.market.selectors import seoul_today
from participants.market.services._common import APPLICATION_FIELDS, Status, _assign
from participants.models import Permit, Reminder, StallApplication, User, Vendor
from participants.outbox.services import reminder_cancel_for_subject, reminder_schedule


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
