"""Seats: the capacity rule's primitives (lock a target, count its seats, does a party fit)
and the write of a new booking on PostgreSQL, where the capacity trigger does the lock and the
count (participants/attendance/db_guards.py). The flows that use them (booking, cancelling,
promoting, offers, the door, guest lists) live beside this module.
"""

import datetime as dt
import time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from events.models import Edition, ProgramItem
from participants.models import Rsvp
from participants.outbox.services import (
    rsvp_booked_messages,
    rsvp_booked_notify,
    rsvp_reminders_schedule,
)


def lock_target(*, edition: Edition, item: ProgramItem | None) -> Edition | ProgramItem:
    """Lock and return the row whose capacity is at stake (fresh from the database). Writers
    take it last, after every check that needs no lock, and hold it for the count and the write."""
    model, pk = (ProgramItem, item.pk) if item is not None else (Edition, edition.pk)
    if connection.vendor == "sqlite":
        # SQLite has no row locks: a no-op write takes the database's write lock now, so two
        # bookings cannot both count the seats before either of them writes.
        model.objects.filter(pk=pk).update(id=F("id"))
    return model.objects.select_for_update(no_key=True).get(pk=pk)


def target_rsvps(*, edition_id: int, item_id: int | None):
    if item_id is not None:
        return Rsvp.objects.filter(item_id=item_id)
    return Rsvp.objects.filter(edition_id=edition_id, item__isnull=True)


def seats_taken(*, edition_id: int, item_id: int | None, exclude_pk: int | None = None) -> int:
    """Seats held by confirmed, checked-in and offered RSVPs of one target (an open waiting-list
    offer holds its seats until it is accepted, declined or lapses)."""
    rows = target_rsvps(edition_id=edition_id, item_id=item_id).filter(
        status__in=Rsvp.HOLDING_STATUSES
    )
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(total=Sum("party_size"))["total"] or 0


def fits(*, capacity: int | None, taken: int, party_size: int) -> bool:
    return capacity is None or taken + party_size <= capacity


def seats_left_error(*, capacity: int, taken: int) -> ValidationError:
    return ValidationError(
        _("Only %(free)s seats are left.") % {"free": max(capacity - taken, 0)}, code="full"
    )


# Targets whose capacity trigger refused a booking lately, in this process: only a hint for
# the order of the writes (see book_against_the_guard), never for who gets a seat.
_refused_at: dict[tuple[str, int], float] = {}
REFUSED_HINT_SECONDS = 5.0


def book_against_the_guard(
    *, rsvp: Rsvp, now: dt.datetime, allow_waitlist: bool, notify: bool
) -> None:
    """PostgreSQL: the capacity trigger (db_guards.py) is the count. The booking is written as
    confirmed in a savepoint; the trigger locks the target, counts and refuses a booking that
    does not fit; then the savepoint is rolled back, which lets go of the lock, and the booking
    is written as waitlisted, which takes no lock. So the lock is held from the trigger to the
    commit only (a rush queues on it: issue 12).

    The messages of a confirmed booking are written before its row (keyed by an id drawn from
    the sequence), so that nothing is left to do under the lock, unless this target has just
    refused someone: then the booking will most likely wait, and they are written only if a
    seat turned out to be free after all."""
    target = ("item", rsvp.item_id) if rsvp.item_id else ("edition", rsvp.edition_id)
    looks_full = time.monotonic() - _refused_at.get(target, float("-inf")) < REFUSED_HINT_SECONDS
    rsvp.status, rsvp.waitlisted_at = Rsvp.Status.CONFIRMED, None
    messages = []
    if notify and not looks_full:
        rsvp.pk = _rsvp_id_next()
        messages = rsvp_booked_messages(rsvp=rsvp, now=now)
    savepoint = transaction.savepoint()
    try:
        if messages:
            rsvp_booked_notify(rsvp=rsvp, messages=messages)
        rsvp.save(force_insert=True)
    except IntegrityError as error:
        if "participants_rsvp_capacity" not in str(error):
            raise
        _refused_at[target] = time.monotonic()
        # The failed save marked the booking's whole transaction for rollback; going back to
        # the savepoint makes it good again (as Django's atomic() does for its own savepoints,
        # which would cost a RELEASE while the lock is held).
        transaction.set_rollback(False)
        transaction.savepoint_rollback(savepoint)
    else:
        _refused_at.pop(target, None)
        if notify and not messages:
            rsvp_booked_notify(rsvp=rsvp, now=now)
        elif not notify:
            rsvp_reminders_schedule(rsvp=rsvp)
        return
    if not allow_waitlist:
        capacity = (rsvp.item or rsvp.edition).capacity
        taken = seats_taken(edition_id=rsvp.edition_id, item_id=rsvp.item_id)
        raise seats_left_error(capacity=capacity, taken=taken)
    rsvp.status, rsvp.waitlisted_at = Rsvp.Status.WAITLISTED, now
    rsvp.save(force_insert=True)
    if notify:
        rsvp_booked_notify(rsvp=rsvp, now=now)


def _rsvp_id_next() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('participants_rsvp', 'id'))")
        return cursor.fetchone()[0]
