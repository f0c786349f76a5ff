"""The outbox under real faults: a real Celery worker (with beat) against Redis and PostgreSQL."""

import collections
import datetime as dt
import itertools
import time

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import formats, timezone, translation

from events.models import SEOUL, ProgramItem
from events.signals import program_item_rescheduled
from participants.models import Announcement, Reminder, User
from participants.outbox.selectors import announcement_progress
from participants.outbox.services import (
    announcement_send,
    reminder_message_id,
    rsvp_reminders_schedule,
)
from participants.tasks import send_reminder
from tests.factories import AnnouncementFactory, EditionFactory, ProgramItemFactory, RsvpFactory
from tests.integration.conftest import wait_for
from tests.integration.mail_backends import sent_messages

pytestmark = pytest.mark.integration

# Production runs a pool of threads (CELERY_WORKER_POOL); prefork is what Celery defaults to.
# The guarantees must hold in both.
both_pools = pytest.mark.parametrize("pool", ["threads", "prefork"])


def _due_reminders(count: int, *, language: str = "en") -> list[Reminder]:
    """``count`` announcement reminders, due a minute ago, to ``count`` people."""
    announcement = AnnouncementFactory(status=Announcement.Status.QUEUED_ALL)
    users = User.objects.bulk_create(
        User(email=f"guest{n}@example.org", preferred_language=language) for n in range(count)
    )
    due_at = timezone.now() - dt.timedelta(minutes=1)
    announcement_type = ContentType.objects.get_for_model(Announcement)
    return Reminder.objects.bulk_create(
        Reminder(
            kind="announcement",
            key=f"announcement:{announcement.pk}:user:{user.pk}",
            recipient=user,
            language=language,
            edition_id=announcement.edition_id,
            subject_type=announcement_type,
            subject_id=announcement.pk,
            due_at=due_at,
        )
        for user in users
    )


def _statuses() -> dict[str, int]:
    return dict(collections.Counter(Reminder.objects.values_list("status", flat=True)))


def _all_sent(count: int) -> bool:
    return Reminder.objects.filter(status="sent").count() == count


@both_pools
def test_worker_due_reminder_is_delivered_exactly_once(worker, pool):
    [reminder] = _due_reminders(1)

    worker.start(pool=pool)
    assert wait_for(lambda: _all_sent(1))
    time.sleep(1.5)  # three more dispatcher runs: nothing is queued again

    messages = sent_messages(worker.mail_folder)
    assert [(m["subject"], m["to"]) for m in messages] == [("A notice", ["guest0@example.org"])]
    assert messages[0]["message_id"] == reminder_message_id(reminder)
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 1)


@both_pools
def test_worker_same_task_delivered_twice_sends_once(worker, pool):
    [reminder] = _due_reminders(1)
    worker.start(beat=False, pool=pool)

    send_reminder.apply_async((reminder.pk,))
    send_reminder.apply_async((reminder.pk,))
    assert wait_for(lambda: _all_sent(1))
    time.sleep(1)  # time for the second message to be consumed

    assert len(sent_messages(worker.mail_folder)) == 1
    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("sent", 1)


@both_pools
def test_worker_killed_mid_batch_loses_nothing_and_duplicates_only_in_flight_rows(worker, pool):
    reminders = _due_reminders(40)
    worker.start(concurrency=2, pool=pool, TEST_EMAIL_DELAY="0.1")
    assert wait_for(lambda: len(sent_messages(worker.mail_folder)) >= 10)

    worker.kill()
    in_flight = set(Reminder.objects.filter(status="sending").values_list("pk", flat=True))
    sent_before_restart = len(sent_messages(worker.mail_folder))
    assert sent_before_restart < 40  # the kill landed mid-batch
    worker.start(concurrency=2)
    assert wait_for(lambda: _all_sent(40), timeout=40)

    ids = collections.Counter(m["message_id"] for m in sent_messages(worker.mail_folder))
    by_message_id = {reminder_message_id(r): r.pk for r in reminders}
    assert set(ids) == set(by_message_id)  # nothing lost
    duplicated = {by_message_id[mid] for mid, n in ids.items() if n > 1}
    # The documented window: only a row that was being sent when its worker died (the mail
    # server may have accepted it before the row was marked) can go out twice.
    assert duplicated <= in_flight
    assert len(in_flight) <= 2  # at most one per pool process or thread
    assert max(ids.values()) <= 2


