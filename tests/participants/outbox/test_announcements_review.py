"""Announcements organisers can trust before they send: previews in both languages, the exact
recipients, a test to themselves, a confirmed count, a schedule, and a stop."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from participants.models import Announcement, Reminder, Rsvp
from participants.outbox.selectors import announcement_recipient_counts
from participants.outbox.services import (
    announcement_fan_out_batch,
    announcement_preview,
    announcement_schedule,
    announcement_send,
    announcement_send_test,
    announcement_stop,
    reminders_dispatch,
)
from tests.factories import AnnouncementFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(email="organiser@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def announcement():
    announcement = AnnouncementFactory(
        body_ko="입구가 바뀌었습니다. 안내: https://example.org/map", to_waitlisted=True
    )
    edition = announcement.edition
    RsvpFactory(edition=edition, user=UserFactory(preferred_language="ko"))
    RsvpFactory(edition=edition, user=UserFactory(preferred_language="en"))
    RsvpFactory(edition=edition, status=Rsvp.Status.WAITLISTED, user=UserFactory())
    RsvpFactory(edition=edition, status=Rsvp.Status.CANCELLED, user=UserFactory())
    return announcement


def test_recipient_counts_by_language_and_status(announcement):
    counts = announcement_recipient_counts(announcement)
    assert counts == {
        "total": 3,
        "by_language": {"ko": 2, "en": 1},
        "by_status": {"confirmed": 2, "waitlisted": 1},
    }


def test_preview_renders_each_language_with_links(announcement, organiser):
    korean = announcement_preview(announcement=announcement, language="ko", viewer=organiser)
    english = announcement_preview(announcement=announcement, language="en", viewer=organiser)
    assert korean["subject"] == "안내 말씀"
    assert english["subject"] == "A notice"
    assert "입구가 바뀌었습니다." in korean["text"]
    assert "The entrance has moved." in english["text"]
    assert "https://example.org/map" in korean["html"]
    assert Reminder.objects.count() == 0  # a preview writes nothing


def test_send_test_goes_to_the_organiser_in_both_languages(announcement, organiser):
    tests = announcement_send_test(announcement_id=announcement.pk, to=organiser)
    assert sorted((r.recipient, r.language) for r in tests) == [
        (organiser, "en"),
        (organiser, "ko"),
    ]
    announcement.refresh_from_db()
    assert announcement.status == "draft"


def test_send_refuses_a_count_that_is_not_the_number_of_recipients(announcement):
    with pytest.raises(ValidationError, match="3"):
        announcement_send(announcement_id=announcement.pk, expected_count=30)
    assert Announcement.objects.get().status == "draft"
    assert announcement_send(announcement_id=announcement.pk, expected_count=3).status == "queued"


def test_send_refuses_zero_recipients():
    empty = AnnouncementFactory()
    with pytest.raises(ValidationError) as error:
        announcement_send(announcement_id=empty.pk)
    assert error.value.code == "no_recipients"


def test_schedule_refuses_the_past_and_the_dispatcher_starts_it_on_time(announcement):
    now = timezone.now()
    with pytest.raises(ValidationError):
        announcement_schedule(announcement_id=announcement.pk, at=now - dt.timedelta(minutes=1))

    announcement_schedule(
        announcement_id=announcement.pk, at=now + dt.timedelta(hours=2), expected_count=3, now=now
    )
    reminders_dispatch(now=now + dt.timedelta(hours=1))
    assert Announcement.objects.get().status == "scheduled"
    reminders_dispatch(now=now + dt.timedelta(hours=2, seconds=1))
    assert Announcement.objects.get().status == "queued"


def test_stop_cancels_what_is_not_sent_and_the_fan_out_goes_no_further(announcement, settings):
    settings.REMINDER_ANNOUNCEMENT_BATCH_SIZE = 1
    announcement_send(announcement_id=announcement.pk)
    cursor = announcement_fan_out_batch(announcement_id=announcement.pk)

    cancelled = announcement_stop(announcement_id=announcement.pk)

    assert cancelled == 1
    assert announcement_fan_out_batch(announcement_id=announcement.pk, after_user_id=cursor) is None
    assert Reminder.objects.filter(status="pending").count() == 0
    assert Announcement.objects.get().status == "stopped"
    with pytest.raises(ValidationError):
        announcement_stop(announcement_id=announcement.pk)


def test_a_started_announcement_cannot_be_edited(client, announcement, organiser):
    announcement_send(announcement_id=announcement.pk)
    client.force_login(organiser)
    client.post(
        reverse("admin:participants_announcement_change", args=[announcement.pk]),
        {"edition": announcement.edition_id, "subject_ko": "바뀐 제목", "body_ko": "바뀜"},
    )
    assert Announcement.objects.get().subject_ko == "안내 말씀"


def test_review_page_shows_counts_previews_and_the_confirmation(client, announcement, organiser):
    client.force_login(organiser)
    url = reverse("admin:participants_announcement_review", args=[announcement.pk])

    page = client.get(url).content.decode()
    html = client.get(
        reverse("admin:participants_announcement_preview", args=[announcement.pk, "en"])
    )

    assert "3명이 받습니다." in page or "3" in page
    assert "안내 말씀" in page and "A notice" in page  # noqa: PT018
    assert 'name="confirm_count"' in page
    assert html.status_code == 200
    assert "The entrance has moved." in html.content.decode()
    wrong = client.post(url, {"action": "send", "confirm_count": "2"})
    assert wrong.status_code == 200
    assert Announcement.objects.get().status == "draft"


def test_review_needs_the_change_permission_to_send(client, announcement):
    from django.contrib.auth.models import Permission

    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_announcement"))
    client.force_login(viewer)
    url = reverse("admin:participants_announcement_review", args=[announcement.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "send", "confirm_count": "3"}).status_code == 403
    assert Announcement.objects.get().status == "draft"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_organisers_sending_at_once_send_once():
    announcement = AnnouncementFactory()
    RsvpFactory(edition=announcement.edition)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def send() -> None:
        barrier.wait()
        try:
            announcement_send(announcement_id=announcement.pk, expected_count=1)
            results.append("sent")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["refused", "sent"]
