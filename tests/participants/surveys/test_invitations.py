"""The day after, those who checked in are invited through the outbox, respecting opt-outs."""

import pytest
from django.conf import settings
from django.core import mail

from participants.models import Reminder, ReminderOptOut, Rsvp
from participants.outbox.models import opt_out_hash
from participants.outbox.services import reminder_message, reminder_send, reminders_dispatch
from participants.surveys.models import Survey
from participants.surveys.services import (
    survey_invitation_unsign,
    survey_invite,
    survey_schedule,
    surveys_invite_due,
)
from tests.factories import ProgramItemFactory, RsvpFactory, UserFactory, seoul
from tests.participants.surveys.conftest import BEFORE, SEND_AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(survey):
    survey_schedule(survey_id=survey.pk, now=BEFORE)
    survey.refresh_from_db()
    return survey


def test_surveys_invite_due_invites_only_people_who_checked_in_once_each(scheduled, attendee):
    edition = scheduled.edition
    item = ProgramItemFactory(
        stage__edition=edition, starts_at=seoul(edition, 14), ends_at=seoul(edition, 15)
    )
    # The attendee also checked in for an item: still one invitation.
    RsvpFactory(edition=edition, item=item, user=attendee, status=Rsvp.Status.CHECKED_IN)
    RsvpFactory(edition=edition, status=Rsvp.Status.CONFIRMED)  # booked, never came
    RsvpFactory(edition=edition, status=Rsvp.Status.CANCELLED)
    english = UserFactory(email="english@example.org", preferred_language="en")
    RsvpFactory(edition=edition, user=english, status=Rsvp.Status.CHECKED_IN)

    written = surveys_invite_due(now=SEND_AT)

    assert written == 2
    rows = Reminder.objects.order_by("recipient_id")
    assert [(r.kind, r.recipient, r.language, r.due_at, r.subject) for r in rows] == [
        ("survey_invitation", attendee, "ko", SEND_AT, scheduled),
        ("survey_invitation", english, "en", SEND_AT, scheduled),
    ]
    korean_url, english_url = (r.context["survey_url"] for r in rows)
    assert korean_url.startswith(f"{settings.SITE_URL}/survey/")
    assert english_url.startswith(f"{settings.SITE_URL}/en/survey/")
    token = english_url.rstrip("/").rsplit("/", 1)[1]
    assert survey_invitation_unsign(token) == (scheduled.pk, english.pk)
    scheduled.refresh_from_db()
    assert (scheduled.status, scheduled.invited_count) == (Survey.Status.INVITED, 2)


def test_surveys_invite_due_before_send_time_writes_nothing(scheduled, attendee):
    assert surveys_invite_due(now=BEFORE) == 0

    assert Reminder.objects.count() == 0
    assert Survey.objects.get(pk=scheduled.pk).status == Survey.Status.SCHEDULED


def test_surveys_invite_due_twice_invites_once(scheduled, attendee):
    surveys_invite_due(now=SEND_AT)
    surveys_invite_due(now=SEND_AT)

    assert Reminder.objects.filter(kind="survey_invitation").count() == 1


def test_survey_invite_questions_removed_since_scheduling_back_to_draft(scheduled, attendee):
    scheduled.questions.all().delete()

    assert survey_invite(survey_id=scheduled.pk, now=SEND_AT) == 0

    assert Survey.objects.get(pk=scheduled.pk).status == Survey.Status.DRAFT
    assert Reminder.objects.count() == 0


def test_survey_invitation_is_optional_and_opted_out_people_are_skipped(scheduled, attendee):
    assert Reminder.Kind.SURVEY_INVITATION in Reminder.OPTIONAL_KINDS
    ReminderOptOut.objects.create(email_hash=opt_out_hash(attendee.email), kind="survey_invitation")
    surveys_invite_due(now=SEND_AT)

    reminders_dispatch(now=SEND_AT)

    reminder = Reminder.objects.get()
    assert reminder.status == Reminder.Status.CANCELLED
    assert mail.outbox == []


def test_survey_invitation_email_korean_has_link_and_unsubscribe(scheduled, attendee):
    surveys_invite_due(now=SEND_AT)
    reminder = Reminder.objects.get()

    message = reminder_message(reminder=reminder, now=SEND_AT)

    assert message.subject == "[행사 후 설문] 행사에 대해 몇 가지 여쭙니다"
    assert message.to == ["attendee@example.org"]
    assert reminder.context["survey_url"] in message.body
    assert "몇 가지만 여쭙겠습니다." in message.body
    assert "&" not in message.body
    assert "&#" not in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(f"<{settings.SITE_URL}/")
    html = message.alternatives[0][0]
    assert f'href="{reminder.context["survey_url"]}"' in html
    assert "제2회 북한이탈주민의 날" in html


def test_survey_invitation_email_english_text_part_has_no_html_entities(scheduled):
    scheduled.title_en = 'Tell us: "how" & <why>'
    scheduled.save()
    user = UserFactory(email="en@example.org", preferred_language="en")
    RsvpFactory(edition=scheduled.edition, user=user, status=Rsvp.Status.CHECKED_IN)
    surveys_invite_due(now=SEND_AT)

    message = reminder_message(reminder=Reminder.objects.get(), now=SEND_AT)

    assert message.subject == 'A few questions about the day: Tell us: "how" & <why>'
    assert "Thank you for coming to North Korean Defectors' Day 2025." in message.body
    assert "&amp;" not in message.body
    assert "&quot;" not in message.body
    assert "&#x27;" not in message.body
    assert "&#39;" not in message.body
    assert "Tell us: &quot;how&quot; &amp; &lt;why&gt;" in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("language", "closes"),
    [("ko", "2025년 7월 29일 (화) 오전 10:00"), ("en", "Tue 29 July 2025, 10:00 AM")],
)
def test_survey_invitation_email_writes_the_closing_time_one_way(scheduled, language, closes):
    user = UserFactory(email="reader@example.org", preferred_language=language)
    RsvpFactory(edition=scheduled.edition, user=user, status=Rsvp.Status.CHECKED_IN)
    surveys_invite_due(now=SEND_AT)

    message = reminder_message(reminder=Reminder.objects.get(), now=SEND_AT)

    assert closes in message.body
    assert closes in message.alternatives[0][0]


def test_survey_invitation_sent_through_the_outbox(scheduled, attendee):
    surveys_invite_due(now=SEND_AT)
    reminder = Reminder.objects.get()

    outcome = reminder_send(reminder_id=reminder.pk, now=SEND_AT)

    assert outcome.status == "sent"
    assert [m.to for m in mail.outbox] == [["attendee@example.org"]]


def test_survey_invite_beat_task_is_scheduled():
    assert settings.CELERY_BEAT_SCHEDULE["surveys-invite"] == {
        "task": "participants.invite_to_surveys",
        "schedule": 60.0,
        "options": {"expires": 60.0},
    }
