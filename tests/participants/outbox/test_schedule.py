import datetime as dt

import pytest

from participants.models import Reminder
from participants.outbox.services import (
    reminder_schedule,
    rsvp_reminders_cancel,
    rsvp_reminders_schedule,
    waitlist_promotion_notify,
)
from tests.factories import EditionFactory, ProgramItemFactory, RsvpFactory, UserFactory, seoul

pytestmark = pytest.mark.django_db


def test_rsvp_reminders_schedule_day_rsvp_writes_week_and_day_before():
    edition = EditionFactory(year=2025)
    rsvp = RsvpFactory(edition=edition)

    rsvp_reminders_schedule(rsvp=rsvp)

    due = dict(Reminder.objects.filter(subject_id=rsvp.pk).values_list("kind", "due_at"))
    assert due == {
        "edition_week_before": seoul(edition, 0) - dt.timedelta(days=7),
        "edition_day_before": seoul(edition, 0) - dt.timedelta(days=1),
    }


def test_rsvp_reminders_schedule_twice_keeps_one_row_per_kind():
    rsvp = RsvpFactory(item=ProgramItemFactory())

    rsvp_reminders_schedule(rsvp=rsvp)
    rsvp_reminders_schedule(rsvp=rsvp)

    assert list(Reminder.objects.values_list("kind", flat=True)) == ["item_hour_before"]


def test_rsvp_reminders_cancel_cancels_only_pending_rows():
    rsvp = RsvpFactory()
    rsvp_reminders_schedule(rsvp=rsvp)
    Reminder.objects.filter(kind="edition_week_before").update(status="sent")

    cancelled = rsvp_reminders_cancel(rsvp=rsvp)

    assert cancelled == 1
    assert dict(Reminder.objects.values_list("kind", "status")) == {
        "edition_week_before": "sent",
        "edition_day_before": "cancelled",
    }


def test_waitlist_promotion_notify_is_due_now_in_recipient_language():
    now = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)
    rsvp = RsvpFactory(user=UserFactory(preferred_language="en"))

    promotion = waitlist_promotion_notify(rsvp=rsvp, now=now)

    assert (promotion.kind, promotion.due_at, promotion.language) == (
        "waitlist_promoted",
        now,
        "en",
    )
    assert Reminder.objects.count() == 3


def test_reminder_schedule_does_not_requeue_a_sent_reminder():
    user = UserFactory()
    first = reminder_schedule(
        kind="announcement", key="a:1", due_at=seoul(EditionFactory(), 9), recipient=user
    )
    Reminder.objects.filter(pk=first.pk).update(status="sent")

    again = reminder_schedule(
        kind="announcement", key="a:1", due_at=seoul(EditionFactory(), 10), recipient=user
    )

    assert (again.status, again.due_at) == ("sent", seoul(EditionFactory(), 9))
