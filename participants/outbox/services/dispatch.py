"""Dispatch: beat's dispatcher claims due rows in batches and queues one send task per row after
commit; the sweeper takes back rows whose worker died. Called by participants.outbox.tasks.
"""

import datetime as dt
from functools import partial

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from participants.models import Reminder
from participants.outbox.services._common import (
    _for_organisers,
    _ready,
    logger,
    reminders_opted_out,
)
from participants.outbox.services.announcements import (
    announcements_requeue_stuck,
    announcements_start_scheduled,
)


def reminders_mark_missed(*, now: dt.datetime) -> int:
    """Mark pending reminders that came due too long ago, or whose event's cut-off has passed
    (``not_after``: the item started, the day came), as missed (not sent); returns how many."""
    hours = settings.REMINDER_MISSED_AFTER_HOURS
    pending = Reminder.objects.filter(status=Reminder.Status.PENDING)
    late = pending.filter(due_at__lt=now - dt.timedelta(hours=hours)).update(
        status=Reminder.Status.MISSED,
        last_error=_for_organisers(
            gettext_noop("Not sent: it came due more than %(hours)s hours ago."), hours=f"{hours:g}"
        ),
    )
    return late + pending.filter(not_after__lte=now).update(
        status=Reminder.Status.MISSED,
        last_error=_for_organisers(gettext_noop(REMINDER_TOO_LATE)),
    )


REMINDER_TOO_LATE = "Not sent: what it announces has already begun."


UNSUBSCRIBED = "The recipient unsubscribed."


def _claim_batch(*, now: dt.datetime, limit: int) -> tuple[list[int], int]:
    """Claim up to ``limit`` due rows: cancel those whose address unsubscribed from their kind,
    stamp ``queued_at`` on the rest. Returns their ids and how many rows were claimed. At most
    four queries, whatever the batch or the number of opt-outs."""
    requeue_before = now - dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    due = (
        Reminder.objects.filter(_ready(now))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lte=requeue_before))
        .order_by("due_at", "id")
    )
    if settings.USING_POSTGRES:
        due = due.select_for_update(skip_locked=True, of=("self",))
    rows = [
        (pk, kind, recipient_email or account_email or "")
        for pk, kind, recipient_email, account_email in due.values_list(
            "id", "kind", "recipient_email", "recipient__email"
        )[:limit]
    ]
    # Checked per batch, as the rows are claimed: the opt-outs hold only keyed hashes, which a
    # SQL subquery cannot compute. This is the one check: a row reaches the send stage only from
    # here (or as a retry of a row that passed here), and a later opt-out cancels the address's
    # pending rows at once (reminder_unsubscribe), queued or waiting for a retry.
    unsubscribed = reminders_opted_out(rows)
    if unsubscribed:
        Reminder.objects.filter(pk__in=unsubscribed).update(
            status=Reminder.Status.CANCELLED,
            last_error=_for_organisers(gettext_noop(UNSUBSCRIBED)),
        )
    ids = [row[0] for row in rows if row[0] not in unsubscribed]
    if ids:
        Reminder.objects.filter(pk__in=ids).update(queued_at=now)
    return ids, len(rows)


@transaction.atomic
def reminders_claim_due(*, now: dt.datetime, limit: int) -> list[int]:
    """Claim up to ``limit`` due pending rows for queueing: cancel the unsubscribed ones, stamp
    ``queued_at`` on the others and return their ids.

    On PostgreSQL, SKIP LOCKED lets two dispatchers (two beats by mistake) run side by side
    without queueing the same row twice. A row queued less than REMINDER_REQUEUE_AFTER_SECONDS
    ago is left alone; after that its message is presumed lost and it is queued again.
    """
    return _claim_batch(now=now, limit=limit)[0]


# Published by name: the tasks module imports the services, never the other way round.
SEND_TASK = "participants.send_reminder"


def _publish_sends(ids: list[int]) -> None:
    try:
        # One Redis round trip per batch (a pipeline of LPUSHes) instead of one per message;
        # transports without batching (the embedded filesystem broker) publish one by one.
        with (
            current_app.producer_or_acquire() as producer,
            producer.batch(max_size=len(ids)),
        ):
            for reminder_id in ids:
                current_app.send_task(SEND_TASK, (reminder_id,), producer=producer)
    except Exception:
        # The rows keep queued_at; the dispatcher queues them again after
        # REMINDER_REQUEUE_AFTER_SECONDS, so a broker that is down loses nothing.
        logger.exception("Could not queue %d reminders; they will be queued again", len(ids))


def reminders_dispatch(*, now: dt.datetime | None = None, max_batches: int = 1000) -> int:
    """Mark late rows missed, cancel unsubscribed ones, then claim due rows in batches and queue
    one send task per row after each batch commits. Returns how many were queued."""
    now = now or timezone.now()
    reminders_mark_missed(now=now)
    batch = settings.REMINDER_DISPATCH_BATCH_SIZE
    queued = 0
    for _batch in range(max_batches):
        with transaction.atomic():
            ids, claimed = _claim_batch(now=now, limit=batch)
            if ids:
                transaction.on_commit(partial(_publish_sends, ids))
        queued += len(ids)
        if claimed < batch:
            break
    announcements_start_scheduled(now=now)
    announcements_requeue_stuck(now=now)
    return queued


def reminders_sweep(*, now: dt.datetime | None = None) -> int:
    """Put rows stuck in ``sending`` (their worker died) back to pending, or fail them when they
    have used up their attempts. Returns how many were taken back."""
    now = now or timezone.now()
    stuck = Reminder.objects.filter(
        status=Reminder.Status.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=settings.REMINDER_SENDING_TIMEOUT_SECONDS),
    )
    lost = _for_organisers(gettext_noop("The worker sending it stopped before it finished."))
    stuck.filter(attempts__gte=settings.REMINDER_MAX_ATTEMPTS).update(
        status=Reminder.Status.FAILED, last_error=lost
    )
    return stuck.update(
        status=Reminder.Status.PENDING, claimed_at=None, queued_at=None, last_error=lost
    )


def reminders_retry_failed(*, ids: list[int]) -> int:
    """Put failed reminders back in the queue with fresh attempts; returns how many."""
    return Reminder.objects.filter(pk__in=ids, status=Reminder.Status.FAILED).update(
        status=Reminder.Status.PENDING,
        attempts=0,
        queued_at=None,
        retry_at=None,
        claimed_at=None,
    )


def reminders_cancel_pending(*, ids: list[int]) -> int:
    """Cancel pending reminders (a row already being sent is left to finish)."""
    return Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )
