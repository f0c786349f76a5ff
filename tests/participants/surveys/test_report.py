"""The survey's section of the ministry's report: counts per answer, "<5" for small groups, an
average only from five answers, and never the words of a free-text answer."""

import pytest
from django.utils import translation

from events.report.render import report_context, report_html
from participants.surveys.services import survey_invitation_token, survey_submit
from tests.factories import UserFactory
from tests.participants.surveys.conftest import DURING, answers_for

pytestmark = pytest.mark.django_db


def _answer(survey, **kwargs) -> None:
    survey_submit(
        token=survey_invitation_token(survey=survey, user=UserFactory()),
        answers=answers_for(survey, **kwargs),
        now=DURING,
    )


def _survey_section(edition) -> dict:
    with translation.override("en"):
        context = report_context(edition=edition)
    return next(section for section in context["sections"] if section["key"] == "survey")


def test_report_survey_section_counts_answers_and_suppresses_small_groups(open_survey, edition):
    for _ in range(6):
        _answer(open_survey, rating=5, single=0, multiple=(0,), text="Zyxquor was lovely")
    _answer(open_survey, rating=2, single=1, multiple=(), text="")

    section = _survey_section(edition)

    assert section["empty"] is False
    assert dict(section["figures"])["People who answered"] == "7"
    rating, single, multiple, free_text = section["tables"]
    assert rating.caption == "How was the day? (average 4.6 of 5)"
    assert [[c["text"] for c in row] for row in rating.rows] == [
        ["1", "0"],
        ["2", "<5"],
        ["3", "0"],
        ["4", "0"],
        ["5", "6"],
    ]
    assert [[c["text"] for c in row] for row in single.rows] == [
        ["A friend", "6"],
        ["Newspaper", "<5"],
    ]
    assert [[c["text"] for c in row] for row in multiple.rows] == [
        ["Memorial", "6"],
        ["Concert", "0"],
        ["Market", "0"],
    ]
    assert [[c["text"] for c in row] for row in free_text.rows] == [["Anything else?", "6"]]
    for language in ("ko", "en"):
        assert "Zyxquor" not in report_html(edition=edition, language=language)


def test_report_survey_section_gives_no_average_under_five_answers(open_survey, edition):
    for rating in (1, 5, 5):
        _answer(open_survey, rating=rating)

    rating_table = _survey_section(edition)["tables"][0]

    assert rating_table.caption == "How was the day?"
    assert dict(_survey_section(edition)["figures"])["People who answered"] == "<5"


def test_report_survey_section_without_a_survey_says_so(edition):
    section = _survey_section(edition)

    assert section["empty"] is True
    assert section["notes"] == ["No survey was run for this edition."]
