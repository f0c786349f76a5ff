"""The surveys admin: building, locking, scheduling, results with charts and tables, free text
behind its permission, audited exports behind theirs."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from events.models import AuditEntry
from participants.models import Survey, SurveyQuestion
from participants.surveys.services import survey_invitation_token, survey_submit
from tests.factories import EditionFactory, UserFactory
from tests.participants.surveys.conftest import DURING, answers_for, staff_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(open_survey):
    for rating, text in ((5, '=HYPERLINK("x")'), (3, "다음에도 오겠습니다")):
        survey_submit(
            token=survey_invitation_token(survey=open_survey, user=UserFactory()),
            answers=answers_for(open_survey, rating=rating, text=text),
            now=DURING,
        )
    return open_survey


def _results(client, survey):
    return client.get(reverse("admin:participants_survey_results", args=[survey.pk]))


def test_results_page_charts_and_tables(client, answered):
    client.force_login(staff_with("view_survey"))

    response = _results(client, answered)

    assert response.status_code == 200
    html = response.content.decode()
    assert "안내받은 3명 중 2명이 응답했습니다." in html
    assert html.count('<svg class="bars"') == 3
    assert '<th scope="row">5</th><td>1</td>' in html
    assert '<th scope="row">지인</th><td>2</td>' in html
    assert "평균: 5점 만점에 4.0점." in html


def test_results_page_free_text_hidden_without_its_permission(client, answered):
    client.force_login(staff_with("view_survey"))

    html = _results(client, answered).content.decode()

    assert "다음에도 오겠습니다" not in html
    assert "서술형 응답은 열람 권한이 있는 운영진만 볼 수 있습니다." in html
    assert "CSV" not in html
    assert AuditEntry.objects.filter(action="private_view").count() == 0


def test_results_page_free_text_shown_with_its_permission_and_audited(client, answered):
    reader = staff_with("view_survey", "view_survey_free_text")
    client.force_login(reader)

    html = _results(client, answered).content.decode()

    assert "<li>다음에도 오겠습니다</li>" in html
    assert "<li>=HYPERLINK(&quot;x&quot;)</li>" in html
    entry = AuditEntry.objects.get(action="private_view")
    assert (entry.user, entry.action, entry.target, entry.object_id) == (
        reader,
        "private_view",
        "participants.Survey",
        str(answered.pk),
    )


def test_results_page_refused_without_view_permission(client, answered):
    client.force_login(staff_with("view_reminder"))

    assert _results(client, answered).status_code == 403


def test_export_refused_without_export_permission(client, answered):
    client.force_login(staff_with("view_survey", "view_survey_free_text"))

    response = client.get(reverse("admin:participants_survey_export", args=[answered.pk, "csv"]))

    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="export").count() == 0


def test_export_csv_aggregates_only_without_free_text_permission_audited(client, answered):
    exporter = staff_with("view_survey", "export_survey")
    client.force_login(exporter)

    response = client.get(reverse("admin:participants_survey_export", args=[answered.pk, "csv"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["표시 순서", "질문", "종류", "응답", "수", "응답한 사람 수"]
    assert rows[1:6] == [
        ["1", "행사는 어떠셨나요?", "1~5점 평가", str(n), c, "2"]
        for n, c in ((1, "0"), (2, "0"), (3, "1"), (4, "0"), (5, "1"))
    ]
    assert len(rows) == 1 + 5 + 2 + 3
    assert "다음에도 오겠습니다" not in response.content.decode()
    entry = AuditEntry.objects.get(action="export")
    assert (entry.user, entry.target, entry.row_count, entry.object_id, entry.detail) == (
        exporter,
        "participants.Survey",
        10,
        str(answered.pk),
        {"format": "csv", "free_text": False},
    )


def test_export_xlsx_with_free_text_escapes_formulas(client, answered):
    client.force_login(staff_with("view_survey", "export_survey", "view_survey_free_text"))

    response = client.get(reverse("admin:participants_survey_export", args=[answered.pk, "xlsx"]))

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    texts = [row[3] for row in sheet.iter_rows(values_only=True) if row[2] == "서술형"]
    assert texts == ['\'=HYPERLINK("x")', "다음에도 오겠습니다"]
    assert AuditEntry.objects.get(action="export").detail == {"format": "xlsx", "free_text": True}


def test_export_unknown_format_is_not_found(client, answered):
    client.force_login(staff_with("view_survey", "export_survey"))

    response = client.get(reverse("admin:participants_survey_export", args=[answered.pk, "pdf"]))

    assert response.status_code == 404


def test_admin_builds_a_survey_with_questions_inline(client):
    edition = EditionFactory(year=2026)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    data = {
        "edition": edition.pk,
        "title_ko": "2026 설문",
        "title_en": "2026 survey",
        "intro_ko": "",
        "intro_en": "",
        "send_at_0": "",
        "send_at_1": "",
        "closes_at_0": "",
        "closes_at_1": "",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1",
        "questions-0-kind": "rating",
        "questions-0-text_ko": "만족하셨나요?",
        "questions-0-text_en": "Were you satisfied?",
        "questions-1-position": "2",
        "questions-1-kind": "text",
        "questions-1-text_ko": "의견",
        "questions-1-text_en": "",
    }

    response = client.post(reverse("admin:participants_survey_add"), data)

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    survey = Survey.objects.get(edition=edition)
    assert list(survey.questions.values_list("kind", "text_ko", "text_en")) == [
        ("rating", "만족하셨나요?", "Were you satisfied?"),
        ("text", "의견", None),
    ]


def test_admin_schedule_action_without_questions_shows_message(client):
    survey = Survey.objects.create(edition=EditionFactory(year=2099), title_ko="빈 설문")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:participants_survey_changelist"),
        {"action": "schedule", "_selected_action": [survey.pk]},
        follow=True,
    )

    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "“빈 설문”: 질문이 없는 설문은 보낼 수 없습니다. 먼저 질문을 하나 이상 추가하세요."
    ]
    survey.refresh_from_db()
    assert survey.status == Survey.Status.DRAFT


def test_admin_schedule_action_schedules(client, survey):
    survey.edition = EditionFactory(year=2099)
    survey.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:participants_survey_changelist"),
        {"action": "schedule", "_selected_action": [survey.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "“행사 후 설문” 설문을 발송 예정으로 정했습니다."
    ]
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.SCHEDULED


def test_admin_questions_locked_once_invited(client, open_survey):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    question = open_survey.questions.get(kind="single")

    survey_page = client.get(reverse("admin:participants_survey_change", args=[open_survey.pk]))
    question_page = client.get(
        reverse("admin:participants_surveyquestion_change", args=[question.pk])
    )
    delete = client.post(
        reverse("admin:participants_surveyquestion_delete", args=[question.pk]), {"post": "yes"}
    )

    assert 'name="questions-0-text_ko"' not in survey_page.content.decode()
    assert "행사는 어떠셨나요?" in survey_page.content.decode()  # shown, not editable
    assert 'name="choices-0-text_ko"' not in question_page.content.decode()
    assert 'name="text_ko"' not in question_page.content.decode()
    assert delete.status_code == 403
    assert SurveyQuestion.objects.filter(pk=question.pk).exists()


def test_admin_questions_not_in_the_index(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get(reverse("admin:index")).content.decode()

    assert reverse("admin:participants_survey_changelist") in html
    assert reverse("admin:participants_surveyquestion_changelist") not in html


def test_free_text_permission_requires_two_step_sign_in():
    from events.common.staff import staff_needs_two_step

    assert staff_needs_two_step(staff_with("view_survey")) is False
    assert staff_needs_two_step(staff_with("view_survey", "view_survey_free_text")) is True
    assert staff_needs_two_step(staff_with("view_survey", "export_survey")) is True
