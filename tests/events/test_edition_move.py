import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.live.models import ItemLive, Segment
from events.live.selectors import running_order_rows
from events.live.services import item_start
from events.services import edition_save
from participants.models import Reminder
from participants.outbox.services import rsvp_reminders_schedule
from tests.events.live.helpers import SegmentFactory, stage_day
from tests.factories import AppearanceFactory, PerformerFactory, RsvpFactory, UserFactory, seoul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_edition_save_new_date_takes_items_running_orders_and_reminders_along():
    edition, _stage, (ceremony, talk, _concert) = stage_day()
    SegmentFactory(item=ceremony, duration_minutes=5)
    appearance = AppearanceFactory(
        item=talk, performer=PerformerFactory(), call_time=seoul(edition, 10)
    )
    rsvp = RsvpFactory(user=UserFactory(), edition=edition, item=talk)
    day_rsvp = RsvpFactory(user=UserFactory(), edition=edition)
    rsvp_reminders_schedule(rsvp=rsvp)
    rsvp_reminders_schedule(rsvp=day_rsvp)

    edition.date = dt.date(2025, 7, 15)
    edition_save(edition=edition)

    ceremony.refresh_from_db()
    talk.refresh_from_db()
    appearance.refresh_from_db()
    assert (ceremony.starts_at, ceremony.ends_at) == (
        seoul(dt.date(2025, 7, 15), 10),
        seoul(dt.date(2025, 7, 15), 11),
    )
    assert appearance.call_time == seoul(dt.date(2025, 7, 15), 10)
    assert running_order_rows(item=ceremony).rows[0].starts_at == seoul(dt.date(2025, 7, 15), 10)
    hour_before = Reminder.objects.get(kind="item_hour_before")
    assert hour_before.due_at == seoul(dt.date(2025, 7, 15), 10)
    day_before = Reminder.objects.get(kind="edition_day_before")
    assert day_before.due_at == seoul(dt.date(2025, 7, 14), 0)


def test_edition_save_new_date_after_the_day_began_is_refused_and_moves_nothing():
    edition, stage, (ceremony, *_rest) = stage_day()
    item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))

    edition.date = dt.date(2025, 7, 20)
    with pytest.raises(ValidationError) as error:
        edition_save(edition=edition)

    assert error.value.message_dict["date"] == [
        "The day has already begun on a stage (items were started, cancelled or moved): its "
        "date can no longer change."
    ]
    edition.refresh_from_db()
    ceremony.refresh_from_db()
    assert edition.date == dt.date(2025, 7, 14)
    assert ceremony.starts_at == seoul(dt.date(2025, 7, 14), 10)
    assert ItemLive.objects.get(item=ceremony).status == "running"


def test_edition_save_new_date_in_another_year_is_refused():
    edition, _stage, (ceremony, *_rest) = stage_day()

    edition.date = dt.date(2026, 7, 14)
    with pytest.raises(ValidationError) as error:
        edition_save(edition=edition)

    assert error.value.message_dict["date"] == ["The date must fall in the edition's year."]
    ceremony.refresh_from_db()
    assert ceremony.starts_at == seoul(dt.date(2025, 7, 14), 10)
    assert Segment.objects.count() == 0


def test_admin_edition_date_change_after_the_day_began_is_a_form_error(client):
    edition, stage, (ceremony, *_rest) = stage_day()
    item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        f"/en/admin/events/edition/{edition.pk}/change/",
        {
            "year": "2025",
            "date": "2025-07-20",
            "title_ko": edition.title_ko,
            "title_en": edition.title_en,
            "venue_ko": "서울",
            "venue_en": "Seoul",
            "max_party_size": "4",
            "is_published": "on",
            "stages-TOTAL_FORMS": "1",
            "stages-INITIAL_FORMS": "1",
            "stages-0-id": stage.pk,
            "stages-0-edition": edition.pk,
            "stages-0-name_ko": stage.name_ko,
            "stages-0-kind": "hall",
            "stages-0-order": "1",
        },
    )

    assert response.status_code == 200
    assert "The day has already begun on a stage" in response.content.decode()
    edition.refresh_from_db()
    assert edition.date == dt.date(2025, 7, 14)
