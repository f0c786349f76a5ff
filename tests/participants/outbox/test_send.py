import datetime as dt

import icalendar
import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection

from participants.market.services import stall_application_request_info
from participants.models import Reminder, Rsvp
from participants.outbox.services import (
    reminder_claim_and_load,
    reminder_message_id,
    reminder_send,
    reminder_unsubscribe_url,
    reminders_dispatch,
    rsvp_reminders_schedule,
    waitlist_promotion_notify,
)
from tests.factories import (
    AnnouncementFactory,
    AppearanceFactory,
    EditionFactory,
    ProgramItemFactory,
    ReminderFactory,
    RsvpFactory,
    StallApplicationFactory,
    UserFactory,
    seoul,
)

pytestmark = pytest.mark.django_db

FAILING = "tests.integration.mail_backends.FailingBackend"


def _day_before(language: str = "en") -> Reminder:
    user = UserFactory(email="reader@example.org", preferred_language=language)
    rsvp = RsvpFactory(user=user, edition=EditionFactory(year=2025), party_size=2)
    [_week, day] = rsvp_reminders_schedule(rsvp=rsvp)
    return day


def test_reminder_send_due_reminder_sends_one_email_in_english():
    reminder = _day_before("en")
    now = reminder.due_at + dt.timedelta(minutes=1)

    outcome = reminder_send(reminder_id=reminder.pk, now=now)

    reminder.refresh_from_db()
    assert (outcome.status, reminder.status, reminder.attempts) == ("sent", "sent", 1)
    [message] = mail.outbox
    assert message.to == ["reader@example.org"]
    assert message.subject == "Tomorrow: North Korean Defectors' Day 2025"
    assert "is tomorrow, Mon 14 July 2025." in message.body
    assert "Seats: 2" in message.body
    assert message.extra_headers["Message-ID"] == reminder_message_id(reminder)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<http://127.0.0.1:8000/en/reminders/unsubscribe/"
    )
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en">' in html


def test_reminder_send_korean_recipient_gets_korean_email():
    reminder = _day_before("ko")

    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    [message] = mail.outbox
    assert message.subject == "내일 제2회 북한이탈주민의 날 행사가 열립니다"
    assert "2025년 7월 14일" in message.body
    assert "http://127.0.0.1:8000/reminders/unsubscribe/" in message.body


def test_reminder_send_item_reminder_attaches_calendar_entry_with_place_and_time():
    user = UserFactory(preferred_language="en")
    item = ProgramItemFactory(title_en="Memorial ceremony", stage__name_en="Main hall")
    rsvp = RsvpFactory(user=user, edition=item.edition, item=item)
    [reminder] = rsvp_reminders_schedule(rsvp=rsvp)

    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    [message] = mail.outbox
    assert message.subject == "Starting at 10:00 AM: Memorial ceremony"
    assert "Where: Main hall, Seoul" in message.body
    assert "/t/" in message.body  # the signed ticket link
    [(filename, content, mimetype)] = message.attachments
    assert (filename, mimetype) == ("defectors-day.ics", "text/calendar")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == seoul(item.edition, 10)
    assert str(event["summary"]) == "Memorial ceremony"
    assert str(event["location"]) == "Main hall, Seoul"


@pytest.mark.parametrize("for_item", [True, False])
def test_reminder_calendar_and_ticket_calendar_give_the_event_one_uid(client, for_item):
    # Two UIDs for one event made calendars show it twice (issue 10).
    user = UserFactory(preferred_language="en")
    item = ProgramItemFactory(title_en="Memorial ceremony", capacity=10) if for_item else None
    edition = item.edition if item else EditionFactory(year=2025)
    rsvp = RsvpFactory(user=user, edition=edition, item=item)
    reminder = rsvp_reminders_schedule(rsvp=rsvp)[0]
    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)
    client.force_login(user)

    ticket = client.get(f"/en/me/tickets/{rsvp.pk}/ticket.ics").content
    [(_, attached, _)] = mail.outbox[0].attachments

    [from_ticket] = icalendar.Calendar.from_ical(ticket).walk("VEVENT")
    [from_reminder] = icalendar.Calendar.from_ical(attached).walk("VEVENT")
    expected = f"programme-item-{item.pk}@127.0.0.1" if item else f"edition-{edition.pk}@127.0.0.1"
    assert (str(from_ticket["uid"]), str(from_reminder["uid"])) == (expected, expected)
    assert from_ticket.decoded("dtstart") == from_reminder.decoded("dtstart")


