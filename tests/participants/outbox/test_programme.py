import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from events.models import ProgramItem
from events.signals import program_item_rescheduled, program_item_withdrawn
from participants.models import Reminder
from participants.outbox.services import (
    edition_reminders_move,
    performer_call_reminders_sync,
    reminder_schedule,
    reminder_send,
    rsvp_reminders_schedule,
)
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    seoul,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)


def _move(item: ProgramItem, starts_at: dt.datetime) -> None:
    old_starts_at, old_ends_at = item.starts_at, item.ends_at
    item.starts_at, item.ends_at = starts_at, starts_at + dt.timedelta(hours=1)
    item.save()
    program_item_rescheduled.send(
        sender=ProgramItem, item=item, old_starts_at=old_starts_at, old_ends_at=old_ends_at
    )


def test_program_item_rescheduled_moves_pending_hour_before_reminders():
    item = ProgramItemFactory()
    [pending] = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=item.edition, item=item))
    [sent] = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=item.edition, item=item))
    Reminder.objects.filter(pk=sent.pk).update(status="sent", queued_at=NOW)

    _move(item, seoul(item.edition, 15))

    pending.refresh_from_db()
    sent.refresh_from_db()
    assert (pending.due_at, pending.queued_at) == (seoul(item.edition, 14), None)
    assert (sent.status, sent.due_at) == ("sent", seoul(item.edition, 9))


def test_program_item_rescheduled_moves_performer_call_to_new_call_time(settings):
    settings.REMINDER_OFFSETS = {**settings.REMINDER_OFFSETS, "performer_call": 2}
    appearance = AppearanceFactory(call_time=seoul(EditionFactory(), 8))
    performer_call_reminders_sync(now=NOW)
    appearance.call_time = seoul(appearance.item.edition, 13)
    appearance.save()

    _move(appearance.item, seoul(appearance.item.edition, 15))

    reminder = Reminder.objects.get(kind="performer_call")
    assert reminder.due_at == seoul(appearance.item.edition, 11)


def test_program_item_withdrawn_cancels_its_reminders_only():
    item = ProgramItemFactory()
    other = ProgramItemFactory(edition=item.edition, starts_at=seoul(item.edition, 12))
    rsvp_reminders_schedule(rsvp=RsvpFactory(edition=item.edition, item=item))
    rsvp_reminders_schedule(rsvp=RsvpFactory(edition=item.edition, item=other))
    AppearanceFactory(item=item, call_time=seoul(item.edition, 9))
    performer_call_reminders_sync(now=NOW)

    program_item_withdrawn.send(sender=ProgramItem, item=item)

    # The withdrawn item's booking is cancelled, and its holder is told why.
    assert sorted(Reminder.objects.values_list("program_item_id", "kind", "status")) == sorted(
        [
            (item.pk, "item_hour_before", "cancelled"),
            (item.pk, "performer_call", "cancelled"),
            (item.pk, "rsvp_cancelled", "pending"),
            (other.pk, "item_hour_before", "pending"),
        ]
    )
    assert Reminder.objects.get(kind="rsvp_cancelled").context == {"reason": "withdrawn"}


def test_performer_call_reminders_sync_writes_one_per_published_appearance_with_email(settings):
    settings.REMINDER_OFFSETS = {**settings.REMINDER_OFFSETS, "performer_call": 24}
    edition = EditionFactory()
    booked = AppearanceFactory(
        item__edition=edition,
        call_time=seoul(edition, 9),
        performer__contact_email="Singer@Example.org",
    )
    AppearanceFactory(item__edition=edition, item__starts_at=seoul(edition, 12), call_time=None)
    AppearanceFactory(
        item__edition=edition,
        item__starts_at=seoul(edition, 14),
        call_time=seoul(edition, 13),
        performer__contact_email="",
    )
    AppearanceFactory(
        item__edition=edition,
        item__starts_at=seoul(edition, 16),
        item__is_published=False,
        call_time=seoul(edition, 15),
    )

    first = performer_call_reminders_sync(now=NOW)
    again = performer_call_reminders_sync(now=NOW)

    [reminder] = Reminder.objects.all()
    assert (first, again) == (1, 1)
    assert (reminder.key, reminder.recipient_email, reminder.due_at) == (
        f"performer_call:appearance:{booked.pk}",
        "singer@example.org",
        seoul(edition, 9) - dt.timedelta(hours=24),
    )


def test_performer_call_reminders_sync_cancels_when_call_time_is_cleared():
    appearance = AppearanceFactory(call_time=seoul(EditionFactory(), 9))
    performer_call_reminders_sync(now=NOW)
    appearance.call_time = None
    appearance.save()

    performer_call_reminders_sync(now=NOW)

    assert list(Reminder.objects.values_list("status", flat=True)) == ["cancelled"]


def test_performer_call_reminder_renders_call_time_and_place_in_korean():
    edition = EditionFactory()
    appearance = AppearanceFactory(
        item__edition=edition,
        item__title_ko="추모식",
        item__stage__name_ko="대강당",
        call_time=seoul(edition, 9, 30),
        performer__contact_email="singer@example.org",
    )
    performer_call_reminders_sync(now=NOW)
    reminder = Reminder.objects.get()

    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    [message] = mail.outbox
    assert message.to == ["singer@example.org"]
    assert message.subject == "추모식 집합 시각은 2025년 7월 14일 (월) 오전 9:30입니다"
    assert "장소: 대강당, 서울" in message.body
    assert "List-Unsubscribe" not in message.extra_headers
    assert appearance.performer.legal_name not in message.body


def test_reminder_schedule_unknown_language_is_rejected_with_a_message():
    with pytest.raises(ValidationError) as error:
        reminder_schedule(
            kind="announcement", key="x", due_at=NOW, recipient=UserFactory(), language="fr"
        )

    assert error.value.messages == [
        "알림은 한국어나 영어로만 보낼 수 있습니다. “fr”은(는) 사용할 수 없습니다."
    ]
    assert Reminder.objects.count() == 0


def test_edition_reminders_move_follows_the_new_date():
    edition = EditionFactory(year=2025)
    week, _day = rsvp_reminders_schedule(rsvp=RsvpFactory(edition=edition))
    Reminder.objects.filter(pk=week.pk).update(status="sent")
    edition.date = dt.date(2025, 7, 15)
    edition.save()

    moved = edition_reminders_move(edition=edition)

    assert moved == 1
    assert dict(Reminder.objects.values_list("kind", "due_at")) == {
        "edition_week_before": seoul(dt.date(2025, 7, 14), 0) - dt.timedelta(days=7),
        "edition_day_before": seoul(dt.date(2025, 7, 14), 0),
    }
