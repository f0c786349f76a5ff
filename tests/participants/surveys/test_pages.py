"""The survey page behind the signed link: no sign-in, clear messages, never a 500."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import SEOUL
from participants.models import SurveyAnswer, SurveyParticipation, SurveyResponse
from participants.surveys.services import survey_invitation_token
from tests.participants.surveys.conftest import answers_for, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def url(open_survey, attendee):
    return reverse(
        "participants:survey_answer",
        args=[survey_invitation_token(survey=open_survey, user=attendee)],
    )


def _post_data(survey, **kwargs) -> dict:
    return dict(answers_for(survey, **kwargs).items())


def test_survey_page_shows_questions_in_korean_without_sign_in(client, open_survey, url):
    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>행사 후 설문</h1>" in html
    for text in ("행사는 어떠셨나요?", "어떻게 알게 되셨나요?", "지인", "장터", "하고 싶은 말씀"):
        assert text in html
    assert "1 (매우 나쁨)" in html
    assert "응답은 익명입니다." in html
    assert response["Cache-Control"].startswith("max-age=0")
    assert response["Referrer-Policy"] == "no-referrer"


def test_survey_page_in_english_under_en(client, open_survey, attendee):
    with translation.override("en"):
        url = reverse(
            "participants:survey_answer",
            args=[survey_invitation_token(survey=open_survey, user=attendee)],
        )

    response = client.get(url)

    assert url.startswith("/en/survey/")
    html = response.content.decode()
    assert "<h1>After the day</h1>" in html
    assert "How did you hear of it?" in html
    assert "Send my answers" in html


def test_survey_page_post_records_and_thanks(client, open_survey, url):
    response = client.post(url, _post_data(open_survey))

    assert response.status_code == 302
    assert response["Location"] == reverse("participants:survey_thanks")
    assert SurveyResponse.objects.count() == 1
    assert SurveyParticipation.objects.count() == 1
    thanks = client.get(response["Location"])
    assert "응답이 이름 없이 기록되었습니다." in thanks.content.decode()


def test_survey_page_second_visit_says_already_answered(client, open_survey, url):
    client.post(url, _post_data(open_survey))

    again = client.get(url)
    post_again = client.post(url, _post_data(open_survey, rating=1))

    assert again.status_code == 409
    assert post_again.status_code == 409
    assert "이미 이 설문에 응답하셨습니다." in post_again.content.decode()
    assert SurveyResponse.objects.count() == 1


def test_survey_page_forged_link_says_not_valid(client, open_survey, url):
    response = client.get(url[:-3] + "xx/")

    assert response.status_code == 404
    assert "올바른 설문 링크가 아닙니다." in response.content.decode()


def test_survey_page_closed_survey_says_closed(client, open_survey, url):
    open_survey.closes_at = dt.datetime(2025, 8, 1, tzinfo=SEOUL)
    open_survey.save()

    response = client.post(url, _post_data(open_survey))

    assert response.status_code == 410
    assert "마감된 설문입니다." in response.content.decode()
    assert SurveyResponse.objects.count() == 0


def test_survey_page_rating_of_nine_shows_message_and_saves_nothing(client, open_survey, url):
    response = client.post(url, _post_data(open_survey, rating=9))

    assert response.status_code == 400
    html = response.content.decode()
    assert "올바르게 선택해 주세요. 9 이/가 선택가능항목에 없습니다." in html
    assert SurveyResponse.objects.count() == 0


def test_survey_page_ten_thousand_characters_shows_message_and_keeps_the_text(
    client, open_survey, url
):
    response = client.post(url, _post_data(open_survey, text="가" * 10_000))

    assert response.status_code == 400
    html = response.content.decode()
    assert "답변은 2000자 이내로 써 주세요(지금 10000자입니다)." in html
    assert "가" * 10_000 in html  # what they wrote is not lost
    assert SurveyResponse.objects.count() == 0
    assert SurveyAnswer.objects.count() == 0


def test_survey_page_required_question_left_blank_shows_message(client, open_survey, url):
    data = _post_data(open_survey)
    del data[f"question_{question(open_survey, 'rating').pk}"]

    response = client.post(url, data)

    assert response.status_code == 400
    assert "이 질문에 답해 주세요." in response.content.decode()
    assert SurveyParticipation.objects.count() == 0


def test_survey_page_unknown_choice_shows_message(client, open_survey, url):
    data = _post_data(open_survey)
    data[f"question_{question(open_survey, 'multiple').pk}"] = ["999999"]

    response = client.post(url, data)

    assert response.status_code == 400
    assert "999999 이/가 선택가능항목에 없습니다." in response.content.decode()
    assert SurveyParticipation.objects.count() == 0