def test_reminder_send_day_reminder_gives_venue_then_address_on_one_line():
    edition = EditionFactory(
        year=2025,
        venue_en="Memorial event grounds",
        address_en="14 Yesi-ro, Jung-gu, Seoul (demo address)",
    )
    user = UserFactory(preferred_language="en")
    [_week, day] = rsvp_reminders_schedule(rsvp=RsvpFactory(user=user, edition=edition))

    reminder_send(reminder_id=day.pk, now=day.due_at)

    [message] = mail.outbox
    assert (
        "Where: Memorial event grounds, 14 Yesi-ro, Jung-gu, Seoul (demo address)\n" in message.body
    )


@pytest.mark.parametrize(
    ("language", "sender", "header"),
    [
        (
            "en",
            "North Korean Defectors' Day <noreply@defectorsday.example.org>",
            "North Korean Defectors' Day <noreply@defectorsday.example.org>",
        ),
        (
            "ko",
            "북한이탈주민의 날 <noreply@defectorsday.example.org>",
            "=?utf-8?b?67aB7ZWc7J207YOI7KO866+87J2YIOuCoA==?= <noreply@defectorsday.example.org>",
        ),
    ],
)
def test_reminder_send_comes_from_the_name_in_the_recipients_language(
    settings, language, sender, header
):
    settings.DEFAULT_FROM_EMAIL = "noreply@defectorsday.example.org"
    reminder = _day_before(language)

    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    [message] = mail.outbox
    assert message.from_email == sender
    assert message.message()["From"] == header


def test_reminder_send_vendor_decision_in_english_comes_from_the_english_name(settings):
    settings.DEFAULT_FROM_EMAIL = "북한이탈주민의 날 <noreply@defectorsday.example.org>"
    settings.EMAIL_FROM_NAMES = {"ko": "탈북민의 날 운영진", "en": "Defectors' Day organisers"}
    application = StallApplicationFactory(vendor__owner__preferred_language="en")
    stall_application_request_info(application=application, by=UserFactory(), note="Menu?")
    reminder = Reminder.objects.get(kind=Reminder.Kind.VENDOR_APPLICATION)

    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    [message] = mail.outbox
    assert message.from_email == "Defectors' Day organisers <noreply@defectorsday.example.org>"


def test_reminder_send_twice_sends_once():
    reminder = _day_before()

    first = reminder_send(reminder_id=reminder.pk, now=reminder.due_at)
    second = reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    assert (first.status, second.status, len(mail.outbox)) == ("sent", "skipped", 1)


def test_reminder_send_before_due_time_is_skipped():
    reminder = _day_before()

    outcome = reminder_send(reminder_id=reminder.pk, now=reminder.due_at - dt.timedelta(hours=1))

    reminder.refresh_from_db()
    assert (outcome.status, reminder.status, reminder.attempts, mail.outbox) == (
        "skipped",
        "pending",
        0,
        [],
    )


