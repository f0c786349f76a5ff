"""Announcements to a whole edition: a fan-out task writes one reminder row per recipient in
batches. Called by the announcements admin and by the fan-out task.
"""

import datetime as dt
from functools import partial

from celery import current_app
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participants.models import Announcement, Reminder, User
from participants.outbox.selectors import announcement_recipients
from participants.outbox.services._common import _language_codes, logger


def _check_sendable(announcement: Announcement, *, expected_count: int | None) -> int:
    """Validate a draft before it goes out; returns the number of recipients."""
    if announcement.status not in (Announcement.Status.DRAFT, Announcement.Status.SCHEDULED):
        raise ValidationError(_("This announcement has already been sent."), code="sent")
    # subject/body are modeltranslation's views of subject_ko/_en; validate the real columns.
    announcement.full_clean(exclude=["subject", "body"])
    count = announcement_recipients(announcement).count()
    if count == 0:
        raise ValidationError(
            _("Nobody would receive this announcement: no one matches the chosen groups."),
            code="no_recipients",
        )
    if expected_count is not None and expected_count != count:
        raise ValidationError(
            _(
                "The number you confirmed (%(typed)d) is not the number of recipients "
                "(%(count)d). Check the recipients and confirm again."
            ),
            params={"typed": expected_count, "count": count},
            code="count_mismatch",
        )
    return count


@transaction.atomic
def announcement_send(
    *,
    announcement_id: int,
    now: dt.datetime | None = None,
    expected_count: int | None = None,
) -> Announcement:
    """Start sending a draft (or a scheduled announcement whose time has come): validate it and
    queue the fan-out after commit. Two organisers sending at once: the row lock lets one in.

    Raises ValidationError for an empty message, no recipient, a confirmed count that is not the
    number of recipients, or one already sent.
    """
    now = now or timezone.now()
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    _check_sendable(announcement, expected_count=expected_count)
    announcement.status = Announcement.Status.QUEUED
    announcement.queued_at = now
    announcement.save(update_fields=["status", "queued_at"])
    transaction.on_commit(partial(_publish_fan_out, announcement.pk, 0))
    return announcement


@transaction.atomic
def announcement_schedule(
    *,
    announcement_id: int,
    at: dt.datetime,
    expected_count: int | None = None,
    now: dt.datetime | None = None,
) -> Announcement:
    """Send later: the dispatcher starts it at ``at``. Raises ValidationError for a time in the
    past and for everything ``announcement_send`` refuses."""
    now = now or timezone.now()
    if at <= now:
        raise ValidationError(
            _("Choose a time in the future to schedule the announcement."), code="past"
        )
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.status != Announcement.Status.DRAFT:
        raise ValidationError(_("This announcement has already been sent."), code="sent")
    _check_sendable(announcement, expected_count=expected_count)
    announcement.status = Announcement.Status.SCHEDULED
    announcement.scheduled_for = at
    announcement.save(update_fields=["status", "scheduled_for"])
    return announcement


def announcements_start_scheduled(*, now: dt.datetime) -> int:
    """Start every scheduled announcement whose time has come (called by the dispatcher)."""
    started = 0
    due = Announcement.objects.filter(
        status=Announcement.Status.SCHEDULED, scheduled_for__lte=now
    ).values_list("pk", flat=True)
    for announcement_id in list(due):
        try:
            announcement_send(announcement_id=announcement_id, now=now)
            started += 1
        except ValidationError as error:
            # Nobody matches any more, or it was edited into something invalid: it stops here
            # and the organisers see why on the announcement.
            Announcement.objects.filter(pk=announcement_id).update(
                status=Announcement.Status.STOPPED, stopped_at=now
            )
            logger.warning("Scheduled announcement %s not sent: %s", announcement_id, error)
    return started


@transaction.atomic
def announcement_stop(*, announcement_id: int, now: dt.datetime | None = None) -> int:
    """Stop a scheduled or running send: no further recipient is queued and the messages not yet
    handed to a worker are cancelled. Returns how many were cancelled."""
    now = now or timezone.now()
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.status not in (
        Announcement.Status.SCHEDULED,
        Announcement.Status.QUEUED,
        Announcement.Status.QUEUED_ALL,
    ):
        raise ValidationError(_("Only a scheduled or running send can be stopped."), code="idle")
    announcement.status = Announcement.Status.STOPPED
    announcement.stopped_at = now
    announcement.save(update_fields=["status", "stopped_at"])
    return announcement.reminders.filter(status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )


