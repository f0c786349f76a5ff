"""What the programme's services do to the participants' data when the day or an item moves,
or an item is deleted: all in the programme change's own transaction."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import ProgramItem
from events.services import edition_save, program_item_delete, program_item_reschedule
from participants.market.services import stall_assign
from participants.models import Reminder
from participants.outbox.services import rsvp_reminders_schedule
from tests.factories import (
    MarketStageFactory,
    ProgramItemFactory,
    RsvpFactory,
    StallFactory,
    UserFactory,
    approved_application,
    open_market_edition,
    seoul,
)

pytestmark = pytest.mark.django_db


def test_program_item_reschedule_moves_the_hour_before_reminder():
    item = ProgramItemFactory(capacity=50)
    rsvp = RsvpFactory(edition=item.edition, item=item)
    rsvp_reminders_schedule(rsvp=rsvp)

    program_item_reschedule(
        item=item, starts_at=seoul(item.edition, 15), ends_at=seoul(item.edition, 16)
    )

    reminder = Reminder.objects.get(kind="item_hour_before")
    assert (reminder.status, reminder.due_at) == ("pending", seoul(item.edition, 14))


def test_program_item_delete_with_rsvps_is_refused_and_keeps_everything():
    item = ProgramItemFactory(capacity=50)
    RsvpFactory(edition=item.edition, item=item)

    with pytest.raises(ValidationError) as error:
        program_item_delete(item=item)

    assert error.value.code == "has_rsvps"
    assert ProgramItem.objects.filter(pk=item.pk).exists()


def test_edition_save_new_date_moves_attendee_and_vendor_reminders():
    edition = open_market_edition()
    rsvp = RsvpFactory(edition=edition, user=UserFactory())
    rsvp_reminders_schedule(rsvp=rsvp)
    application = approved_application(edition=edition)
    stall = StallFactory(stage=MarketStageFactory(edition=edition))
    stall_assign(application=application, stall=stall)
    new_date = edition.date + dt.timedelta(days=1)

    edition.date = new_date
    edition_save(edition=edition)

    due = dict(Reminder.objects.filter(status="pending").values_list("kind", "due_at"))
    day_starts = seoul(new_date, 0)
    assert due["edition_week_before"] == day_starts - dt.timedelta(days=7)
    assert due["edition_day_before"] == day_starts - dt.timedelta(days=1)
    assert due["vendor_day_before"] == day_starts - dt.timedelta(days=1)
    vendor_reminder = Reminder.objects.get(kind="vendor_day_before")
    assert vendor_reminder.context["edition_date"] == "2027년 7월 15일 (목)"
