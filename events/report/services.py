"""Queueing and building the ministry's report. The admin calls ``report_request``; the Celery
task ``events.build_report`` (events/tasks.py) calls ``report_build``."""

import datetime as dt
import logging
import time
from functools import partial

from celery import current_app
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Edition
from events.report.models import EditionReport
from events.report.render import report_html, report_pdf

logger = logging.getLogger(__name__)

# Published by name: the tasks module imports the services, never the other way round.
BUILD_TASK = "events.build_report"
LANGUAGES = ("ko", "en")
# A job still queued or building after this long lost its worker: it is marked failed, so the
# next request starts afresh instead of waiting on it for ever.
STALE_AFTER = dt.timedelta(minutes=15)


def _publish_build(report_id: int) -> None:
    try:
        current_app.send_task(BUILD_TASK, (report_id,))
    except Exception:
        logger.exception("Could not queue the build of report %s", report_id)
        EditionReport.objects.filter(pk=report_id, status=EditionReport.Status.QUEUED).update(
            status=EditionReport.Status.FAILED,
            failure=EditionReport.Failure.QUEUE,
            finished_at=timezone.now(),
        )


def _fail_stale(*, edition: Edition, now: dt.datetime) -> None:
    EditionReport.objects.filter(
        edition=edition,
        status__in=EditionReport.ACTIVE_STATUSES,
        requested_at__lt=now - STALE_AFTER,
    ).update(
        status=EditionReport.Status.FAILED,
        failure=EditionReport.Failure.TIMEOUT,
        finished_at=now,
    )


@transaction.atomic
def report_request(
    *, edition: Edition, by, now: dt.datetime | None = None
) -> tuple[EditionReport, bool]:
    """Queue a build of ``edition``'s report, or return the one already queued or building
    (``created`` False): two organisers asking at once get one job (a partial unique index)."""
    now = now or timezone.now()
    _fail_stale(edition=edition, now=now)
    active = EditionReport.objects.filter(edition=edition, status__in=EditionReport.ACTIVE_STATUSES)
    existing = active.first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            report = EditionReport.objects.create(edition=edition, requested_by=by)
    except IntegrityError:
        # Another organiser's request committed between our read and our insert.
        return active.get(), False
    transaction.on_commit(partial(_publish_build, report.pk))
    return report, True


def report_build(*, report_id: int, now: dt.datetime | None = None) -> EditionReport | None:
    """Build both languages of a queued report and mark it ready, or failed with the reason.
    A second delivery of the same task finds the job taken and does nothing (returns None)."""
    started = now or timezone.now()
    claimed = EditionReport.objects.filter(pk=report_id, status=EditionReport.Status.QUEUED).update(
        status=EditionReport.Status.BUILDING, started_at=started
    )
    if not claimed:
        return None
    report = EditionReport.objects.select_related("edition").get(pk=report_id)
    clock = time.perf_counter()
    try:
        for language in LANGUAGES:
            pdf = report_pdf(report_html(edition=report.edition, language=language, now=started))
            name = f"report-{report.edition.year}-{report.pk}-{language}.pdf"
            getattr(report, f"pdf_{language}").save(name, ContentFile(pdf), save=False)
    except Exception:
        logger.exception("The report %s of edition %s failed", report.pk, report.edition.year)
        EditionReport.objects.filter(pk=report.pk).update(
            status=EditionReport.Status.FAILED,
            failure=EditionReport.Failure.ERROR,
            finished_at=timezone.now(),
        )
        report.refresh_from_db()
        return report
    report.status = EditionReport.Status.READY
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "finished_at", "pdf_ko", "pdf_en"])
    logger.info(
        "Report %s of edition %s built in %.1f s",
        report.pk,
        report.edition.year,
        time.perf_counter() - clock,
    )
    return report
