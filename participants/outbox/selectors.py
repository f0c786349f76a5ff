from django.db import models
from django.db.models import Exists, OuterRef

from participants.models import Announcement, Reminder, Rsvp, User


def reminder_counts_by_edition() -> list[dict]:
    """One row per edition: its year and the number of reminders in each status."""
    counts: dict = {}
    rows = (
        Reminder.objects.values("edition__year", "status")
        .annotate(n=models.Count("id"))
        .order_by("-edition__year")
    )
    for row in rows:
        year = row["edition__year"]
        counts.setdefault(year, dict.fromkeys(Reminder.Status.values, 0))[row["status"]] = row["n"]
    return [{"year": year, **statuses} for year, statuses in counts.items()]


def announcement_recipients(announcement: Announcement) -> models.QuerySet:
    """The users the announcement goes to: one per person, however many RSVPs they hold."""
    rsvps = Rsvp.objects.filter(
        user=OuterRef("pk"), edition_id=announcement.edition_id, status__in=announcement.statuses
    )
    if announcement.item_id:
        rsvps = rsvps.filter(item_id=announcement.item_id)
    return User.objects.filter(Exists(rsvps), is_active=True).order_by("pk")


# What an organiser watches of an announcement's reminders: the one grouping of statuses, for the
# admin's columns and for announcement_progress.
PROGRESS_STATUSES = {
    "queued": (Reminder.Status.PENDING, Reminder.Status.SENDING),
    "sent": (Reminder.Status.SENT,),
    "failed": (Reminder.Status.FAILED, Reminder.Status.MISSED),
    "cancelled": (Reminder.Status.CANCELLED,),
}


def announcement_progress_annotate(queryset: models.QuerySet) -> models.QuerySet:
    """Announcements with ``n_queued``, ``n_sent``, ``n_failed`` and ``n_cancelled``."""
    return queryset.annotate(
        **{
            f"n_{name}": models.Count("reminders", filter=models.Q(reminders__status__in=statuses))
            for name, statuses in PROGRESS_STATUSES.items()
        }
    )


def announcement_progress(announcement: Announcement) -> dict[str, int]:
    """Queued (pending or sending), sent, failed (failed or missed) and cancelled counts."""
    names = [f"n_{name}" for name in PROGRESS_STATUSES]
    row = (
        announcement_progress_annotate(Announcement.objects.filter(pk=announcement.pk))
        .values(*names)
        .get()
    )
    return {name: row[f"n_{name}"] for name in PROGRESS_STATUSES}


def announcement_recipient_counts(announcement: Announcement) -> dict:
    """Exactly who it would go to now: the total, and people by email language and by booking
    status (a person holding two bookings counts once per status). Three queries."""
    recipients = announcement_recipients(announcement)
    by_language = dict(
        recipients.order_by()
        .values("preferred_language")
        .annotate(n=models.Count("pk"))
        .values_list("preferred_language", "n")
    )
    rsvps = Rsvp.objects.filter(
        edition_id=announcement.edition_id,
        status__in=announcement.statuses,
        user__in=recipients.values("pk"),
    )
    if announcement.item_id:
        rsvps = rsvps.filter(item_id=announcement.item_id)
    by_status = dict(
        rsvps.order_by()
        .values("status")
        .annotate(n=models.Count("user", distinct=True))
        .values_list("status", "n")
    )
    return {"total": recipients.count(), "by_language": by_language, "by_status": by_status}
