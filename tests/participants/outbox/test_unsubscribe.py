import pytest
from django.core import mail
from django.utils import translation

from participants.models import Reminder, ReminderOptOut
from participants.outbox.models import opt_out_hash
from participants.outbox.services import (
    reminder_send,
    reminder_unsubscribe_token,
    reminder_unsubscribe_url,
    rsvp_reminders_schedule,
)
from tests.factories import ReminderFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


def _path(reminder: Reminder) -> str:
    return reminder_unsubscribe_url(reminder).removeprefix("http://127.0.0.1:8000")


def test_unsubscribe_get_asks_before_changing_anything(client):
    reminder = ReminderFactory(kind="edition_day_before")

    response = client.get(_path(reminder))

    html = response.content.decode()
    assert response.status_code == 200
    assert "이 주소로 “행사 전날” 이메일 수신을 거부하시겠습니까?" in html
    assert '<button type="submit">수신 거부</button>' in html
    assert ReminderOptOut.objects.count() == 0


def test_unsubscribe_one_click_post_records_opt_out_and_cancels_pending(client):
    user = UserFactory(email="Quiet@Example.org", preferred_language="en")
    _week, day = rsvp_reminders_schedule(rsvp=RsvpFactory(user=user))

    with translation.override("en"):
        path = _path(day)

    response = client.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You will no longer receive “The day before” emails at this address." in (
        response.content.decode()
    )
    assert list(ReminderOptOut.objects.values_list("email_hash", "kind")) == [
        (opt_out_hash("quiet@example.org"), "edition_day_before")
    ]
    assert "quiet@example.org" not in response.content.decode().casefold()
    assert dict(Reminder.objects.values_list("kind", "status")) == {
        "edition_week_before": "pending",
        "edition_day_before": "cancelled",
    }


def test_unsubscribe_twice_keeps_one_opt_out(client):
    reminder = ReminderFactory(kind="announcement")

    client.post(_path(reminder))
    client.post(_path(reminder))

    assert ReminderOptOut.objects.count() == 1


def test_unsubscribe_tampered_link_shows_clear_message_and_changes_nothing(client):
    reminder = ReminderFactory(kind="edition_day_before")
    token = reminder_unsubscribe_token(reminder)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    response = client.post(f"/reminders/unsubscribe/{forged}/")

    assert response.status_code == 400
    assert (
        "올바른 수신 거부 링크가 아닙니다. 이메일에 있는 링크를 그대로 사용해 주세요."
        in response.content.decode()
    )
    assert ReminderOptOut.objects.count() == 0


def test_unsubscribe_link_of_a_ticket_kind_is_refused(client):
    promotion = ReminderFactory(kind="waitlist_promoted")

    response = client.post(_path(promotion))

    assert response.status_code == 400
    assert "이 수신 거부 링크는 더 이상 쓸 수 없습니다." in response.content.decode()
    assert ReminderOptOut.objects.count() == 0


def test_unsubscribe_link_in_the_email_works_end_to_end(client):
    user = UserFactory(preferred_language="en")
    _week, day = rsvp_reminders_schedule(rsvp=RsvpFactory(user=user))
    reminder_send(reminder_id=day.pk, now=day.due_at)
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")

    response = client.post(link.removeprefix("http://127.0.0.1:8000"))

    assert response.status_code == 200
    assert ReminderOptOut.objects.filter(
        email_hash=opt_out_hash(user.email), kind="edition_day_before"
    ).exists()


# --- opt-outs kept only as a keyed hash ------------------------------------------------------


def test_opt_out_hash_is_keyed_and_normalised(settings):
    settings.OPT_OUT_HASH_KEY = ""
    from_secret_key = opt_out_hash("Quiet@Example.org")
    settings.OPT_OUT_HASH_KEY = "a-dedicated-key"

    dedicated = opt_out_hash("  QUIET@example.ORG \n")

    assert dedicated == opt_out_hash("quiet@example.org")
    assert dedicated != from_secret_key
    assert len(dedicated) == 64
    assert "quiet" not in dedicated


def test_opt_out_database_row_holds_no_address(client):
    user = UserFactory(email="Private.Person@Example.org")
    reminder = ReminderFactory(recipient=user, kind="announcement")

    client.post(_path(reminder))

    [row] = ReminderOptOut.objects.values()
    assert "private.person" not in str(row).casefold()
    assert row["email_hash"] == opt_out_hash("private.person@example.org")


def test_opt_out_admin_shows_no_address_and_finds_one_by_its_whole_address(client):
    from tests.factories import UserFactory as Users

    user = UserFactory(email="hidden.reader@example.org")
    client.post(_path(ReminderFactory(recipient=user, kind="announcement")))
    opt_out = ReminderOptOut.objects.get()
    client.force_login(Users(is_staff=True, is_superuser=True))

    listing = client.get("/admin/participants/reminderoptout/")
    found = client.get("/admin/participants/reminderoptout/", {"q": " Hidden.Reader@example.org"})
    partial = client.get("/admin/participants/reminderoptout/", {"q": "hidden"})
    change = client.get(f"/admin/participants/reminderoptout/{opt_out.pk}/change/")

    for response in (listing, found, partial, change):
        assert response.status_code == 200
        assert "hidden.reader" not in response.content.decode()
        assert opt_out.email_hash not in response.content.decode()
    assert list(found.context["cl"].result_list) == [opt_out]
    assert list(partial.context["cl"].result_list) == []