def test_worker_survives_redis_restart_with_reminders_queued(
    transactional_db, private_redis, tmp_path
):
    from tests.integration.conftest import Worker

    _due_reminders(30)
    worker = Worker(tmp_path, private_redis.url)
    worker.start(concurrency=1, TEST_EMAIL_DELAY="0.1")
    try:
        assert wait_for(lambda: len(sent_messages(worker.mail_folder)) >= 3)
        queued = Reminder.objects.filter(status="pending", queued_at__isnull=False).count()

        private_redis.kill()  # every queued message is gone: no persistence
        time.sleep(0.5)
        private_redis.start()

        assert queued > 0  # reminders were waiting in Redis when it went down
        assert wait_for(lambda: _all_sent(30), timeout=40)
    finally:
        worker.stop()
    ids = collections.Counter(m["message_id"] for m in sent_messages(worker.mail_folder))
    assert (len(ids), max(ids.values())) == (30, 1)


def test_worker_failing_mail_server_retries_with_backoff_then_fails(worker):
    [reminder] = _due_reminders(1)

    worker.start(TEST_EMAIL_BACKEND="tests.integration.mail_backends.FailingBackend")
    assert wait_for(lambda: Reminder.objects.filter(status="failed").exists(), timeout=20)

    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts) == ("failed", 3)
    assert reminder.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    attempts = [float(t) for t in (worker.mail_folder / "attempts.log").read_text().split()]
    gaps = [later - earlier for earlier, later in itertools.pairwise(attempts)]
    assert len(attempts) == 3
    # Backoff 0.2 s then 0.4 s, each jittered down to no less than half.
    assert gaps[0] >= 0.1
    assert gaps[1] >= 0.2


def test_worker_moving_an_item_moves_its_pending_reminder(worker):
    now = timezone.now()
    today = timezone.localdate(now, SEOUL)
    edition = EditionFactory(year=today.year, date=today)
    item = ProgramItemFactory(
        edition=edition,
        title_en="Memorial ceremony",
        starts_at=now + dt.timedelta(hours=5),
        ends_at=now + dt.timedelta(hours=6),
    )
    rsvp = RsvpFactory(user__preferred_language="en", edition=edition, item=item)
    [reminder] = rsvp_reminders_schedule(rsvp=rsvp)
    worker.start()
    time.sleep(1.5)
    assert sent_messages(worker.mail_folder) == []  # not due yet

    old_starts_at, old_ends_at = item.starts_at, item.ends_at
    new_starts_at = now + dt.timedelta(minutes=30)
    ProgramItem.objects.filter(pk=item.pk).update(
        starts_at=new_starts_at, ends_at=new_starts_at + dt.timedelta(hours=1)
    )
    item.refresh_from_db()
    program_item_rescheduled.send(
        sender=ProgramItem, item=item, old_starts_at=old_starts_at, old_ends_at=old_ends_at
    )
    assert wait_for(lambda: _all_sent(1))

    reminder.refresh_from_db()
    assert reminder.due_at == new_starts_at - dt.timedelta(hours=1)
    [message] = sent_messages(worker.mail_folder)
    with translation.override("en"):
        time_text = formats.time_format(timezone.localtime(new_starts_at, SEOUL), "TIME_FORMAT")
    assert message["subject"] == f"Starting at {time_text}: Memorial ceremony"


def test_worker_announcement_fans_out_in_batches_and_each_attendee_gets_it_once(worker):
    edition = EditionFactory()
    for n in range(5):
        RsvpFactory(edition=edition, user__email=f"attendee{n}@example.org")
    RsvpFactory(edition=edition, status="waitlisted", user__email="waiting@example.org")
    announcement = AnnouncementFactory(edition=edition, to_waitlisted=False)
    worker.start(REMINDER_ANNOUNCEMENT_BATCH_SIZE="2")

    announcement_send(announcement_id=announcement.pk)
    assert wait_for(lambda: _all_sent(5))
    time.sleep(1)

    announcement.refresh_from_db()
    recipients = sorted(m["to"][0] for m in sent_messages(worker.mail_folder))
    assert recipients == [f"attendee{n}@example.org" for n in range(5)]
    assert (announcement.status, announcement.recipient_count) == ("queued_all", 5)
    assert announcement_progress(announcement) == {
        "queued": 0,
        "sent": 5,
        "failed": 0,
        "cancelled": 0,
    }
