"""Writing many reminders of one kind at once (survey invitations): new keys only."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import SEOUL
from participants.models import Reminder
from participants.outbox.services import reminders_schedule_new
from tests.factories import EditionFactory, ReminderFactory, UserFactory

pytestmark = pytest.mark.django_db
DUE = dt.datetime(2025, 7, 15, 10, tzinfo=SEOUL)


def test_reminders_schedule_new_writes_rows_in_each_language():
    edition = EditionFactory()
    korean, english = UserFactory(), UserFactory(preferred_language="en")

    written = reminders_schedule_new(
        kind="survey_invitation",
        due_at=DUE,
        edition_id=edition.pk,
        subject=edition,
        rows=[
            {"key": "k:1", "recipient": korean, "context": {"survey_url": "https://a/1"}},
            {"key": "k:2", "recipient": english},
        ],
    )

    assert written == 2
    assert list(
        Reminder.objects.order_by("key").values_list(
            "key", "recipient", "language", "status", "due_at", "context", "subject_id"
        )
    ) == [
        ("k:1", korean.pk, "ko", "pending", DUE, {"survey_url": "https://a/1"}, edition.pk),
        ("k:2", english.pk, "en", "pending", DUE, {}, edition.pk),
    ]


def test_reminders_schedule_new_leaves_existing_keys_as_they_are():
    user = UserFactory()
    cancelled = ReminderFactory(key="k:1", recipient=user, status="cancelled")

    written = reminders_schedule_new(
        kind="survey_invitation",
        due_at=DUE,
        rows=[{"key": "k:1", "recipient": user}, {"key": "k:2", "recipient": user}],
    )

    assert written == 1
    cancelled.refresh_from_db()
    assert (cancelled.status, cancelled.kind) == ("cancelled", "edition_day_before")
    assert Reminder.objects.count() == 2


def test_reminders_schedule_new_unknown_language_writes_nothing():
    user = UserFactory()

    with pytest.raises(ValidationError) as caught:
        reminders_schedule_new(
            kind="survey_invitation",
            due_at=DUE,
            rows=[
                {"key": "k:1", "recipient": user},
                {"key": "k:2", "recipient": user, "language": "fr"},
            ],
        )

    assert caught.value.code == "unknown_language"
    assert Reminder.objects.count() == 0
