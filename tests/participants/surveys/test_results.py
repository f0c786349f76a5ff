"""Results as aggregates for the admin and the ministry's report; free text kept apart."""

import pytest

from participants.surveys.selectors import survey_for_edition, survey_free_text, survey_results
from participants.surveys.services import survey_invitation_token, survey_submit
from tests.factories import UserFactory
from tests.participants.surveys.conftest import DURING, answers_for, question

pytestmark = pytest.mark.django_db


def _answer(survey, **kwargs) -> None:
    user = UserFactory()
    survey_submit(
        token=survey_invitation_token(survey=survey, user=user),
        answers=answers_for(survey, **kwargs),
        now=DURING,
    )


def test_survey_results_counts_per_rating_and_choice(open_survey):
    _answer(open_survey, rating=5, single=0, multiple=(0, 1), text="좋았어요")
    _answer(open_survey, rating=4, single=0, multiple=(0,), text="")
    _answer(open_survey, rating=5, single=1, multiple=(), text="=cmd")

    results = survey_results(open_survey)

    rating, single, multiple, text = results["questions"]
    assert (results["survey_id"], results["invited"], results["responses"]) == (
        open_survey.pk,
        3,
        3,
    )
    assert [(r["label"], r["count"]) for r in rating["counts"]] == [
        ("1", 0),
        ("2", 0),
        ("3", 0),
        ("4", 1),
        ("5", 2),
    ]
    assert (rating["answered"], rating["average"], rating["kind"]) == (3, 4.67, "rating")
    assert [(r["label_ko"], r["label_en"], r["count"]) for r in single["counts"]] == [
        ("지인", "A friend", 2),
        ("신문", "Newspaper", 1),
    ]
    assert [(r["label"], r["count"]) for r in multiple["counts"]] == [
        ("추모식", 2),
        ("공연", 1),
        ("장터", 0),
    ]
    assert multiple["answered"] == 2
    assert (text["kind"], text["counts"], text["answered"], text["average"]) == (
        "text",
        [],
        2,
        None,
    )
    assert (text["text_ko"], text["text_en"]) == ("하고 싶은 말씀", "Anything else?")
    assert "좋았어요" not in repr(results)


def test_survey_free_text_apart_and_in_no_order_of_arrival(open_survey):
    _answer(open_survey, text="하나")
    _answer(open_survey, text="가나다")

    assert survey_free_text(open_survey) == {question(open_survey, "text").pk: ["가나다", "하나"]}


def test_survey_results_without_responses_all_zero(open_survey):
    results = survey_results(open_survey)

    assert results["responses"] == 0
    assert [q["answered"] for q in results["questions"]] == [0, 0, 0, 0]
    assert results["questions"][0]["average"] is None


def test_survey_results_constant_queries(open_survey, django_assert_num_queries):
    for rating in (1, 2, 3, 4, 5, 5):
        _answer(open_survey, rating=rating)

    with django_assert_num_queries(5):
        survey_results(open_survey)


def test_survey_for_edition(open_survey, edition):
    assert survey_for_edition(edition=edition) == open_survey
