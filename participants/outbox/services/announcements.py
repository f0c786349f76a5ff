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

from participants.models import Announcement, Reminder
from participants.outbox.selectors import announcement_recipients
from participants.outbox.services._common import _language_codes, logger


@transaction.atomic
def announcement_send(*, announcement_id: int, now: dt.datetime | None = None) -> Announcement:
    """Start sending a draft announcement: validate it and queue the fan-out after commit.

    Raises ValidationError for an empty message, no audience, or one already sent.
    """
    now = now or timezone.now()
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.status != Announcement.Status.DRAFT:
        raise ValidationError(_("This announcement has already been sent."), code="sent")
    # subject/body are modeltranslation's views of subject_ko/_en; validate the real columns.
    announcement.full_clean(exclude=["subject", "body"])
    announcement.status = Announcement.Status.QUEUED
    announcement.queued_at = now
    announcement.save(update_fields=["status", "queued_at"])
    transaction.on_commit(partial(_publish_fan_out, announcement.pk, 0))
    return announcement


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
