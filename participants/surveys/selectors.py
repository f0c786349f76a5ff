"""Reads of the surveys slice: a survey to answer, and its results as aggregates (counts only)
with the free-text answers apart, for the admin and the ministry's report.

``survey_results`` never returns free text or anything about a single response; free text comes
only from ``survey_free_text``, which callers show only with ``view_survey_free_text``.
"""

from collections import defaultdict

from django.db.models import Count

from events.models import Edition
from participants.surveys.models import (
    RATING_VALUES,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
)


def survey_for_edition(*, edition: Edition) -> Survey | None:
    """The edition's survey, or None."""
    return Survey.objects.filter(edition=edition).first()


def survey_questions(*, survey: Survey) -> list[SurveyQuestion]:
    """The questions in order, with their choices."""
    return list(survey.questions.prefetch_related("choices"))


def survey_results(survey: Survey) -> dict:
    """Aggregates of a survey's answers in five queries, whatever the number of responses.

    Returns ``{"survey_id", "invited", "responses", "questions": [...]}``; each question is
    ``{"id", "position", "kind", "text", "text_ko", "text_en", "answered", "counts", "average"}``
    where ``answered`` is how many responses answered it, ``counts`` lists
    ``{"value", "label", "label_ko", "label_en", "count"}`` for every rating 1-5 or every choice
    in order (zeros included; empty for free text) and ``average`` is the mean rating (ratings
    only, None without answers). Texts are in the active language (Korean fallback).
    """
    questions = survey_questions(survey=survey)
    answers = SurveyAnswer.objects.filter(response__survey=survey).order_by()
    answered = dict(
        answers.values("question")
        .annotate(n=Count("response", distinct=True))
        .values_list("question", "n")
    )
    tallies: dict[int, dict] = defaultdict(dict)
    for question_id, rating, choice_id, n in (
        answers.exclude(text__gt="")
        .values("question", "rating", "choice")
        .annotate(n=Count("id"))
        .values_list("question", "rating", "choice", "n")
    ):
        tallies[question_id][rating if rating is not None else choice_id] = n
    results = []
    for question in questions:
        counts: list[dict] = []
        average = None
        if question.kind == SurveyQuestion.Kind.RATING:
            counts = [
                {
                    "value": value,
                    "label": str(value),
                    "label_ko": str(value),
                    "label_en": str(value),
                    "count": tallies[question.pk].get(value, 0),
                }
                for value in RATING_VALUES
            ]
            total = sum(row["count"] for row in counts)
            if total:
                average = round(sum(row["value"] * row["count"] for row in counts) / total, 2)
        elif question.has_choices:
            counts = [
                {
                    "value": choice.pk,
                    "label": choice.text,
                    "label_ko": choice.text_ko,
                    "label_en": choice.text_en or choice.text_ko,
                    "count": tallies[question.pk].get(choice.pk, 0),
                }
                for choice in question.choices.all()
            ]
        results.append(
            {
                "id": question.pk,
                "position": question.position,
                "kind": question.kind,
                "text": question.text,
                "text_ko": question.text_ko,
                "text_en": question.text_en or question.text_ko,
                "answered": answered.get(question.pk, 0),
                "counts": counts,
                "average": average,
            }
        )
    return {
        "survey_id": survey.pk,
        "invited": survey.invited_count,
        "responses": survey.responses.count(),
        "questions": results,
    }


def survey_free_text(survey: Survey) -> dict[int, list[str]]:
    """The free-text answers per question id, in no meaningful order (random keys): only for
    people with ``participants.view_survey_free_text``."""
    texts: dict[int, list[str]] = defaultdict(list)
    rows = (
        SurveyAnswer.objects.filter(response__survey=survey, question__kind="text")
        .exclude(text="")
        .order_by("question", "text")
        .values_list("question", "text")
    )
    for question_id, text in rows:
        texts[question_id].append(text)
    return dict(texts)
