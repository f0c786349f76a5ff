"""RSVPs: seats for the day or for one programme item, the waiting list, cancel links, check-in.

Capacity rule (one rule for attendees, organisers, imports and capacity changes): the seats of a
target (an edition's day, or one programme item) are the sum of party sizes of its confirmed and
checked-in RSVPs (and offered ones, whose seats are held: offers.py), and never exceed its
capacity. Every write that could add seats first locks
the target's row (``SELECT ... FOR UPDATE`` on the Edition or ProgramItem), then counts, then
writes, all in one transaction; on PostgreSQL a trigger checks again (participants/db_guards.py),
and a new booking lets that trigger do its lock and count (seats.py, book_against_the_guard).
Lock order is always target rows by (table, id), so two services never deadlock.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Edition, ProgramItem
from participants.attendance.codes import new_ticket_code
from participants.attendance.services.seats import (
    book_against_the_guard,
    fits,
    lock_target,
    seats_left_error,
    seats_taken,
    target_rsvps,
)
from participants.models import Rsvp, User
from participants.outbox.services import (
    CANCELLED_BY_ATTENDEE,
    CANCELLED_BY_ORGANISER,
    CANCELLED_ITEM_WITHDRAWN,
    rsvp_booked_notify,
    rsvp_cancelled_notify,
    rsvp_reminders_cancel,
    rsvp_reminders_schedule,
    waitlist_promotion_notify,
)

_lock_target = lock_target
_target_rsvps = target_rsvps
_fits = fits


def _offers():
    # offers.py builds on the primitives above, and this module on its offers: imported late.
    from participants.attendance.services import offers

    return offers


def capacity_seats_check(
    *, edition: Edition | None = None, item: ProgramItem | None = None, capacity: int | None
) -> None:
    """Raise ValidationError if ``capacity``, the new value for ``item`` (or, without an item,
    for the ``edition``'s day), is below the seats already taken. Only events' capacity path
    calls it (the ``capacity_changing`` signal, wired in participants/apps.py), inside its
    transaction: it locks the row, so no RSVP slips in between the check and the save. New
    (unsaved) rows and "no limit" pass."""
    if capacity is None:
        return
    if item is not None:
        if not item.pk:
            return
        _lock_target(edition=item.edition, item=item)
        taken = seats_taken(edition_id=item.edition_id, item_id=item.pk)
    elif edition is not None and edition.pk:
        _lock_target(edition=edition, item=None)
        taken = seats_taken(edition_id=edition.pk, item_id=None)
    else:
        return
    if capacity < taken:
        raise ValidationError(
            _(
                "The capacity cannot be lower than the %(taken)s seats already taken. "
                "Cancel or move RSVPs first."
            )
            % {"taken": taken},
            code="capacity_below_taken",
        )


def _validate_party_size(*, edition: Edition, party_size: int) -> None:
    if party_size < 1:
        raise ValidationError(
            {"party_size": _("A party is at least one person.")}, code="party_too_small"
        )
    if party_size > edition.max_party_size:
        raise ValidationError(
            {
                "party_size": _("You can book at most %(max)s seats (yourself and guests).")
                % {"max": edition.max_party_size}
            },
            code="party_too_large",
        )


def rsvp_target_validate(*, edition: Edition, item: ProgramItem | None) -> None:
    """Raise ValidationError unless seats of ``item`` (or, without one, of the day) can be booked
    in ``edition``. The one place that decides and words "no seat booking here"."""
    if item is None:
        return
    if item.edition_id != edition.pk:
        raise ValidationError(_("This programme item belongs to another edition."), code="item")
    if item.capacity is None:
        raise ValidationError(_("This programme item does not take seat bookings."), code="item")


def rsvp_duplicate_error() -> ValidationError:
    """The one wording of "already booked" (the unique constraint's backstop says the same)."""
    return ValidationError(
        _("You already have a booking for this. See “My tickets”."), code="duplicate"
    )


def _has_active(*, user: User, edition: Edition, item: ProgramItem | None) -> bool:
    rows = _target_rsvps(edition_id=edition.pk, item_id=item.pk if item else None)
    return rows.filter(user=user, status__in=Rsvp.ACTIVE_STATUSES).exists()


def rsvp_validate_create(
    *,
    user: User,
    edition: Edition,
    item: ProgramItem | None = None,
    party_size: int = 1,
    now: dt.datetime | None = None,
    enforce_window: bool = True,
) -> Edition | ProgramItem:
    """The checks of rsvp_create before it writes; locks and returns the target row, so call it
    inside the transaction that will write (the admin's clean() is inside one)."""
    _check_create(
        edition=edition,
        item=item,
        party_size=party_size,
        now=now or timezone.now(),
        enforce_window=enforce_window,
    )
    target = _lock_target(edition=edition, item=item)
    # Checked after the lock: a double-click's second request waits here and then sees the first.
    if _has_active(user=user, edition=edition, item=item):
        raise rsvp_duplicate_error()
    return target


def _check_create(
    *,
    edition: Edition,
    item: ProgramItem | None,
    party_size: int,
    now: dt.datetime,
    enforce_window: bool,
) -> None:
    """Every check of a new booking that needs no lock (the lock is taken after them)."""
    rsvp_target_validate(edition=edition, item=item)
    _validate_party_size(edition=edition, party_size=party_size)
    if enforce_window and not edition.registration_is_open(now=now):
        raise ValidationError(_("Registration is not open at the moment."), code="closed")


def rsvp_create(**kwargs) -> Rsvp:
    """Book ``party_size`` seats for ``user`` on the day or on ``item``: confirmed if they fit,
    otherwise waitlisted (or, with ``allow_waitlist=False``, a ValidationError), and the
    person is told at once (``notify=False``: the caller sends its own message, as the guest
    import does). Organisers' imports pass ``enforce_window=False``. Raises ValidationError for
    every broken rule, including a race lost to the database's constraints."""
    # The booking's own transaction (a savepoint only when a caller already has one): a
    # constraint that fires rolls back exactly this booking, with no savepoint round trips on
    # the common path, where the lock on the target is held.
    try:
        return _rsvp_create(**kwargs)
    except IntegrityError as error:
        raise _integrity_error_message(error) from error


@transaction.atomic
def _rsvp_create(
    *,
    user: User,
    edition: Edition,
    item: ProgramItem | None = None,
    party_size: int = 1,
    needs_wheelchair: bool = False,
    needs_sign_language: bool = False,
    other_needs: str = "",
    now: dt.datetime | None = None,
    enforce_window: bool = True,
    allow_waitlist: bool = True,
    notify: bool = True,
) -> Rsvp:
    """rsvp_create's work, in one transaction: checks, then the lock (taken last), the count,
    the row and its messages."""
    now = now or timezone.now()
    # A second active booking of the same person is refused by the unique constraints when the
    # row is written (rsvp_create turns that into the same message): no read for it here.
    _check_create(
        edition=edition,
        item=item,
        party_size=party_size,
        now=now,
        enforce_window=enforce_window,
    )
    rsvp = Rsvp(
        user=user,
        edition=edition,
        item=item,
        party_size=party_size,
        needs_wheelchair=needs_wheelchair,
        needs_sign_language=needs_sign_language,
        other_needs=other_needs.strip(),
    )
    # Everything that can be checked without the lock is checked first: the lock is taken last
    # and held for the count and the writes only. (The check constraints, party size >= 1 and
    # no more arrivals than people, are checked above and by the database itself: Django
    # would spend six round trips asking the database to evaluate them.)
    rsvp.full_clean(
        exclude=["user", "edition", "item", "ticket_code"],
        validate_unique=False,
        validate_constraints=False,
    )
    if connection.vendor == "postgresql":
        book_against_the_guard(rsvp=rsvp, now=now, allow_waitlist=allow_waitlist, notify=notify)
        return rsvp
    target = _lock_target(edition=edition, item=item)
    taken = seats_taken(edition_id=edition.pk, item_id=item.pk if item else None)
    fits = _fits(capacity=target.capacity, taken=taken, party_size=party_size)
    if not fits and not allow_waitlist:
        raise seats_left_error(capacity=target.capacity, taken=taken)
    rsvp.status = Rsvp.Status.CONFIRMED if fits else Rsvp.Status.WAITLISTED
    rsvp.waitlisted_at = None if fits else now
    rsvp.save()
    if notify:
        rsvp_booked_notify(rsvp=rsvp, now=now)
    elif rsvp.status == Rsvp.Status.CONFIRMED:
        rsvp_reminders_schedule(rsvp=rsvp)
    return rsvp


def _integrity_error_message(error: IntegrityError) -> ValidationError:
    if "participants_rsvp_capacity" in str(error):
        return ValidationError(_("There are not enough free seats."), code="full")
    return rsvp_duplicate_error()


def _promote_waitlist(*, edition: Edition, item: ProgramItem | None, now: dt.datetime) -> list:
    """Offer freed seats to the waiting list (offers.py). Caller holds the target's lock."""
    return _offers().waitlist_offer_seats(edition=edition, item=item, now=now)


@transaction.atomic
def rsvp_cancel(
    *, rsvp: Rsvp, now: dt.datetime | None = None, reason: str = CANCELLED_BY_ATTENDEE
) -> list:
    """Cancel ``rsvp`` (or take it off the waiting list, or decline its open offer), cancel its
    pending reminders, tell the person (``reason``: who cancelled) and offer the freed seats
    to the waiting list, in one transaction. Returns the new offers. Cancelling an RSVP that is
    already cancelled changes nothing; a checked-in RSVP cannot be cancelled."""
    now = now or timezone.now()
    target = _lock_target(edition=rsvp.edition, item=rsvp.item)
    current = Rsvp.objects.select_for_update().get(pk=rsvp.pk)
    if current.status == Rsvp.Status.CANCELLED:
        rsvp.status = current.status
        return []
    if current.status == Rsvp.Status.CHECKED_IN:
        raise ValidationError(
            _("This ticket has already been used at the door and cannot be cancelled."),
            code="checked_in",
        )
    was_holding = current.status in Rsvp.HOLDING_STATUSES
    if current.status == Rsvp.Status.OFFERED:
        _offers().waitlist_offer_withdraw_open(rsvp=current, now=now)
    current.status = Rsvp.Status.CANCELLED
    current.waitlisted_at = None
    current.save(update_fields=["status", "waitlisted_at", "updated_at"])
    rsvp.status, rsvp.waitlisted_at = current.status, None
    rsvp_cancelled_notify(rsvp=current, reason=reason, now=now)
    if not was_holding:
        return []
    item = target if isinstance(target, ProgramItem) else None
    edition = item.edition if item else target
    return _promote_waitlist(edition=edition, item=item, now=now)


@transaction.atomic
def waitlist_promote(
    *, edition: Edition, item: ProgramItem | None = None, now: dt.datetime | None = None
) -> list[Rsvp]:
    """Offer seats to waiting parties that now fit, in order (pretix's offers: offers.py). Events'
    capacity path calls it when a capacity changed (``capacity_changed``, participants/apps.py).
    Returns the new offers."""
    now = now or timezone.now()
    target = _lock_target(edition=edition, item=item)
    if isinstance(target, ProgramItem):
        return _promote_waitlist(edition=target.edition, item=target, now=now)
    return _promote_waitlist(edition=target, item=None, now=now)


def rsvp_validate_update(
    *, rsvp: Rsvp, party_size: int, status: str, now: dt.datetime | None = None
) -> None:
    """The checks of rsvp_update without writing (for the admin's clean). Locks the target, so
    call it inside the transaction that will save."""
    current = Rsvp.objects.get(pk=rsvp.pk)
    _validate_party_size(edition=current.edition, party_size=party_size)
    if status == Rsvp.Status.OFFERED and current.status != Rsvp.Status.OFFERED:
        raise ValidationError(
            _("Seats are offered by the waiting list itself; confirm the booking instead."),
            code="status",
        )
    target = _lock_target(edition=current.edition, item=current.item)
    if status in Rsvp.SEATED_STATUSES:
        # (Its own seats do not count: excluded below, whatever its current status.)
        taken = seats_taken(
            edition_id=current.edition_id, item_id=current.item_id, exclude_pk=current.pk
        )
        if not _fits(capacity=target.capacity, taken=taken, party_size=party_size):
            raise ValidationError(
                _(
                    "Not enough seats: %(taken)s of %(capacity)s are taken by others, so at "
                    "most %(free)s are free for this RSVP."
                )
                % {
                    "taken": taken,
                    "capacity": target.capacity,
                    "free": max(target.capacity - taken, 0),
                },
                code="full",
            )
    if status == Rsvp.Status.CHECKED_IN and current.status != Rsvp.Status.CHECKED_IN:
        raise ValidationError(_("Check people in at the door page, not here."), code="status")
    if (
        current.status == Rsvp.Status.CANCELLED
        and status in Rsvp.ACTIVE_STATUSES
        and current.user_id
        and _target_rsvps(edition_id=current.edition_id, item_id=current.item_id)
        .filter(user_id=current.user_id, status__in=Rsvp.ACTIVE_STATUSES)
        .exists()
    ):
        raise ValidationError(
            _("This person already has another active booking for this."), code="duplicate"
        )
    if current.status == Rsvp.Status.CHECKED_IN and status not in Rsvp.SEATED_STATUSES:
        raise ValidationError(
            _(
                "This ticket has already been used at the door and cannot be cancelled. To undo a "
                "mistaken check-in, set it back to confirmed."
            ),
            code="checked_in",
        )


@transaction.atomic
def rsvp_update(
    *,
    rsvp: Rsvp,
    party_size: int | None = None,
    status: str | None = None,
    needs_wheelchair: bool | None = None,
    needs_sign_language: bool | None = None,
    other_needs: str | None = None,
    now: dt.datetime | None = None,
) -> Rsvp:
    """An organiser's edit, under the same capacity rule: more seats only if they are free;
    freed seats (a smaller party, a cancellation, a move to the waiting list) promote others."""
    now = now or timezone.now()
    current = Rsvp.objects.select_related("edition", "item").get(pk=rsvp.pk)
    party_size = current.party_size if party_size is None else party_size
    status = current.status if status is None else status
    if status == Rsvp.Status.CANCELLED and current.status in (
        Rsvp.Status.CONFIRMED,
        Rsvp.Status.WAITLISTED,
        Rsvp.Status.OFFERED,
    ):
        rsvp_cancel(rsvp=current, now=now, reason=CANCELLED_BY_ORGANISER)
        current.refresh_from_db()
        return current
    rsvp_validate_update(rsvp=current, party_size=party_size, status=status, now=now)
    was_seated = current.is_seated
    freed = current.status in Rsvp.HOLDING_STATUSES and (
        status not in Rsvp.HOLDING_STATUSES or party_size < current.party_size
    )
    if current.status == Rsvp.Status.OFFERED and status != Rsvp.Status.OFFERED:
        _offers().waitlist_offer_withdraw_open(rsvp=current, now=now)
    current.party_size = party_size
    if status != current.status:
        current.waitlisted_at = now if status == Rsvp.Status.WAITLISTED else None
        if current.status == Rsvp.Status.CHECKED_IN:  # undoing a mistaken check-in
            current.checked_in_at, current.checked_in_by = None, None
            current.arrived = 0
        current.status = status
    current.arrived = min(current.arrived, current.party_size)
    for field, value in (
        ("needs_wheelchair", needs_wheelchair),
        ("needs_sign_language", needs_sign_language),
        ("other_needs", other_needs),
    ):
        if value is not None:
            setattr(current, field, value)
    current.full_clean(exclude=["user", "edition", "item", "ticket_code"], validate_unique=False)
    current.save()
    if current.status == Rsvp.Status.CONFIRMED and not was_seated:
        waitlist_promotion_notify(rsvp=current, now=now)
    elif current.status == Rsvp.Status.CONFIRMED:
        rsvp_reminders_schedule(rsvp=current)
    elif not current.is_seated:
        rsvp_reminders_cancel(rsvp=current)
    if freed:
        _promote_waitlist(edition=current.edition, item=current.item, now=now)
    return current


def rsvp_waitlist_position(*, rsvp: Rsvp) -> int | None:
    """1 for the first in the queue; None if the RSVP is not waiting."""
    if rsvp.status != Rsvp.Status.WAITLISTED:
        return None
    ahead = (
        _target_rsvps(edition_id=rsvp.edition_id, item_id=rsvp.item_id)
        .filter(status=Rsvp.Status.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=rsvp.waitlisted_at)
            | Q(waitlisted_at=rsvp.waitlisted_at, id__lt=rsvp.pk)
        )
        .count()
    )
    return ahead + 1


@transaction.atomic
def program_item_rsvps_cancel(*, item_id: int, now: dt.datetime | None = None) -> int:
    """An item was withdrawn (unpublished): cancel its bookings, waiting list and open offers
    (not those already used at the door) and tell each person why. Returns how many."""
    now = now or timezone.now()
    item = ProgramItem.objects.filter(pk=item_id).select_related("edition").first()
    if item is None:
        return 0
    lock_target(edition=item.edition, item=item)
    rows = (
        Rsvp.objects.select_for_update(of=("self",))
        .filter(
            item_id=item_id,
            status__in=[Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED, Rsvp.Status.OFFERED],
        )
        .select_related("user", "edition", "item")
    )
    cancelled = 0
    for rsvp in rows:
        if rsvp.status == Rsvp.Status.OFFERED:
            _offers().waitlist_offer_withdraw_open(rsvp=rsvp, now=now)
        rsvp.status, rsvp.waitlisted_at = Rsvp.Status.CANCELLED, None
        rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
        rsvp_cancelled_notify(rsvp=rsvp, reason=CANCELLED_ITEM_WITHDRAWN, now=now)
        cancelled += 1
    return cancelled


@transaction.atomic
def rsvp_ticket_reissue(*, rsvp: Rsvp) -> Rsvp:
    """Give the ticket a new code (a lost or shared ticket): the old code no longer opens the
    door and every signed link made before (ticket, cancel) stops working."""
    current = Rsvp.objects.select_for_update().get(pk=rsvp.pk)
    current.ticket_code = new_ticket_code()
    current.save(update_fields=["ticket_code", "updated_at"])
    rsvp.ticket_code = current.ticket_code
    return current
