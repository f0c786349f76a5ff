import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from participants.models import Announcement, Reminder
from participants.outbox.selectors import announcement_progress
from participants.outbox.services import (
    announcement_fan_out_batch,
    announcement_send,
    reminder_send,
    reminders_dispatch,
)
from tests.factories import (
    AnnouncementFactory,
    EditionFactory,
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 7, 14, 1, tzinfo=dt.UTC)


def _fan_out(announcement: Announcement) -> None:
    cursor = 0
    while cursor is not None:
        cursor = announcement_fan_out_batch(
            announcement_id=announcement.pk, after_user_id=cursor, now=NOW
        )


def test_announcement_send_empty_body_is_rejected_with_a_message(
    django_capture_on_commit_callbacks,
):
    announcement = AnnouncementFactory(body_ko="   ", body_en="")

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError) as err:
        announcement_send(announcement_id=announcement.pk, now=NOW)

    assert err.value.message_dict == {"body_ko": ["내용을 쓰세요. 빈 공지는 보낼 수 없습니다."]}
    announcement.refresh_from_db()
    assert (announcement.status, callbacks) == ("draft", [])


def test_announcement_send_twice_is_rejected():
    announcement = AnnouncementFactory()
    RsvpFactory(edition=announcement.edition)
    announcement_send(announcement_id=announcement.pk, now=NOW)

    with pytest.raises(ValidationError) as error:
        announcement_send(announcement_id=announcement.pk, now=NOW)

    assert error.value.messages == ["이 공지는 이미 보냈습니다."]


def test_announcement_fan_out_reaches_chosen_statuses_once_per_person_in_batches(settings):
    settings.REMINDER_ANNOUNCEMENT_BATCH_SIZE = 2
    edition = EditionFactory()
    item = ProgramItemFactory(edition=edition)
    confirmed = RsvpFactory(edition=edition, status="confirmed").user
    checked_in = RsvpFactory(edition=edition, status="checked_in").user
    RsvpFactory(user=checked_in, edition=edition, item=item)  # two RSVPs, one message
    RsvpFactory(edition=edition, status="waitlisted")
    RsvpFactory(edition=edition, status="cancelled")
    RsvpFactory(edition=EditionFactory(year=2026), status="confirmed")
    announcement = AnnouncementFactory(edition=edition, to_waitlisted=False)
    announcement_send(announcement_id=announcement.pk, now=NOW)

    first_cursor = announcement_fan_out_batch(announcement_id=announcement.pk, now=NOW)
    last_cursor = announcement_fan_out_batch(
        announcement_id=announcement.pk, after_user_id=first_cursor, now=NOW
    )

    announcement.refresh_from_db()
    assert (first_cursor, last_cursor) == (checked_in.pk, None)
    assert set(Reminder.objects.values_list("recipient_id", flat=True)) == {
        confirmed.pk,
        checked_in.pk,
    }
    assert (announcement.status, announcement.recipient_count) == ("queued_all", 2)


def test_announcement_fan_out_filtered_by_item_and_run_twice_writes_once():
    edition = EditionFactory()
    item = ProgramItemFactory(edition=edition)
    booked = RsvpFactory(edition=edition, item=item).user
    RsvpFactory(edition=edition)
    announcement = AnnouncementFactory(edition=edition, item=item)
    announcement_send(announcement_id=announcement.pk, now=NOW)
    _fan_out(announcement)
    Announcement.objects.filter(pk=announcement.pk).update(status="queued")

    _fan_out(announcement)

    assert list(Reminder.objects.values_list("recipient_id", flat=True)) == [booked.pk]


def test_announcement_is_sent_in_each_recipients_language_and_counted():
    edition = EditionFactory()
    english = RsvpFactory(edition=edition, user=UserFactory(preferred_language="en")).user
    RsvpFactory(edition=edition, user=UserFactory(preferred_language="ko"))
    announcement = AnnouncementFactory(
        edition=edition, subject_en="Entrance moved", body_en="Use gate 3.\nThank you."
    )
    announcement_send(announcement_id=announcement.pk, now=NOW)
    _fan_out(announcement)
    reminders_dispatch(now=NOW)

    for reminder in Reminder.objects.all():
        reminder_send(reminder_id=reminder.pk, now=NOW)

    by_address = {message.to[0]: message for message in mail.outbox}
    assert by_address[english.email].subject == "Entrance moved"
    assert by_address[english.email].body.startswith("Use gate 3.\nThank you.")
    assert "<p>Use gate 3.<br>Thank you.</p>" in by_address[english.email].alternatives[0][0]
    [korean] = [message for address, message in by_address.items() if address != english.email]
    assert (korean.subject, korean.body.split("\n")[0]) == (
        "안내 말씀",
        "행사장 입구가 바뀌었습니다.",
    )
    assert announcement_progress(announcement) == {
        "queued": 0,
        "sent": 2,
        "failed": 0,
        "cancelled": 0,
    }


def test_announcement_english_body_without_subject_is_rejected():
    announcement = AnnouncementFactory(subject_en="", body_en="Hello")

    with pytest.raises(ValidationError) as error:
        announcement_send(announcement_id=announcement.pk, now=NOW)

    assert error.value.message_dict == {"subject_en": ["이 언어로 쓴 내용에는 제목도 필요합니다."]}


def test_announcement_dispatch_requeues_a_fan_out_whose_message_was_lost(
    settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_REQUEUE_AFTER_SECONDS = 600
    announcement = AnnouncementFactory()
    RsvpFactory(edition=announcement.edition)
    announcement_send(announcement_id=announcement.pk, now=NOW)

    with django_capture_on_commit_callbacks() as early:
        reminders_dispatch(now=NOW + dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks() as late:
        reminders_dispatch(now=NOW + dt.timedelta(minutes=11))

    assert (len(early), [callback.args for callback in late]) == (0, [(announcement.pk, 0)])
