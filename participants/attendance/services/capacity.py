"""The capacity rule's primitives, shared by bookings, offers and the door (see rsvps.py).

Seats of a target (the day, or one programme item) are the party sizes of its confirmed,
checked-in and offered RSVPs (an open offer holds its seats). Writers lock the target row
first (``SELECT … FOR UPDATE``), then count, then write, in one short transaction.
"""

from django.db import connection
from django.db.models import F, Sum

from events.models import Edition, ProgramItem
from participants.models import Rsvp


def lock_target(*, edition: Edition, item: ProgramItem | None) -> Edition | ProgramItem:
    """Lock and return the row whose capacity is at stake (fresh from the database)."""
    model, pk = (ProgramItem, item.pk) if item is not None else (Edition, edition.pk)
    if connection.vendor == "sqlite":
        # SQLite has no row locks: a no-op write takes the database's write lock now, so two
        # bookings cannot both count the seats before either of them writes.
        model.objects.filter(pk=pk).update(id=F("id"))
    return model.objects.select_for_update().get(pk=pk)


def target_rsvps(*, edition_id: int, item_id: int | None):
    if item_id is not None:
        return Rsvp.objects.filter(item_id=item_id)
    return Rsvp.objects.filter(edition_id=edition_id, item__isnull=True)


def seats_taken(*, edition_id: int, item_id: int | None, exclude_pk: int | None = None) -> int:
    """Seats held by confirmed, checked-in and offered RSVPs of one target."""
    rows = target_rsvps(edition_id=edition_id, item_id=item_id).filter(
        status__in=Rsvp.HOLDING_STATUSES
    )
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(total=Sum("party_size"))["total"] or 0


def fits(*, capacity: int | None, taken: int, party_size: int) -> bool:
    return capacity is None or taken + party_size <= capacity
