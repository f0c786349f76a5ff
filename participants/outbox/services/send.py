"""Sending one reminder: claim the row, render, hand it to the mail server, mark it sent, or
retry with backoff. Called by the send task (participants.outbox.tasks.send_reminder).
"""

import dataclasses
import datetime as dt
import functools
import random
import smtplib

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext_noop

from participants.models import Reminder, Rsvp, WaitlistOffer

# Clock skew between the worker that wrote retry_at/due_at and the one that claims the row.
from participants.outbox.services._common import (
    PermanentFailure,
    _describe,
    _for_organisers,
    _language_codes,
    logger,
)
from participants.outbox.services.claim import reminder_claim_and_load
from participants.outbox.services.dispatch import REMINDER_TOO_LATE
from participants.outbox.services.render import reminder_message

_jitter = random.SystemRandom()


@dataclasses.dataclass(frozen=True)
class SendOutcome:
    status: str
    retry_in: float | None = None


def retry_delay(attempt: int) -> float:
    """Exponential backoff with jitter: between half and all of base * 2^(attempt-1), capped."""
    ceiling = min(
        settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS,
        settings.REMINDER_RETRY_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0),
    )
    return _jitter.uniform(ceiling / 2, ceiling)


def _finish(reminder_id: int, **values) -> None:
    Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.SENDING).update(**values)


@functools.cache
def _mark_sent_sql() -> str:
    # Only quoted identifiers from the model's metadata are interpolated; values are parameters.
    qn = connection.ops.quote_name
    table = qn(Reminder._meta.db_table)
    return (
        f"UPDATE {table} SET {qn('status')} = %s, {qn('sent_at')} = %s, {qn('last_error')} = %s"  # noqa: S608
        f" WHERE {qn('id')} = %s AND {qn('status')} = %s"
    )


def _mark_sent(reminder_id: int, *, sent_at: dt.datetime) -> None:
    """``_finish(status=SENT, sent_at=…, last_error="")`` as one prepared statement: the same
    conditional UPDATE (only a row still ``sending``), without building a query per message."""
    with connection.cursor() as cursor:
        cursor.execute(
            _mark_sent_sql(),
            [
                Reminder.Status.SENT.value,
                connection.ops.adapt_datetimefield_value(sent_at),
                "",
                reminder_id,
                Reminder.Status.SENDING.value,
            ],
        )


def reminder_send(
    *, reminder_id: int, now: dt.datetime | None = None, connection=None
) -> SendOutcome:
    """Claim, render and send one reminder, and record what happened.

    Never raises for a bad reminder: a deleted subject, a recipient with no email, a template
    error or an unknown language is recorded as ``failed``; a transient failure (SMTP, network)
    puts the row back to pending with ``retry_at`` and returns the delay; the last attempt fails.
    """
    now = now or timezone.now()
    reminder = reminder_claim_and_load(reminder_id=reminder_id, now=now)
    if reminder is None:
        return SendOutcome("skipped")
    try:
        if reminder.not_after is not None and now >= reminder.not_after:
            # Claimed in time but sent too late (a queue backlog): the cut-off still holds.
            _finish(
                reminder_id,
                status=Reminder.Status.MISSED,
                last_error=_for_organisers(gettext_noop(REMINDER_TOO_LATE)),
            )
            return SendOutcome(Reminder.Status.MISSED)
        reason = _void_reason(reminder)
        if reason:
            _finish(reminder_id, status=Reminder.Status.CANCELLED, last_error=reason)
            return SendOutcome(Reminder.Status.CANCELLED)
        message = reminder_message(reminder=reminder, now=now, connection=connection)
    except PermanentFailure as error:
        _finish(reminder_id, status=Reminder.Status.FAILED, last_error=str(error))
        return SendOutcome(Reminder.Status.FAILED)
    except Exception as error:
        # A template or data error: this message will never render; the worker goes on.
        logger.exception("Reminder %s could not be rendered", reminder_id)
        _finish(reminder_id, status=Reminder.Status.FAILED, last_error=_describe(error))
        return SendOutcome(Reminder.Status.FAILED)
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        if _refused_for_good(error):
            _finish(reminder_id, status=Reminder.Status.FAILED, last_error=_describe(error))
            return SendOutcome(Reminder.Status.FAILED)
        return _retry_later(reminder, error)
    except Exception as error:
        # SMTP and connection errors, timeouts: try again later, up to REMINDER_MAX_ATTEMPTS.
        return _retry_later(reminder, error)
    _mark_sent(reminder_id, sent_at=timezone.now())
    return SendOutcome(Reminder.Status.SENT)


def _refused_for_good(error: smtplib.SMTPRecipientsRefused) -> bool:
    """A 5xx answer to the recipient is final (no such mailbox); a 4xx one (greylisting, a full
    mailbox, a busy server) asks to be tried again later."""
    return all(code >= 500 for code, _message in error.recipients.values())


def _retry_later(reminder: Reminder, error: Exception) -> SendOutcome:
    """Put the row back to pending with a backoff, or fail it after its last attempt."""
    reminder_id = reminder.pk
    logger.warning("Reminder %s: attempt %s failed", reminder_id, reminder.attempts)
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        _finish(reminder_id, status=Reminder.Status.FAILED, last_error=_describe(error))
        return SendOutcome(Reminder.Status.FAILED)
    delay = retry_delay(reminder.attempts)
    retry_at = timezone.now() + dt.timedelta(seconds=delay)
    # queued_at = retry_at: the task's own retry is the queued message; should it be lost,
    # the dispatcher queues the row again REMINDER_REQUEUE_AFTER_SECONDS after that.
    _finish(
        reminder_id,
        status=Reminder.Status.PENDING,
        claimed_at=None,
        retry_at=retry_at,
        queued_at=retry_at,
        last_error=_describe(error),
    )
    return SendOutcome(Reminder.Status.PENDING, retry_in=delay)


def _void_reason(reminder: Reminder) -> str:
    """Why a claimed reminder should not go out any more ('' if it should), or raise
    PermanentFailure when it cannot."""
    if reminder.language not in _language_codes():
        raise PermanentFailure(
            _for_organisers(
                gettext_noop("Unknown language “%(language)s”."), language=reminder.language
            )
        )
    if not reminder.email:
        raise PermanentFailure(_for_organisers(gettext_noop("The recipient has no email address.")))
    if getattr(reminder, "subject_missing", False):
        raise PermanentFailure(
            _for_organisers(gettext_noop("What this reminder is about has been deleted."))
        )
    if reminder.kind in Reminder.RSVP_KINDS and reminder.subject.status not in (
        Rsvp.SEATED_STATUSES
    ):
        return _for_organisers(gettext_noop("The RSVP is no longer confirmed."))
    if (
        reminder.kind == Reminder.Kind.RSVP_WAITLISTED
        and reminder.subject.status != Rsvp.Status.WAITLISTED
    ):
        return _for_organisers(gettext_noop("The RSVP is no longer on the waiting list."))
    if (
        reminder.kind == Reminder.Kind.WAITLIST_OFFER
        and reminder.subject.status != WaitlistOffer.Status.OPEN
    ):
        return _for_organisers(gettext_noop("The offer is no longer open."))
    return ""