def announcement_send_test(
    *, announcement_id: int, to: User, now: dt.datetime | None = None
) -> list[Reminder]:
    """Send the announcement to the organiser only, once in each language, through the outbox
    (the same templates and path as the real send)."""
    now = now or timezone.now()
    announcement = Announcement.objects.get(pk=announcement_id)
    subject_type = ContentType.objects.get_for_model(Announcement)
    return [
        Reminder.objects.create(
            kind=Reminder.Kind.ANNOUNCEMENT,
            key=f"{Reminder.Kind.ANNOUNCEMENT}:{announcement.pk}:test:{to.pk}:{code}:"
            f"{now.timestamp():.3f}",
            recipient=to,
            language=code,
            edition_id=announcement.edition_id,
            subject_type=subject_type,
            subject_id=announcement.pk,
            context={"is_test": True},
            due_at=now,
        )
        for code in sorted(_language_codes())
    ]


# Published by name: the tasks module imports the services, never the other way round.
FAN_OUT_TASK = "participants.fan_out_announcement"


def _publish_fan_out(announcement_id: int, after_user_id: int) -> None:
    try:
        current_app.send_task(FAN_OUT_TASK, (announcement_id, after_user_id))
    except Exception:
        # The dispatcher queues the fan-out again (announcements_requeue_stuck).
        logger.exception("Could not queue the fan-out of announcement %s", announcement_id)


@transaction.atomic
def announcement_fan_out_batch(
    *, announcement_id: int, after_user_id: int = 0, now: dt.datetime | None = None
) -> int | None:
    """Write the next batch of announcement reminders (due now) after ``after_user_id``.

    Returns the cursor for the next batch, or None when every recipient has a row. Running a
    batch twice writes nothing twice (the key); a draft is never fanned out.
    """
    now = now or timezone.now()
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.status != Announcement.Status.QUEUED:
        return None
    size = settings.REMINDER_ANNOUNCEMENT_BATCH_SIZE
    users = list(
        announcement_recipients(announcement)
        .filter(pk__gt=after_user_id)
        .values_list("pk", "preferred_language")[:size]
    )
    languages = _language_codes()
    subject_type = ContentType.objects.get_for_model(Announcement)
    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=Reminder.Kind.ANNOUNCEMENT,
                key=f"{Reminder.Kind.ANNOUNCEMENT}:{announcement.pk}:user:{user_id}",
                recipient_id=user_id,
                language=language if language in languages else settings.LANGUAGE_CODE,
                edition_id=announcement.edition_id,
                subject_type=subject_type,
                subject_id=announcement.pk,
                due_at=now,
            )
            for user_id, language in users
        ],
        ignore_conflicts=True,
    )
    announcement.recipient_count = announcement.reminders.count()
    fields = ["recipient_count"]
    if len(users) < size:
        announcement.status = Announcement.Status.QUEUED_ALL
        announcement.queued_all_at = now
        fields += ["status", "queued_all_at"]
    else:
        # Progress: a fan-out that stops here is picked up by the dispatcher after the requeue
        # delay and resumes from the start (rows already written are skipped by their key).
        announcement.queued_at = now
        fields.append("queued_at")
    announcement.save(update_fields=fields)
    return users[-1][0] if len(users) == size else None


def announcements_requeue_stuck(*, now: dt.datetime) -> int:
    """Queue again the fan-out of announcements whose fan-out message was lost."""
    before = now - dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    stuck = list(
        Announcement.objects.filter(
            status=Announcement.Status.QUEUED, queued_at__lte=before
        ).values_list("pk", flat=True)
    )
    for announcement_id in stuck:
        Announcement.objects.filter(pk=announcement_id).update(queued_at=now)
        transaction.on_commit(partial(_publish_fan_out, announcement_id, 0))
    return len(stuck)


def announcement_preview(*, announcement: Announcement, language: str, viewer: User) -> dict:
    """The email exactly as a recipient in ``language`` gets it (subject, text, HTML), rendered
    by the same code as the real send, addressed to the organiser looking at it."""
    from participants.outbox.services.render import reminder_message

    reminder = Reminder(
        kind=Reminder.Kind.ANNOUNCEMENT,
        key=f"{Reminder.Kind.ANNOUNCEMENT}:{announcement.pk}:preview",
        recipient=viewer,
        language=language,
        edition_id=announcement.edition_id,
        subject_type=ContentType.objects.get_for_model(Announcement),
        subject_id=announcement.pk,
        due_at=timezone.now(),
    )
    message = reminder_message(reminder=reminder)
    html = next((body for body, kind in message.alternatives if kind == "text/html"), "")
    return {"language": language, "subject": message.subject, "text": message.body, "html": html}