def test_reminder_send_mail_server_down_schedules_retry_with_backoff(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.REMINDER_RETRY_BACKOFF_SECONDS = 60
    reminder = _day_before()

    outcome = reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    reminder.refresh_from_db()
    assert (reminder.status, reminder.attempts, reminder.claimed_at) == ("pending", 1, None)
    assert 30 <= outcome.retry_in <= 60
    assert reminder.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert reminder.retry_at == reminder.queued_at
    # Not claimable again until retry_at.
    assert reminder_send(reminder_id=reminder.pk, now=reminder.due_at).status == "skipped"


def test_reminder_send_last_attempt_fails_the_reminder(settings):
    settings.EMAIL_BACKEND = FAILING
    settings.REMINDER_MAX_ATTEMPTS = 3
    reminder = _day_before()
    Reminder.objects.filter(pk=reminder.pk).update(attempts=2)

    outcome = reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    reminder.refresh_from_db()
    assert (outcome.status, outcome.retry_in) == ("failed", None)
    assert (reminder.status, reminder.attempts) == ("failed", 3)
    assert reminder.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"


def test_reminder_send_recipient_without_email_is_recorded_failure():
    reminder = ReminderFactory(kind="performer_call", recipient=None, recipient_email="")

    outcome = reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    reminder.refresh_from_db()
    assert (outcome.status, reminder.status) == ("failed", "failed")
    assert reminder.last_error == "수신자의 이메일 주소가 없습니다."


def test_reminder_send_deleted_rsvp_is_recorded_failure():
    reminder = _day_before()
    Rsvp.objects.all().delete()

    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    reminder.refresh_from_db()
    assert (reminder.status, reminder.last_error) == (
        "failed",
        "이 알림의 대상이 삭제되었습니다.",
    )


def test_reminder_send_cancelled_rsvp_cancels_instead_of_sending():
    reminder = _day_before()
    Rsvp.objects.update(status="cancelled")

    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    reminder.refresh_from_db()
    assert (reminder.status, mail.outbox) == ("cancelled", [])


def test_reminder_send_unknown_language_is_recorded_failure():
    reminder = _day_before()
    Reminder.objects.filter(pk=reminder.pk).update(language="fr")

    reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    reminder.refresh_from_db()
    assert (reminder.status, reminder.last_error) == ("failed", "알 수 없는 언어 “fr”입니다.")


def test_reminder_send_template_error_is_recorded_and_next_reminder_still_sends(settings, tmp_path):
    broken = tmp_path / "email" / "edition_week_before"
    broken.mkdir(parents=True)
    (broken / "subject.txt").write_text("{% if %}")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    user = UserFactory(preferred_language="en")
    week, day = rsvp_reminders_schedule(rsvp=RsvpFactory(user=user))

    broken_outcome = reminder_send(reminder_id=week.pk, now=day.due_at)
    good_outcome = reminder_send(reminder_id=day.pk, now=day.due_at)

    week.refresh_from_db()
    assert (broken_outcome.status, good_outcome.status) == ("failed", "sent")
    assert week.last_error.startswith("이메일 양식을 사용할 수 없습니다(TemplateSyntaxError")
    assert [message.subject for message in mail.outbox] == [
        "Tomorrow: North Korean Defectors' Day 2025"
    ]


def test_reminder_unsubscribed_after_it_was_queued_is_never_sent(client):
    reminder = _day_before()
    reminders_dispatch(now=reminder.due_at)  # queued: still pending until a worker claims it
    client.post(reminder_unsubscribe_url(reminder).removeprefix("http://127.0.0.1:8000"))

    outcome = reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    reminder.refresh_from_db()
    assert (outcome.status, reminder.status, mail.outbox) == ("skipped", "cancelled", [])


def test_reminder_send_promotion_has_no_unsubscribe_link():
    now = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)
    rsvp = RsvpFactory(user=UserFactory(preferred_language="en"))
    promotion = waitlist_promotion_notify(rsvp=rsvp, now=now)

    reminder_send(reminder_id=promotion.pk, now=now)

    [message] = mail.outbox
    assert message.subject == "A seat is yours: North Korean Defectors' Day 2025"
    assert "List-Unsubscribe" not in message.extra_headers
    assert "unsubscribe" not in message.body


def _item_reminder() -> Reminder:
    item = ProgramItemFactory()
    rsvp = RsvpFactory(edition=item.edition, item=item)
    [reminder] = rsvp_reminders_schedule(rsvp=rsvp)
    return reminder


def _announcement_reminder() -> Reminder:
    announcement = AnnouncementFactory(status="queued_all")
    return ReminderFactory(kind="announcement", edition=announcement.edition, subject=announcement)


def _performer_reminder() -> Reminder:
    appearance = AppearanceFactory(call_time=dt.datetime(2025, 7, 14, 9, tzinfo=dt.UTC))
    return ReminderFactory(
        kind="performer_call",
        recipient=None,
        recipient_email="singer@example.org",
        edition=appearance.item.edition,
        subject=appearance,
    )


