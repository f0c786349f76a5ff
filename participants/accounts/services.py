"""Accounts: deleting one's own account without leaving personal data or blocked seats."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from events.models import Edition
from participants.attendance.services import rsvp_cancel
from participants.models import Reminder, Rsvp, User


@transaction.atomic
def account_delete(*, user: User, now: dt.datetime | None = None) -> int:
    """Cancel the user's active RSVPs through rsvp_cancel (seats released, waiting lists
    promoted, reminders cancelled), detach the past ones and delete the account with its email
    addresses. Seat counts and check-in totals stay; the person does not. Returns the number of
    RSVPs cancelled."""
    now = now or timezone.now()
    cancelled = 0
    rsvps = user.rsvps.filter(status__in=[Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED])
    # Target by target in a fixed order, the same lock order as every other service.
    for rsvp in rsvps.select_related("edition", "item").order_by("item_id", "edition_id"):
        rsvp_cancel(rsvp=rsvp, now=now)
        cancelled += 1
    user.rsvps.update(
        user=None,
        needs_wheelchair=False,
        needs_sign_language=False,
        other_needs="",
        anonymised_at=now,
    )
    # Reminders keep no recipient (on_delete=SET_NULL); allauth's EmailAddress rows cascade.
    user.delete()
    return cancelled


def attendees_anonymise(
    *, older_than_days: int, now: dt.datetime | None = None, dry_run: bool = False
) -> dict[str, int]:
    """Remove the people from RSVPs of editions whose day ended more than ``older_than_days``
    ago: no user, no access needs, no staff name; seat counts, statuses and check-in times stay.
    Accounts that only existed for those RSVPs (never signed in, not staff) are deleted, and
    the editions' reminders lose their recipient. Returns what it changed (or would change)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=older_than_days)
    edition_ids = [edition.pk for edition in Edition.objects.all() if edition.day_ends_at <= cutoff]
    rsvps = Rsvp.objects.filter(edition_id__in=edition_ids, anonymised_at__isnull=True)
    user_ids = set(rsvps.exclude(user=None).values_list("user_id", flat=True))
    counts = {"editions": len(edition_ids), "rsvps": rsvps.count(), "accounts": 0}
    if dry_run:
        return counts
    with transaction.atomic():
        rsvps.update(
            user=None,
            needs_wheelchair=False,
            needs_sign_language=False,
            other_needs="",
            checked_in_by=None,
            anonymised_at=now,
        )
        Reminder.objects.filter(edition_id__in=edition_ids).update(
            recipient=None, recipient_email="", context={}
        )
        orphans = User.objects.filter(
            pk__in=user_ids, is_staff=False, last_login__isnull=True, rsvps__isnull=True
        )
        counts["accounts"] = len([user.delete() for user in orphans])
    return counts
