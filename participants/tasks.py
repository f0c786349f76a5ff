"""Celery's autodiscovery imports ``participants.tasks``: the tasks live in the slices."""

from participants.attendance.tasks import expire_waitlist_offers
from participants.outbox.tasks import (
    dispatch_reminders,
    fan_out_announcement,
    send_reminder,
    sweep_reminders,
    sync_performer_call_reminders,
)
from participants.surveys.tasks import invite_to_surveys

__all__ = [
    "dispatch_reminders",
    "expire_waitlist_offers",
    "fan_out_announcement",
    "invite_to_surveys",
    "send_reminder",
    "sweep_reminders",
    "sync_performer_call_reminders",
]
