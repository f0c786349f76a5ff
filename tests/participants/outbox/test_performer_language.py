import datetime as dt

import pytest
from django.core import mail

from events.services import performer_save
from participants.models import Reminder
from participants.outbox.services import performer_call_reminders_sync, reminder_send
from tests.factories import AppearanceFactory, EditionFactory, seoul

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)


def _call(language: str, **performer):
    edition = EditionFactory(year=2025)
    return AppearanceFactory(
        item__edition=edition,
        item__title_ko="추모식",
        item__title_en="Memorial ceremony",
        item__stage__name_ko="대강당",
        item__stage__name_en="Main hall",
        call_time=seoul(edition, 9, 30),
        performer__contact_email="singer@example.org",
        performer__preferred_language=language,
        **{f"performer__{name}": value for name, value in performer.items()},
    )


def _send_the_call_reminder():
    reminder = Reminder.objects.get(kind="performer_call")
    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)
    [message] = mail.outbox
    return message


def test_performer_call_reminder_is_in_english_for_an_english_speaking_performer():
    _call("en")
    performer_call_reminders_sync(now=NOW)

    message = _send_the_call_reminder()

    assert Reminder.objects.get().language == "en"
    assert message.subject == "Your call time: Mon 14 July 2025, 9:30 AM for Memorial ceremony"
    assert message.body.splitlines()[:6] == [
        "Hello,",
        "",
        "Thank you for taking part in Memorial ceremony.",
        "",
        "Please arrive by: Mon 14 July 2025, 9:30 AM",
        "The item starts at: Mon 14 July 2025, 10:00 AM",
    ]
    assert "Where: Main hall, Seoul" in message.body
    html = message.alternatives[0][0]
    assert "Thank you for taking part in Memorial ceremony." in html
    assert "추모식" not in message.body + html


def test_performer_call_reminder_is_in_korean_for_a_korean_speaking_performer():
    _call("ko")
    performer_call_reminders_sync(now=NOW)

    message = _send_the_call_reminder()

    assert Reminder.objects.get().language == "ko"
    assert message.subject == "추모식 집합 시각은 2025년 7월 14일 (월) 오전 9:30입니다"
    assert "장소: 대강당, 서울" in message.body
    assert "Memorial ceremony" not in message.body


def test_performer_save_new_language_rewrites_call_reminders_not_yet_sent():
    appearance = _call("ko")
    other = AppearanceFactory(
        performer=appearance.performer,
        item__edition=appearance.item.edition,
        item__starts_at=seoul(appearance.item.edition, 15),
        call_time=seoul(appearance.item.edition, 14),
    )
    performer_call_reminders_sync(now=NOW)
    Reminder.objects.filter(subject_id=other.pk).update(status="sent")
    performer = appearance.performer

    performer.preferred_language = "en"
    performer_save(performer=performer)

    assert dict(Reminder.objects.values_list("subject_id", "language")) == {
        appearance.pk: "en",
        other.pk: "ko",
    }


def test_performer_call_reminders_sync_follows_a_language_changed_in_the_meantime():
    appearance = _call("ko")
    performer_call_reminders_sync(now=NOW)
    type(appearance.performer).objects.filter(pk=appearance.performer.pk).update(
        preferred_language="en"
    )

    performer_call_reminders_sync(now=NOW)

    assert list(Reminder.objects.values_list("language", "status")) == [("en", "pending")]


def test_performer_call_reminders_sync_writes_korean_for_an_unknown_language():
    appearance = _call("ko")
    type(appearance.performer).objects.filter(pk=appearance.performer.pk).update(
        preferred_language="fr"
    )

    scheduled = performer_call_reminders_sync(now=NOW)

    assert scheduled == 1
    assert list(Reminder.objects.values_list("language", flat=True)) == ["ko"]
