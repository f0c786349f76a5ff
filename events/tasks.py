"""Celery tasks of the base layer: the daily retention run, the ministry's report."""

from celery import shared_task

from events.common.retention import retention_apply
from events.report.services import report_build


@shared_task(name="events.apply_retention", acks_late=True)
def apply_retention() -> dict[str, dict[str, int]]:
    return {result.kind: result.counts for result in retention_apply()}


# Longer than the default limits (a big edition takes tens of seconds per language), shorter
# than services.STALE_AFTER, after which a job that lost its worker may be asked for again.
@shared_task(name="events.build_report", acks_late=True, soft_time_limit=300, time_limit=330)
def build_report(report_id: int) -> str | None:
    report = report_build(report_id=report_id)
    return report.status if report else None
