"""Celery tasks of the reminder outbox: thin wrappers that take ids and call the services.

What survives what (a task delivered twice, a lost message, a killed worker), the duplicate
window and the kept SMTP connections: docs/architecture.md "How a reminder flows".
"""

from celery import shared_task
from celery.signals import worker_process_shutdown, worker_shutdown

from participants.outbox import mail, services


@worker_process_shutdown.connect  # prefork: in each child process as it exits
@worker_shutdown.connect  # solo and threads: in the worker, once the pool has stopped
def _close_kept_mail_connections(**kwargs) -> None:
    mail.close_all_connections()


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
    outcome = services.reminder_send(reminder_id=reminder_id, connection=mail.KeptConnection())
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
