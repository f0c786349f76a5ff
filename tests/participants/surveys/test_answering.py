"""Answers are anonymous by design and validated before anything is written."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation

from events.models import SEOUL
from participants.models import Survey, SurveyAnswer, SurveyParticipation, SurveyResponse
from participants.surveys.services import survey_invitation_token, survey_submit
from tests.factories import UserFactory
from tests.participants.surveys.conftest import DURING, answers_for, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(open_survey, attendee):
    return survey_invitation_token(survey=open_survey, user=attendee)


def _nothing_saved() -> None:
    assert SurveyParticipation.objects.count() == 0
    assert SurveyResponse.objects.count() == 0
    assert SurveyAnswer.objects.count() == 0


def _refusal(token: str, answers: dict) -> ValidationError:
    with pytest.raises(ValidationError) as caught, translation.override("ko"):
        survey_submit(token=token, answers=answers, now=DURING)
    return caught.value


def test_survey_submit_stores_answers_and_the_fact_of_answering(open_survey, attendee, token):
    answers = answers_for(open_survey, rating=5, single=1, multiple=(0, 2), text="고맙습니다")

    response = survey_submit(token=token, answers=answers, now=DURING)

    participation = SurveyParticipation.objects.get()
    assert (participation.survey, participation.user) == (open_survey, attendee)
    assert response.survey == open_survey
    assert response.submitted_on == dt.date(2025, 7, 16)
    stored = sorted(
        (a.question.kind, a.rating, a.choice.text_ko if a.choice else None, a.text)
        for a in response.answers.select_related("question", "choice")
    )
    assert stored == [
        ("multiple", None, "장터", ""),
        ("multiple", None, "추모식", ""),
        ("rating", 5, None, ""),
        ("single", None, "신문", ""),
        ("text", None, None, "고맙습니다"),
    ]


def test_survey_response_row_holds_no_user_and_no_time(open_survey, attendee, token):
    survey_submit(token=token, answers=answers_for(open_survey), now=DURING)

    with connection.cursor() as cursor:
        response_columns = [
            c.name
            for c in connection.introspection.get_table_description(
                cursor, SurveyResponse._meta.db_table
            )
        ]
        answer_columns = [
            c.name
            for c in connection.introspection.get_table_description(
                cursor, SurveyAnswer._meta.db_table
            )
        ]
        participation_columns = [
            c.name
            for c in connection.introspection.get_table_description(
                cursor, SurveyParticipation._meta.db_table
            )
        ]
    assert sorted(response_columns) == ["id", "submitted_on", "survey_id"]
    assert sorted(answer_columns) == [
        "choice_id",
        "id",
        "question_id",
        "rating",
        "response_id",
        "text",
    ]
    assert sorted(participation_columns) == ["id", "survey_id", "user_id"]
    # Random keys on every side: no order to pair a participation with a response.
    response = SurveyResponse.objects.get()
    assert isinstance(response.pk, uuid.UUID)
    assert response.pk.version == 4
    assert isinstance(SurveyParticipation.objects.get().pk, uuid.UUID)
    assert all(
        isinstance(pk, uuid.UUID) for pk in SurveyAnswer.objects.values_list("pk", flat=True)
    )
    assert SurveyResponse.objects.values("survey_id", "submitted_on").get() == {
        "survey_id": open_survey.pk,
        "submitted_on": dt.date(2025, 7, 16),
    }


def test_survey_submit_second_answer_by_the_same_person_refused(open_survey, attendee, token):
    survey_submit(token=token, answers=answers_for(open_survey), now=DURING)

    error = _refusal(token, answers_for(open_survey, rating=1))

    assert error.code == "already_answered"
    with translation.override("ko"):
        assert error.messages == [
            "이미 이 설문에 응답하셨습니다. 감사합니다. 응답은 한 사람당 한 번만 집계됩니다."
        ]
    assert SurveyResponse.objects.count() == 1
    assert SurveyParticipation.objects.count() == 1
    assert list(
        SurveyAnswer.objects.filter(rating__isnull=False).values_list("rating", flat=True)
    ) == [4]


def test_survey_submit_another_person_may_answer(open_survey, token):
    other = UserFactory()
    survey_submit(token=token, answers=answers_for(open_survey), now=DURING)

    survey_submit(
        token=survey_invitation_token(survey=open_survey, user=other),
        answers=answers_for(open_survey),
        now=DURING,
    )

    assert SurveyResponse.objects.count() == 2


def test_survey_submit_forged_token_refused(open_survey, token):
    error = _refusal(token[:-2] + "xx", answers_for(open_survey))

    assert error.code == "invalid_link"
    _nothing_saved()


def test_survey_submit_token_of_another_survey_salt_refused(open_survey, attendee):
    from django.core import signing

    forged = signing.Signer(salt="participants.tributes.delete").sign_object(
        {"s": open_survey.pk, "u": attendee.pk}
    )

    assert _refusal(forged, answers_for(open_survey)).code == "invalid_link"
    _nothing_saved()


def test_survey_submit_closed_survey_refused(open_survey, token):
    open_survey.closes_at = DURING - dt.timedelta(minutes=1)
    open_survey.save()

    error = _refusal(token, answers_for(open_survey))

    assert error.code == "closed"
    with translation.override("ko"):
        assert error.messages == ["마감된 설문입니다. 관심을 가져 주셔서 감사합니다."]
    _nothing_saved()


def test_survey_submit_before_invitations_refused(open_survey, token):
    Survey.objects.filter(pk=open_survey.pk).update(status=Survey.Status.SCHEDULED)

    assert _refusal(token, answers_for(open_survey)).code == "closed"
    _nothing_saved()


def test_survey_submit_rating_of_nine_refused(open_survey, token):
    error = _refusal(token, answers_for(open_survey, rating=9))

    field = f"question_{question(open_survey, 'rating').pk}"
    with translation.override("ko"):
        assert error.message_dict == {field: ["1부터 5까지 중에서 점수를 골라 주세요."]}
    _nothing_saved()


def test_survey_submit_choice_of_another_question_refused(open_survey, token):
    answers = answers_for(open_survey)
    other_choice = question(open_survey, "multiple").choices.first()
    single_field = f"question_{question(open_survey, 'single').pk}"
    answers[single_field] = str(other_choice.pk)

    error = _refusal(token, answers)

    with translation.override("ko"):
        assert error.message_dict == {single_field: ["이 질문의 보기 중에서 골라 주세요."]}
    _nothing_saved()


def test_survey_submit_two_answers_to_a_single_choice_question_refused(open_survey, token):
    answers = answers_for(open_survey)
    single = question(open_survey, "single")
    answers[f"question_{single.pk}"] = [str(c.pk) for c in single.choices.all()]

    error = _refusal(token, answers)

    assert list(error.message_dict) == [f"question_{single.pk}"]
    _nothing_saved()


def test_survey_submit_ten_thousand_characters_refused(open_survey, token):
    error = _refusal(token, answers_for(open_survey, text="가" * 10_000))

    field = f"question_{question(open_survey, 'text').pk}"
    with translation.override("ko"):
        assert error.message_dict == {
            field: ["답변은 2000자 이내로 써 주세요(지금 10000자입니다)."]
        }
    _nothing_saved()


def test_survey_submit_required_question_missing_refused(open_survey, token):
    answers = answers_for(open_survey)
    del answers[f"question_{question(open_survey, 'rating').pk}"]

    error = _refusal(token, answers)

    with translation.override("ko"):
        assert error.message_dict == {
            f"question_{question(open_survey, 'rating').pk}": ["이 질문에 답해 주세요."]
        }
    _nothing_saved()


def test_survey_submit_unknown_question_refused(open_survey, token):
    answers = answers_for(open_survey)
    answers["question_999999"] = "3"

    assert _refusal(token, answers).code == "unknown_question"
    _nothing_saved()


def test_survey_submit_optional_questions_may_be_left_blank(open_survey, token):
    rating = question(open_survey, "rating")

    survey_submit(
        token=token,
        answers={
            f"question_{rating.pk}": 3,
            "question_" + str(question(open_survey, "text").pk): "  ",
        },
        now=DURING,
    )

    assert list(SurveyAnswer.objects.values_list("question__kind", "rating", "text")) == [
        ("rating", 3, "")
    ]


def test_survey_submit_inactive_person_refused(open_survey, attendee, token):
    attendee.is_active = False
    attendee.save()

    assert _refusal(token, answers_for(open_survey)).code == "invalid_link"


def test_survey_submit_date_is_korea_date(open_survey, token):
    late_evening_utc = dt.datetime(2025, 7, 16, 16, 30, tzinfo=dt.UTC)  # 01:30 on the 17th in Seoul

    response = survey_submit(token=token, answers=answers_for(open_survey), now=late_evening_utc)

    assert response.submitted_on == dt.datetime(2025, 7, 17, tzinfo=SEOUL).date()