@pytest.mark.parametrize("make", [_item_reminder, _announcement_reminder, _performer_reminder])
def test_reminder_send_query_count_is_fixed_whatever_the_kind(
    make, settings, django_assert_num_queries
):
    # PostgreSQL: one statement claims the row and returns it with its recipient and subject
    # with what the email needs; one UPDATE marks it sent. Elsewhere the claim, the row and the
    # subject are three queries. (Opt-outs were asked when the dispatcher queued the row.)
    reminder = make()
    # A worker has the content type cached and the claim statement prepared after its first task.
    ContentType.objects.get_for_id(reminder.subject_type_id)
    reminder_claim_and_load(reminder_id=0, now=reminder.due_at)

    with django_assert_num_queries(2 if settings.USING_POSTGRES else 4):
        outcome = reminder_send(reminder_id=reminder.pk, now=reminder.due_at)

    reminder.refresh_from_db()
    assert (outcome.status, reminder.status, reminder.attempts) == ("sent", "sent", 1)
    assert len(mail.outbox) == 1


def test_reminder_claim_and_load_returns_the_row_as_the_orm_reads_it():
    user = UserFactory(email="Reader@Example.org", preferred_language="en")
    reminder = ReminderFactory(recipient=user, context={"stall": "B-12", "seats": [1, 2]})
    now = reminder.due_at

    loaded = reminder_claim_and_load(reminder_id=reminder.pk, now=now)

    expected = Reminder.objects.get(pk=reminder.pk)
    assert (loaded.pk, loaded.status, loaded.attempts, loaded.claimed_at) == (
        reminder.pk, "sending", 1, now,
    )  # fmt: skip
    for field in Reminder._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname), field.name
    assert loaded.context == {"stall": "B-12", "seats": [1, 2]}
    assert (loaded.recipient.pk, loaded.recipient.email) == (user.pk, "Reader@Example.org")
    assert reminder_claim_and_load(reminder_id=reminder.pk, now=now) is None


def test_reminder_claim_and_load_without_account_gives_the_address():
    reminder = ReminderFactory(recipient=None, recipient_email="guest@example.org")

    loaded = reminder_claim_and_load(reminder_id=reminder.pk, now=reminder.due_at)

    assert (loaded.recipient, loaded.email) == (None, "guest@example.org")


@pytest.mark.parametrize(
    ("due_in", "retry_in", "claimed"),
    [
        (dt.timedelta(0), None, True),
        (dt.timedelta(milliseconds=900), None, True),  # within the clock-skew tolerance
        (dt.timedelta(seconds=5), None, False),
        (dt.timedelta(0), dt.timedelta(seconds=5), False),
        (dt.timedelta(0), dt.timedelta(0), True),
    ],
)
def test_reminder_claim_and_load_claims_only_what_is_ready(due_in, retry_in, claimed):
    now = dt.datetime(2025, 7, 13, 10, tzinfo=dt.UTC)
    reminder = ReminderFactory(
        due_at=now + due_in, retry_at=now + retry_in if retry_in is not None else None
    )

    loaded = reminder_claim_and_load(reminder_id=reminder.pk, now=now)

    reminder.refresh_from_db()
    assert (loaded is not None, reminder.status) == (claimed, "sending" if claimed else "pending")


@pytest.mark.django_db(transaction=True)
def test_reminder_claim_and_load_outside_a_transaction_commits_the_claim_once(settings):
    # What a worker does: no transaction around the send. On PostgreSQL the claim commits
    # asynchronously (SET LOCAL), which must not leak into the session's later commits.
    reminder = ReminderFactory()

    loaded = reminder_claim_and_load(reminder_id=reminder.pk, now=reminder.due_at)
    again = reminder_claim_and_load(reminder_id=reminder.pk, now=reminder.due_at)

    assert (loaded.status, again) == ("sending", None)
    assert Reminder.objects.get(pk=reminder.pk).status == "sending"
    if settings.USING_POSTGRES:
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone() == ("on",)
