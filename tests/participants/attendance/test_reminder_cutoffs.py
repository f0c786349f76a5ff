"""A reminder's cut-off follows its event: an "hour before" is never sent once its item has
started, a "day before" never on or after the day, however late the dispatcher gets to it."""

import datetime as dt

import pytest
from django.core import mail

from events.services import program_item_update
from participants.models import Reminder
from participants.outbox.services import reminder_send, reminders_dispatch, rsvp_reminders_schedule
from tests.factories import EditionFactory, ProgramItemFactory, RsvpFactory, seoul

pytestmark = pytest.mark.django_db


def _item_at_three():
    edition = EditionFactory(year=2027)
    return ProgramItemFactory(
        edition=edition, starts_at=seoul(edition, 15), ends_at=seoul(edition, 16)
    )


def test_hour_before_reminder_is_missed_once_its_item_has_started():
    item = _item_at_three()
    [reminder] = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=item.edition, item=item))

    reminders_dispatch(now=seoul(item.edition, 15, 1))

    reminder.refresh_from_db()
    assert (reminder.due_at, reminder.not_after) == (seoul(item.edition, 14), item.starts_at)
    assert reminder.status == "missed"
    assert mail.outbox == []


def test_hour_before_reminder_claimed_in_time_but_sent_late_is_not_sent():
    item = _item_at_three()
    [reminder] = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=item.edition, item=item))

    outcome = reminder_send(reminder_id=reminder.pk, now=seoul(item.edition, 15))

    reminder.refresh_from_db()
    assert (outcome.status, reminder.status) == ("missed", "missed")
    assert mail.outbox == []


def test_hour_before_reminder_within_the_hour_is_sent():
    item = _item_at_three()
    [reminder] = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=item.edition, item=item))

    outcome = reminder_send(reminder_id=reminder.pk, now=seoul(item.edition, 14, 59))

    assert outcome.status == "sent"
    assert len(mail.outbox) == 1


def test_day_before_reminder_is_never_sent_on_the_day():
    edition = EditionFactory(year=2027)
    [_week, day_before] = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=edition))

    reminders_dispatch(now=seoul(edition, 0, 30))  # 30 minutes into the day, well within 48 h

    day_before.refresh_from_db()
    assert day_before.not_after == edition.day_starts_at
    assert day_before.status == "missed"
    assert Reminder.objects.get(pk=_week.pk).status == "missed"


def test_day_before_reminder_the_evening_before_is_sent():
    edition = EditionFactory(year=2027)
    [_week, day_before] = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=edition))

    outcome = reminder_send(
        reminder_id=day_before.pk, now=edition.day_starts_at - dt.timedelta(hours=2)
    )

    assert outcome.status == "sent"


def test_moving_an_item_moves_the_cut_off_with_it():
    item = _item_at_three()
    [reminder] = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=item.edition, item=item))

    program_item_update(
        item=item, starts_at=seoul(item.edition, 17), ends_at=seoul(item.edition, 18)
    )

    reminder.refresh_from_db()
    assert (reminder.due_at, reminder.not_after) == (
        seoul(item.edition, 16),
        seoul(item.edition, 17),
    )
