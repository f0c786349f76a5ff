"""Celery tasks of the base layer: the daily retention run."""

from celery import shared_task

from events.common.retention import retention_apply


@shared_task(name="events.apply_retention", acks_late=True)
def apply_retention() -> dict[str, dict[str, int]]:
    return {result.kind: result.counts for result in retention_apply()}
