"""Two submits at once with one link (a double click, two tabs): one response (real PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from participants.models import SurveyAnswer, SurveyParticipation, SurveyResponse
from participants.surveys.services import survey_invitation_token, survey_submit
from tests.participants.surveys.conftest import DURING, answers_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_survey_submit_race_two_submits_one_token_one_response(open_survey, attendee):
    token = survey_invitation_token(survey=open_survey, user=attendee)
    answers = answers_for(open_survey)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            barrier.wait(timeout=10)
            survey_submit(token=token, answers=answers, now=DURING)
            outcomes.append("recorded")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["already_answered", "recorded"]
    assert SurveyParticipation.objects.count() == 1
    assert SurveyResponse.objects.count() == 1
    assert SurveyAnswer.objects.count() == 5


def test_survey_participation_twice_refused_by_postgres(open_survey, attendee):
    from django.db import IntegrityError

    SurveyParticipation.objects.create(survey=open_survey, user=attendee)

    with pytest.raises(IntegrityError):
        SurveyParticipation.objects.create(survey=open_survey, user=attendee)


def test_survey_answer_rating_out_of_range_refused_by_postgres(open_survey):
    from django.db import IntegrityError

    response = SurveyResponse.objects.create(survey=open_survey, submitted_on=DURING.date())

    with pytest.raises(IntegrityError):
        SurveyAnswer.objects.create(
            response=response, question=open_survey.questions.get(kind="rating"), rating=9
        )
