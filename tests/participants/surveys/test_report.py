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
    # No average beside a "<5": 4.6 from 7 people, six of them at 5, would tell the seventh.
    assert rating.caption == "How was the day?"
    assert [[c["text"] for c in row] for row in rating.rows] == [
        ["1", "0"],
        ["2", "<5"],
        ["3", "0"],
        ["4", "0"],
        ["5", "X"],  # withheld: 7 people answered, so "6" would tell the "<5"
    ]
    assert [[c["text"] for c in row] for row in single.rows] == [
        ["A friend", "X"],
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


def test_report_survey_section_averages_when_no_count_is_withheld(open_survey, edition):
    for rating in (5,) * 6 + (4,) * 5:
        _answer(open_survey, rating=rating)

    rating_table = _survey_section(edition)["tables"][0]

    assert rating_table.caption == "How was the day? (average 4.5 of 5)"
