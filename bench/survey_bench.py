"""The survey after the day at the issue's size: 10,000 people checked in and 10,000 responses
(8 answer rows each) on PostgreSQL. Measures, in-process:

- writing the 10,000 invitations (``survey_invite``, once, through the outbox's reminder_schedule);
- ``survey_results`` (what the admin and the ministry's report read): median, p95, queries;
- the admin's results page and its CSV export, through Django's test client.

Run: .venv/bin/python bench/survey_bench.py   (BENCH_DATABASE_URL, see bench/README.md)
"""

import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dd_bench_survey"),
)

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from events.models import SEOUL, Edition, defectors_day  # noqa: E402
from participants.models import (  # noqa: E402
    Reminder,
    Rsvp,
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyQuestion,
    SurveyResponse,
    User,
)
from participants.surveys.selectors import survey_results  # noqa: E402
from participants.surveys.services import survey_invite  # noqa: E402

YEAR, PEOPLE, RESPONSES, RUNS = 2093, 10_000, 10_000, 20


def seed() -> tuple[User, Survey]:
    call_command("migrate", verbosity=0)
    organiser, _ = User.objects.get_or_create(
        email="bench-survey-organiser@example.invalid",
        defaults={"is_staff": True, "is_superuser": True, "password": make_password(None)},
    )
    edition, created = Edition.objects.get_or_create(
        year=YEAR,
        defaults={"date": defectors_day(YEAR), "title_ko": "벤치마크", "venue_ko": "서울"},
    )
    if not created:
        return organiser, Survey.objects.get(edition=edition)
    users = User.objects.bulk_create(
        User(email=f"bench-survey-{i}@example.invalid", password=make_password(None))
        for i in range(PEOPLE)
    )
    Rsvp.objects.bulk_create(
        Rsvp(user=user, edition=edition, party_size=1, status=Rsvp.Status.CHECKED_IN)
        for user in users
    )
    survey = Survey.objects.create(edition=edition, title_ko="벤치마크 설문")
    questions = []
    for position, kind in enumerate(["rating", "rating", "single", "multiple", "text", "rating"]):
        question = SurveyQuestion.objects.create(
            survey=survey, position=position, kind=kind, text_ko=f"질문 {position}"
        )
        if kind in ("single", "multiple"):
            SurveyChoice.objects.bulk_create(
                SurveyChoice(question=question, position=i, text_ko=f"보기 {i}") for i in range(5)
            )
        questions.append(question)
    rng = random.Random(15)
    day = defectors_day(YEAR) + dt.timedelta(days=1)
    responses = SurveyResponse.objects.bulk_create(
        SurveyResponse(survey=survey, submitted_on=day) for _ in range(RESPONSES)
    )
    choices = {q.pk: list(q.choices.values_list("pk", flat=True)) for q in questions}
    rows = []
    for response in responses:
        for question in questions:
            if question.kind == "rating":
                rows.append(
                    SurveyAnswer(response=response, question=question, rating=rng.randint(1, 5))
                )
            elif question.kind == "single":
                rows.append(
                    SurveyAnswer(
                        response=response,
                        question=question,
                        choice_id=rng.choice(choices[question.pk]),
                    )
                )
            elif question.kind == "multiple":
                rows.extend(
                    SurveyAnswer(response=response, question=question, choice_id=pk)
                    for pk in rng.sample(choices[question.pk], 2)
                )
            elif rng.random() < 0.3:
                rows.append(
                    SurveyAnswer(response=response, question=question, text="좋았습니다 " * 5)
                )
    SurveyAnswer.objects.bulk_create(rows, batch_size=5000)
    return organiser, survey


def timed(function, runs: int = RUNS) -> tuple[float, float, int]:
    durations = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            function()
            durations.append((time.perf_counter() - started) * 1000)
    durations.sort()
    return statistics.median(durations), durations[int(len(durations) * 0.95) - 1], len(queries)


def main() -> None:
    setup_test_environment()
    organiser, survey = seed()
    answer_rows = SurveyAnswer.objects.filter(response__survey=survey).count()
    print(f"seed: {PEOPLE} checked in, {RESPONSES} responses, {answer_rows} answer rows")

    if survey.status == Survey.Status.DRAFT:
        Survey.objects.filter(pk=survey.pk).update(
            status=Survey.Status.SCHEDULED,
            send_at=dt.datetime(YEAR, 7, 15, 10, tzinfo=SEOUL),
            closes_at=dt.datetime(YEAR, 7, 29, 10, tzinfo=SEOUL),
        )
        started = time.perf_counter()
        written = survey_invite(survey_id=survey.pk, now=dt.datetime(YEAR, 7, 15, 10, tzinfo=SEOUL))
        seconds = time.perf_counter() - started
        print(f"survey_invite: {written} invitations written in {seconds:.1f} s")
    print(
        "reminders of kind survey_invitation:",
        Reminder.objects.filter(kind="survey_invitation", edition=survey.edition).count(),
    )
    survey.refresh_from_db()

    median, p95, queries = timed(lambda: survey_results(survey))
    print(f"survey_results: median {median:.0f} ms, p95 {p95:.0f} ms, {queries} queries")

    client = Client()
    client.force_login(organiser)
    results_url = reverse("admin:participants_survey_results", args=[survey.pk])
    export_url = reverse("admin:participants_survey_export", args=[survey.pk, "csv"])
    assert client.get(results_url).status_code == 200
    median, p95, queries = timed(lambda: client.get(results_url))
    print(f"admin results page: median {median:.0f} ms, p95 {p95:.0f} ms, {queries} queries")
    median, p95, queries = timed(lambda: client.get(export_url), runs=5)
    print(
        f"CSV export (with free text): median {median:.0f} ms, p95 {p95:.0f} ms, {queries} queries"
    )


if __name__ == "__main__":
    main()
