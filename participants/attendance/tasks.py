"""Celery tasks of attendance: thin wrappers that call the services."""

from celery import shared_task

from participants.attendance import services


@shared_task(name="participants.expire_waitlist_offers", acks_late=True, ignore_result=True)
def expire_waitlist_offers() -> int:
    """Beat, every minute: lapsed offers pass their seats to the next in line."""
    return services.waitlist_offers_expire()
