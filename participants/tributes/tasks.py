"""Celery tasks of the remembrance wall: thin wrappers around the services."""

from celery import shared_task

from participants.tributes.services import tributes_purge


@shared_task(name="participants.purge_tributes", acks_late=True, ignore_result=True)
def purge_tributes() -> int:
    return tributes_purge()
