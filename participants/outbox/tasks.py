"""Celery tasks of the reminder outbox: thin wrappers that take ids and call the services.

Never a long ETA or countdown on Redis: the row's ``due_at`` is the schedule and the dispatcher
(beat, every REMINDER_DISPATCH_INTERVAL_SECONDS) queues what is due. The only countdown is a
transient-failure retry, capped at REMINDER_RETRY_BACKOFF_MAX_SECONDS; if that message is lost
the dispatcher queues the row again.

What survives what (DESIGN.md "Reminders" 3):
- A task delivered twice, or queued twice: the send task claims its row with one conditional
  UPDATE (pending -> sending); the second finds nothing to claim and sends nothing.
- A message lost by the broker (Redis restarted without persistence, publish failed): the row
  stays pending with ``queued_at`` set and is queued again REMINDER_REQUEUE_AFTER_SECONDS later.
- A worker killed (SIGKILL, OOM, machine lost): its row stays in ``sending``; the sweeper puts it
  back to pending after REMINDER_SENDING_TIMEOUT_SECONDS and it is sent again. That timeout
  exceeds the longest a live send can take: the task time limit in a prefork pool, and in a
  pool of threads (production's, which cannot enforce it) the sum of the mail and database
  timeouts (check participants.E002).
- The duplicate window: a worker that dies after the mail server accepted a message and before its
  row was marked sent (a few milliseconds: one UPDATE) makes that one message go out twice, at
  most one per pool thread (or process) of the worker that died. Both copies carry the same
  Message-ID, derived from the row's key, so mail clients show one. The same holds for a mail
  server that accepts a message but drops the connection before confirming it: the message is sent
  again, at once on a new connection if the dropped one was a kept connection that had carried
  earlier messages (participants.outbox.mail; one such resend per attempt), otherwise later as a
  transient failure. Nothing else is ever sent twice: a kept connection that the server closed
  while it was idle fails before the message is handed over (at MAIL FROM, or when writing to the
  socket), so sending again at once delivers it once. On PostgreSQL the claim commits
  asynchronously (no wait for the WAL flush) while the UPDATE that marks the row sent waits for
  it, so a PostgreSQL crash forgets a claim only together with its sent mark: the window is the
  same as with a durable claim (participants.outbox.services.reminder_claim_and_load).

Mail connections: each worker thread keeps one SMTP connection open between send tasks
(participants.outbox.mail), so a reminder costs one SMTP transaction, not a new session with EHLO,
STARTTLS and AUTH. Thread-local: correct under the threads, solo and prefork pools alike.
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
