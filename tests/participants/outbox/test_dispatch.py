import datetime as dt
import threading

import pytest
from django.db import connection

from events.models import SEOUL
from participants.models import Reminder, ReminderOptOut
from participants.outbox.models import opt_out_hash
from participants.outbox.services import (
    reminders_claim_due,
    reminders_dispatch,
    reminders_sweep,
)
from tests.factories import ReminderFactory, UserFactory

NOW = dt.datetime(2025, 7, 13, 10, tzinfo=SEOUL)


@pytest.mark.django_db
def test_reminders_dispatch_queues_due_rows_after_commit_only(django_capture_on_commit_callbacks):
    due = ReminderFactory(due_at=NOW - dt.timedelta(minutes=5))
    ReminderFactory(due_at=NOW + dt.timedelta(minutes=5))
    ReminderFactory(due_at=NOW - dt.timedelta(minutes=5), status="sent")

    with django_capture_on_commit_callbacks() as callbacks:
        queued = reminders_dispatch(now=NOW)

    assert queued == 1
    assert len(callbacks) == 1
    assert callbacks[0].args == ([due.pk],)
    due.refresh_from_db()
    assert (due.status, due.queued_at) == ("pending", NOW)


@pytest.mark.django_db
def test_reminders_dispatch_does_not_queue_a_row_twice_until_requeue_delay(settings):
    settings.REMINDER_REQUEUE_AFTER_SECONDS = 600
    reminder = ReminderFactory(due_at=NOW - dt.timedelta(minutes=5))

    first = reminders_dispatch(now=NOW)
    soon = reminders_dispatch(now=NOW + dt.timedelta(minutes=9))
    # Its message was presumably lost (a broker restart): queued again.
    later = reminders_dispatch(now=NOW + dt.timedelta(minutes=11))

    reminder.refresh_from_db()
    assert (first, soon, later) == (1, 0, 1)
    assert reminder.queued_at == NOW + dt.timedelta(minutes=11)


@pytest.mark.django_db
def test_reminders_dispatch_marks_rows_due_too_long_ago_missed(settings):
    settings.REMINDER_MISSED_AFTER_HOURS = 48
    late = ReminderFactory(due_at=NOW - dt.timedelta(hours=49))
    recent = ReminderFactory(due_at=NOW - dt.timedelta(hours=47))

    queued = reminders_dispatch(now=NOW)

    assert queued == 1
    assert dict(Reminder.objects.values_list("pk", "status")) == {
        late.pk: "missed",
        recent.pk: "pending",
    }
    late.refresh_from_db()
    assert late.last_error == "발송 예정 시각이 48시간 넘게 지나 보내지 않았습니다."


@pytest.mark.django_db
def test_reminders_dispatch_cancels_optional_reminders_of_unsubscribed_people():
    user = UserFactory(email="quiet@example.org")
    optional = ReminderFactory(recipient=user, kind="edition_day_before", due_at=NOW)
    other_kind = ReminderFactory(recipient=user, kind="edition_week_before", due_at=NOW)
    ticket = ReminderFactory(recipient=user, kind="waitlist_promoted", due_at=NOW)
    ReminderOptOut.objects.create(
        email_hash=opt_out_hash("quiet@example.org"), kind="edition_day_before"
    )
    # An opt-out from a kind that is not optional has no effect.
    ReminderOptOut.objects.create(
        email_hash=opt_out_hash("quiet@example.org"), kind="waitlist_promoted"
    )

    queued = reminders_dispatch(now=NOW)

    assert queued == 2
    assert dict(Reminder.objects.values_list("pk", "status")) == {
        optional.pk: "cancelled",
        other_kind.pk: "pending",
        ticket.pk: "pending",
    }


@pytest.mark.django_db
def test_reminders_dispatch_claims_in_batches(settings, django_capture_on_commit_callbacks):
    settings.REMINDER_DISPATCH_BATCH_SIZE = 2
    for _ in range(5):
        ReminderFactory(due_at=NOW)

    with django_capture_on_commit_callbacks() as callbacks:
        queued = reminders_dispatch(now=NOW)

    assert queued == 5
    assert [len(callback.args[0]) for callback in callbacks] == [2, 2, 1]


@pytest.mark.django_db
def test_reminders_dispatch_skips_rows_waiting_for_a_retry():
    reminder = ReminderFactory(due_at=NOW, retry_at=NOW + dt.timedelta(seconds=30))

    before = reminders_dispatch(now=NOW)
    after = reminders_dispatch(now=NOW + dt.timedelta(seconds=31))

    assert (before, after) == (0, 1)
    reminder.refresh_from_db()
    assert reminder.queued_at == NOW + dt.timedelta(seconds=31)


@pytest.mark.django_db
def test_reminders_sweep_puts_stuck_rows_back_and_fails_exhausted_ones(settings):
    settings.REMINDER_SENDING_TIMEOUT_SECONDS = 600
    settings.REMINDER_MAX_ATTEMPTS = 3
    stuck = ReminderFactory(status="sending", claimed_at=NOW - dt.timedelta(minutes=11), attempts=1)
    exhausted = ReminderFactory(
        status="sending", claimed_at=NOW - dt.timedelta(minutes=11), attempts=3
    )
    busy = ReminderFactory(status="sending", claimed_at=NOW - dt.timedelta(minutes=9), attempts=1)

    taken_back = reminders_sweep(now=NOW)

    assert taken_back == 1
    assert dict(Reminder.objects.values_list("pk", "status")) == {
        stuck.pk: "pending",
        exhausted.pk: "failed",
        busy.pk: "sending",
    }
    stuck.refresh_from_db()
    assert (stuck.claimed_at, stuck.queued_at) == (None, None)
    assert stuck.last_error == "발송 작업이 끝나기 전에 멈췄습니다."


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reminders_claim_due_two_dispatchers_at_once_claim_disjoint_rows():
    ids = {ReminderFactory(due_at=NOW).pk for _ in range(20)}
    barrier = threading.Barrier(2)
    claimed: list[list[int]] = []

    def dispatcher() -> None:
        try:
            barrier.wait()
            claimed.append(reminders_claim_due(now=NOW, limit=15))
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatcher) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    first, second = claimed
    assert set(first).isdisjoint(second)
    assert set(first) | set(second) == ids
