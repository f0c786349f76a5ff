import datetime as dt

import pytest
from django.urls import reverse

from participants.models import Announcement, Reminder
from tests.factories import (
    AnnouncementFactory,
    EditionFactory,
    ReminderFactory,
    RsvpFactory,
)

pytestmark = pytest.mark.django_db


def test_reminder_admin_retry_failed_puts_only_failed_rows_back(organiser_client):
    failed = ReminderFactory(status="failed", attempts=5, last_error="SMTP down")
    sent = ReminderFactory(status="sent", attempts=1)

    response = organiser_client.post(
        reverse("admin:participants_reminder_changelist"),
        {"action": "retry_failed", "_selected_action": [failed.pk, sent.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["실패한 알림 1건을 다시 보냅니다."]
    assert dict(Reminder.objects.values_list("pk", "status")) == {
        failed.pk: "pending",
        sent.pk: "sent",
    }
    failed.refresh_from_db()
    assert (failed.attempts, failed.queued_at, failed.retry_at) == (0, None, None)


def test_reminder_admin_cancel_pending_leaves_sending_rows(organiser_client):
    pending = ReminderFactory()
    sending = ReminderFactory(status="sending")

    organiser_client.post(
        reverse("admin:participants_reminder_changelist"),
        {"action": "cancel_pending", "_selected_action": [pending.pk, sending.pk]},
    )

    assert dict(Reminder.objects.values_list("pk", "status")) == {
        pending.pk: "cancelled",
        sending.pk: "sending",
    }


def test_reminder_admin_changelist_shows_counts_per_edition(organiser_client):
    edition = EditionFactory(year=2025)
    ReminderFactory(edition=edition, status="sent")
    ReminderFactory(edition=edition, status="sent")
    ReminderFactory(edition=edition, status="failed")

    response = organiser_client.get(reverse("admin:participants_reminder_changelist"))

    assert response.context["edition_counts"] == [
        {
            "year": 2025,
            "pending": 0,
            "sending": 0,
            "sent": 2,
            "failed": 1,
            "missed": 0,
            "cancelled": 0,
        }
    ]
    assert (
        '<tr><th scope="row">2025</th><td>0</td><td>0</td><td>2</td><td>1</td><td>0</td>'
        "<td>0</td></tr>"
    ) in response.content.decode()


def test_reminder_admin_filters_by_kind_status_and_edition(organiser_client):
    edition = EditionFactory(year=2025)
    wanted = ReminderFactory(edition=edition, kind="edition_day_before", status="failed")
    ReminderFactory(edition=edition, kind="edition_day_before", status="sent")
    ReminderFactory(edition=edition, kind="announcement", status="failed")
    ReminderFactory(edition=EditionFactory(year=2026), kind="edition_day_before", status="failed")

    response = organiser_client.get(
        reverse("admin:participants_reminder_changelist"),
        {
            "kind__exact": "edition_day_before",
            "status__exact": "failed",
            "edition__id__exact": edition.pk,
        },
    )

    assert [r.pk for r in response.context["cl"].result_list] == [wanted.pk]


def test_reminder_admin_is_read_only(organiser_client):
    reminder = ReminderFactory()

    add = organiser_client.get(reverse("admin:participants_reminder_add"))
    change = organiser_client.post(
        reverse("admin:participants_reminder_change", args=[reminder.pk]),
        {"status": "sent", "key": "forged"},
    )

    reminder.refresh_from_db()
    assert add.status_code == 403
    assert change.status_code == 302
    assert (reminder.status, reminder.key) == ("pending", f"{reminder.key}")
    assert reminder.key != "forged"


def test_announcement_admin_send_action_opens_the_review_page(organiser_client):
    announcement = AnnouncementFactory()

    response = organiser_client.post(
        reverse("admin:participants_announcement_changelist"),
        {"action": "send", "_selected_action": [announcement.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:participants_announcement_review", args=[announcement.pk]
    )
    assert Announcement.objects.get().status == "draft"


def test_announcement_review_sends_with_the_count_confirmed(
    organiser_client, django_capture_on_commit_callbacks
):
    announcement = AnnouncementFactory()
    RsvpFactory(edition=announcement.edition)
    url = reverse("admin:participants_announcement_review", args=[announcement.pk])

    with django_capture_on_commit_callbacks() as callbacks:
        response = organiser_client.post(url, {"action": "send", "confirm_count": "1"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [
        "“안내 말씀”을(를) 보내는 중입니다. 진행 상황은 건수로 확인할 수 있습니다."
    ]
    assert [callback.args for callback in callbacks] == [(announcement.pk, 0)]
    announcement.refresh_from_db()
    assert announcement.status == "queued"


def test_announcement_review_empty_body_shows_the_reason(organiser_client):
    announcement = AnnouncementFactory(body_ko="", body_en="")
    RsvpFactory(edition=announcement.edition)

    response = organiser_client.post(
        reverse("admin:participants_announcement_review", args=[announcement.pk]),
        {"action": "send", "confirm_count": "1"},
    )

    assert response.status_code == 200
    assert "내용을 쓰세요. 빈 공지는 보낼 수 없습니다." in response.content.decode()
    assert Announcement.objects.get().status == "draft"


def test_announcement_admin_add_form_rejects_empty_body(organiser_client):
    edition = EditionFactory()

    response = organiser_client.post(
        reverse("admin:participants_announcement_add"),
        {
            "edition": edition.pk,
            "to_confirmed": "on",
            "subject_ko": "제목",
            "body_ko": "  ",
            "subject_en": "",
            "body_en": "",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["body_ko"] == [
        "내용을 쓰세요. 빈 공지는 보낼 수 없습니다."
    ]
    assert Announcement.objects.count() == 0


def test_announcement_admin_progress_counts_in_constant_queries(
    organiser_client, django_assert_max_num_queries
):
    edition = EditionFactory()
    for _ in range(3):
        announcement = AnnouncementFactory(edition=edition, status="queued_all")
        for status in ("pending", "sent", "sent", "failed"):
            ReminderFactory(kind="announcement", status=status, subject=announcement)
    RsvpFactory(edition=edition)

    with django_assert_max_num_queries(12):
        response = organiser_client.get(reverse("admin:participants_announcement_changelist"))

    rows = [(a.n_queued, a.n_sent, a.n_failed) for a in response.context["cl"].result_list]
    assert rows == [(1, 2, 1)] * 3


def test_announcement_admin_sent_announcement_cannot_be_edited(organiser_client):
    announcement = AnnouncementFactory(status="queued_all", queued_at=dt.datetime.now(dt.UTC))

    organiser_client.post(
        reverse("admin:participants_announcement_change", args=[announcement.pk]),
        {"subject_ko": "바꾼 제목", "body_ko": "바꾼 내용", "edition": announcement.edition_id},
    )

    announcement.refresh_from_db()
    assert (announcement.subject_ko, announcement.body_ko) == (
        "안내 말씀",
        "행사장 입구가 바뀌었습니다.",
    )
