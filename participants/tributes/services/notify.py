"""Emails to a tribute's writer, through the outbox: received, published, changes requested, not
published. Every one carries the signed link that deletes the tribute without signing in."""

import datetime as dt

from django.utils import timezone

from participants.models import Reminder
from participants.outbox.services import reminder_cancel_for_subject, reminder_schedule
from participants.tributes.models import Tribute
from participants.tributes.services.links import tribute_delete_url

EVENTS = ("received", "approved", "changes_requested", "rejected")


def tribute_notify(*, tribute: Tribute, event: str, now: dt.datetime | None = None) -> Reminder:
    """Queue the email about ``event`` at once (the dispatcher sends it within a minute)."""
    if event not in EVENTS:
        raise ValueError(f"Unknown tribute event: {event}")
    now = now or timezone.now()
    kind = Reminder.Kind.TRIBUTE_RECEIVED if event == "received" else Reminder.Kind.TRIBUTE_UPDATE
    return reminder_schedule(
        kind=kind,
        # One email per decision: a second request for changes is a new message.
        key=f"tribute:{tribute.pk}:{event}:{now.timestamp():.0f}",
        due_at=now,
        recipient=tribute.author,
        edition_id=tribute.edition_id,
        subject=tribute,
        context={
            "event": event,
            "written_on": timezone.localdate(tribute.created_at).isoformat(),
            "note": tribute.note_to_writer if event == "changes_requested" else "",
            "delete_url": tribute_delete_url(tribute),
        },
    )


def tribute_notifications_cancel(*, tribute: Tribute) -> int:
    return reminder_cancel_for_subject(subject=tribute)
