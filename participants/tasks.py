"""Celery tasks of the reminder outbox: thin wrappers that take ids and call the services.

Never a long ETA or countdown on Redis: the row's ``due_at`` is the schedule and the dispatcher
(beat, every REMINDER_DISPATCH_INTERVAL_SECONDS) queues what is due. The only countdown is a
transient-failure retry, capped at REMINDER_RETRY_BACKOFF_MAX_SECONDS; if that message is lost
the dispatcher queues the row again.
"""

from celery import shared_task

from participants.services import reminders as services


@shared_task(name="participants.dispatch_reminders", acks_late=True, ignore_result=True)
def dispatch_reminders() -> int:
    return services.reminders_dispatch()


@shared_task(name="participants.sweep_reminders", acks_late=True, ignore_result=True)
def sweep_reminders() -> int:
    return services.reminders_sweep()


@shared_task(name="participants.sync_performer_call_reminders", acks_late=True, ignore_result=True)
def sync_performer_call_reminders() -> int:
    return services.performer_call_reminders_sync()


@shared_task(
    bind=True,
    name="participants.send_reminder",
    acks_late=True,
    ignore_result=True,
    # Attempts are counted on the row (REMINDER_MAX_ATTEMPTS), not by Celery.
    max_retries=None,
)
def send_reminder(self, reminder_id: int) -> str:
    outcome = services.reminder_send(reminder_id=reminder_id)
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    return outcome.status


@shared_task(name="participants.fan_out_announcement", acks_late=True, ignore_result=True)
def fan_out_announcement(announcement_id: int, after_user_id: int = 0) -> int | None:
    cursor = services.announcement_fan_out_batch(
        announcement_id=announcement_id, after_user_id=after_user_id
    )
    if cursor is not None:
        fan_out_announcement.delay(announcement_id, cursor)
    return cursor
