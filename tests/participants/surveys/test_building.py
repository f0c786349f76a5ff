"""Organisers schedule, unschedule and close a survey; what cannot be sent is refused clearly."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from events.models import SEOUL
from participants.models import Reminder
from participants.surveys.models import Survey, SurveyChoice, SurveyQuestion
from participants.surveys.services import (
    survey_close,
    survey_default_send_at,
    survey_invite,
    survey_schedule,
    survey_unschedule,
)
from tests.participants.surveys.conftest import BEFORE, DURING, SEND_AT

pytestmark = pytest.mark.django_db


def test_survey_default_send_at_is_ten_korea_time_the_day_after(survey):
    assert survey_default_send_at(survey=survey) == dt.datetime(2025, 7, 15, 10, tzinfo=SEOUL)


def test_survey_schedule_sets_default_times(survey):
    survey_schedule(survey_id=survey.pk, now=BEFORE)

    survey.refresh_from_db()
    assert survey.status == Survey.Status.SCHEDULED
    assert survey.send_at == SEND_AT
    assert survey.closes_at == SEND_AT + dt.timedelta(days=14)


def test_survey_schedule_keeps_the_organisers_times(survey):
    survey.send_at = dt.datetime(2025, 7, 16, 9, tzinfo=SEOUL)
    survey.closes_at = dt.datetime(2025, 7, 20, 18, tzinfo=SEOUL)
    survey.save()

    survey_schedule(survey_id=survey.pk, now=BEFORE)

    survey.refresh_from_db()
    assert (survey.send_at, survey.closes_at) == (
        dt.datetime(2025, 7, 16, 9, tzinfo=SEOUL),
        dt.datetime(2025, 7, 20, 18, tzinfo=SEOUL),
    )


def test_survey_schedule_without_questions_refused(edition):
    survey = Survey.objects.create(edition=edition, title_ko="설문")

    with pytest.raises(ValidationError) as caught, translation.override("ko"):
        survey_schedule(survey_id=survey.pk, now=BEFORE)

    assert caught.value.code == "no_questions"
    with translation.override("ko"):
        assert caught.value.messages == [
            "질문이 없는 설문은 보낼 수 없습니다. 먼저 질문을 하나 이상 추가하세요."
        ]
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_survey_schedule_choice_question_with_one_choice_refused(survey):
    SurveyChoice.objects.filter(question__kind="single").order_by("position").first().delete()

    with pytest.raises(ValidationError) as caught:
        survey_schedule(survey_id=survey.pk, now=BEFORE)

    assert caught.value.code == "too_few_choices"
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.DRAFT


def test_survey_schedule_send_time_in_the_past_refused(survey):
    with pytest.raises(ValidationError) as caught:
        survey_schedule(survey_id=survey.pk, now=DURING)

    assert caught.value.code == "past"
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.DRAFT


def test_survey_schedule_closing_before_sending_refused(survey):
    survey.closes_at = SEND_AT - dt.timedelta(hours=1)
    survey.save()

    with pytest.raises(ValidationError) as caught:
        survey_schedule(survey_id=survey.pk, now=BEFORE)

    assert caught.value.code == "closes_before_send"


def test_survey_schedule_twice_refused(survey):
    survey_schedule(survey_id=survey.pk, now=BEFORE)

    with pytest.raises(ValidationError) as caught:
        survey_schedule(survey_id=survey.pk, now=BEFORE)

    assert caught.value.code == "not_draft"


def test_survey_unschedule_back_to_draft(survey):
    survey_schedule(survey_id=survey.pk, now=BEFORE)

    survey_unschedule(survey_id=survey.pk)

    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.DRAFT


def test_survey_unschedule_a_draft_refused(survey):
    with pytest.raises(ValidationError) as caught:
        survey_unschedule(survey_id=survey.pk)

    assert caught.value.code == "not_scheduled"


def test_survey_close_cancels_invitations_not_yet_sent(survey, attendee):
    survey_schedule(survey_id=survey.pk, now=BEFORE)
    survey_invite(survey_id=survey.pk, now=SEND_AT)

    survey_close(survey_id=survey.pk, now=SEND_AT)

    survey.refresh_from_db()
    assert survey.status == Survey.Status.CLOSED
    assert survey.closes_at == SEND_AT
    assert list(Reminder.objects.values_list("kind", "status")) == [
        ("survey_invitation", "cancelled")
    ]
    assert survey.is_open(now=SEND_AT) is False


def test_survey_question_clean_refused_once_invited(open_survey):
    question = SurveyQuestion(survey=open_survey, kind="rating", text_ko="새 질문")

    with pytest.raises(ValidationError) as caught:
        question.clean()

    assert caught.value.code == "locked"
