"""Who answered is kept only while it matters: the one retention policy deletes participations
after the survey closed; responses and counts stay."""

import datetime as dt

import pytest

from events.common.retention import retention_apply
from events.models import AuditEntry
from participants.models import SurveyParticipation, SurveyResponse
from participants.surveys.services import survey_invitation_token, survey_submit
from tests.participants.surveys.conftest import DURING, answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(open_survey, attendee, settings):
    settings.RETENTION_DAYS = {**settings.RETENTION_DAYS, "survey_participations": 30}
    survey_submit(
        token=survey_invitation_token(survey=open_survey, user=attendee),
        answers=answers_for(open_survey),
        now=DURING,
    )
    open_survey.closes_at = dt.datetime(2025, 7, 29, 10, tzinfo=dt.UTC)
    open_survey.save()
    return open_survey


def test_retention_survey_participations_kept_before_the_period(answered):
    retention_apply(kinds=["survey_participations"], now=dt.datetime(2025, 8, 28, tzinfo=dt.UTC))

    assert SurveyParticipation.objects.count() == 1


def test_retention_survey_participations_deleted_after_the_period_responses_stay(answered):
    results = retention_apply(
        kinds=["survey_participations"], now=dt.datetime(2025, 8, 28, 10, tzinfo=dt.UTC)
    )

    assert results[0].counts == {"survey_participations": 1}
    assert SurveyParticipation.objects.count() == 0
    assert SurveyResponse.objects.count() == 1
    entry = AuditEntry.objects.get(action="retention")
    assert (entry.target, entry.row_count) == ("survey_participations", 1)
