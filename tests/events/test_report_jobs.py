"""The ministry's report as a background job: one job per edition however many ask, a clear
status when it fails, and the admin's queue -> ready -> download flow (permission, audit)."""

import datetime as dt
import re
import threading

import pytest
from celery import current_app
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from events.models import AuditEntry, EditionReport
from events.report.services import _publish_build, report_build, report_request
from events.tasks import build_report
from tests.factories import EditionFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def edition():
    return EditionFactory(year=2025)


def _staff(*codenames):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_report_request_twice_makes_one_job(edition, organiser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first, first_created = report_request(edition=edition, by=organiser)
        second, second_created = report_request(edition=edition, by=UserFactory(is_staff=True))

    assert (first_created, second_created) == (True, False)
    assert second.pk == first.pk
    assert EditionReport.objects.count() == 1
    assert len(callbacks) == 1


def test_report_request_after_a_stale_job_starts_afresh(edition, organiser):
    stale, _ = report_request(edition=edition, by=organiser)
    EditionReport.objects.filter(pk=stale.pk).update(
        requested_at=timezone.now() - dt.timedelta(minutes=20)
    )

    fresh, created = report_request(edition=edition, by=organiser)

    stale.refresh_from_db()
    assert created is True
    assert fresh.pk != stale.pk
    assert (stale.status, stale.failure) == ("failed", "timeout")


def test_report_build_makes_both_languages_and_a_second_delivery_does_nothing(edition, organiser):
    RsvpFactory(edition=edition, party_size=5)
    report, _ = report_request(edition=edition, by=organiser)

    assert build_report(report.pk) == "ready"
    assert build_report(report.pk) is None

    report.refresh_from_db()
    assert report.status == EditionReport.Status.READY
    assert report.finished_at is not None
    for field in (report.pdf_ko, report.pdf_en):
        with field.open("rb") as handle:
            assert handle.read(5) == b"%PDF-"
    assert report.pdf_ko.name == f"2025/report-2025-{report.pk}-ko.pdf"


def test_report_build_that_cannot_store_its_file_is_marked_failed(
    edition, organiser, settings, tmp_path
):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the private folder should be")
    settings.PRIVATE_MEDIA_ROOT = blocked
    report, _ = report_request(edition=edition, by=organiser)

    built = report_build(report_id=report.pk)

    assert (built.status, built.failure) == ("failed", "error")
    assert built.get_failure_display() == (
        "보고서를 만들지 못했습니다. 오류는 서버 기록에 남았습니다."
    )


def test_report_queue_unreachable_marks_the_job_failed(edition, organiser, monkeypatch):
    report, _ = report_request(edition=edition, by=organiser)

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(current_app._get_current_object(), "send_task", broker_down)
    _publish_build(report.pk)

    report.refresh_from_db()
    assert (report.status, report.failure) == ("failed", "queue")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_report_request_by_two_organisers_at_once_makes_one_job_on_postgres():
    edition = EditionFactory(year=2025)
    organisers = [UserFactory(is_staff=True) for _ in range(2)]
    barrier = threading.Barrier(2)
    results = []

    def ask(user):
        try:
            barrier.wait()
            results.append(report_request(edition=edition, by=user))
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(user,)) for user in organisers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert EditionReport.objects.count() == 1
    assert sorted(created for _report, created in results) == [False, True]
    assert {report.pk for report, _created in results} == {EditionReport.objects.get().pk}


def test_admin_report_flow_queue_ready_download_audited(
    client, edition, organiser, django_capture_on_commit_callbacks
):
    page_url = reverse("admin:events_editionreport_edition", args=[edition.pk])
    client.force_login(organiser)

    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(page_url)
    report = EditionReport.objects.get()
    waiting = client.get(page_url).content.decode()
    build_report(report.pk)  # what the worker does with the queued task
    ready = client.get(page_url).content.decode()
    download_url = reverse("admin:events_editionreport_download", args=[report.pk, "en"])
    pdf = client.get(download_url)

    assert response.status_code == 302
    assert len(callbacks) == 1
    assert "작업자를 기다리는 중" in waiting
    assert 'http-equiv="refresh"' in waiting
    assert "준비됨" in ready
    # When it was asked for and finished, written as everywhere else (issue 17).
    assert len(re.findall(r"<td>\d{4}년 \d+월 \d+일 \(.\) 오[전후] \d{1,2}:\d\d</td>", ready)) == 2
    assert download_url in ready
    assert 'http-equiv="refresh"' not in ready
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert list(
        AuditEntry.objects.filter(target="events.EditionReport").values_list(
            "action", "object_id", "detail"
        )
    ) == [
        (
            "export",
            str(report.pk),
            {"what": "ministry's report", "edition": 2025, "language": "en"},
        ),
        ("other", str(report.pk), {"what": "report requested", "edition": 2025}),
    ]


def test_admin_report_page_shows_a_failed_job_clearly(client, edition, organiser):
    EditionReport.objects.create(edition=edition, status="failed", failure="timeout")
    client.force_login(organiser)

    page = client.get(reverse("admin:events_editionreport_edition", args=[edition.pk]))

    text = page.content.decode()
    assert "<strong>실패</strong>" in text
    assert "제시간에 보고서를 끝낸 작업자가 없습니다." in text
    assert 'value="지금 보고서 만들기"' in text


def test_admin_report_needs_permission(client, edition, organiser):
    report = EditionReport.objects.create(edition=edition, status="ready")
    page_url = reverse("admin:events_editionreport_edition", args=[edition.pk])
    download_url = reverse("admin:events_editionreport_download", args=[report.pk, "ko"])
    client.force_login(_staff("view_edition"))
    assert client.get(page_url).status_code == 403
    assert client.get(download_url).status_code == 403

    client.force_login(_staff("view_editionreport"))
    assert client.post(page_url).status_code == 403
    assert EditionReport.objects.count() == 1
    assert AuditEntry.objects.filter(target="events.EditionReport").count() == 0


def test_admin_report_download_of_a_job_not_ready_is_not_found(client, edition, organiser):
    report = EditionReport.objects.create(edition=edition, status="building")
    client.force_login(organiser)

    assert (
        client.get(
            reverse("admin:events_editionreport_download", args=[report.pk, "ko"])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("admin:events_editionreport_download", args=[report.pk, "fr"])
        ).status_code
        == 404
    )
