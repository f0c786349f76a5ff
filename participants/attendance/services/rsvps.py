"""RSVPs: seats for the day or for one programme item, the waiting list, cancel links, check-in.

Capacity rule (one rule for attendees, organisers, imports and capacity changes): the seats of a
target (an edition's day, or one programme item) are the sum of party sizes of its confirmed and
checked-in RSVPs, and never exceed its capacity. Every write that could add seats first locks
the target's row (``SELECT ... FOR UPDATE`` on the Edition or ProgramItem), then counts, then
writes, all in one transaction; on PostgreSQL a trigger checks again (participants/db_guards.py).
Lock order is always target rows by (table, id), so two services never deadlock.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import Edition, ProgramItem
from participants.models import Rsvp, User
from participants.outbox.services import (
    rsvp_reminders_cancel,
    rsvp_reminders_schedule,
    waitlist_promotion_notify,
)


def _lock_target(*, edition: Edition, item: ProgramItem | None) -> Edition | ProgramItem:
    """Lock and return the row whose capacity is at stake (fresh from the database)."""
    model, pk = (ProgramItem, item.pk) if item is not None else (Edition, edition.pk)
    if connection.vendor == "sqlite":
        # SQLite has no row locks: a no-op write takes the database's write lock now, so two
        # bookings cannot both count the seats before either of them writes.
        model.objects.filter(pk=pk).update(id=F("id"))
    return model.objects.select_for_update().get(pk=pk)


def _target_rsvps(*, edition_id: int, item_id: int | None):
    if item_id is not None:
        return Rsvp.objects.filter(item_id=item_id)
    return Rsvp.objects.filter(edition_id=edition_id, item__isnull=True)


def seats_taken(*, edition_id: int, item_id: int | None, exclude_pk: int | None = None) -> int:
    """Seats held by confirmed and checked-in RSVPs of one target."""
    rows = _target_rsvps(edition_id=edition_id, item_id=item_id).filter(
        status__in=Rsvp.SEATED_STATUSES
    )
    if exclude_pk:
        rows = rows.exclude(pk=exclude_pk)
    return rows.aggregate(total=Sum("party_size"))["total"] or 0


def _fits(*, capacity: int | None, taken: int, party_size: int) -> bool:
    return capacity is None or taken + party_size <= capacity


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
    now = now or timezone.now()
    rsvp_target_validate(edition=edition, item=item)
    _validate_party_size(edition=edition, party_size=party_size)
    if enforce_window and not edition.registration_is_open(now=now):
        raise ValidationError(_("Registration is not open at the moment."), code="closed")
    target = _lock_target(edition=edition, item=item)
    # Checked after the lock: a double-click's second request waits here and then sees the first.
    if _has_active(user=user, edition=edition, item=item):
        raise rsvp_duplicate_error()
    return target


@transaction.atomic
def rsvp_create(
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
) -> Rsvp:
    """Book ``party_size`` seats for ``user`` on the day or on ``item``: confirmed if they fit,
    otherwise waitlisted (or, with ``allow_waitlist=False``, a ValidationError). Organisers'
    imports pass ``enforce_window=False``. Raises ValidationError for every broken rule."""
    now = now or timezone.now()
    target = rsvp_validate_create(
        user=user,
        edition=edition,
        item=item,
        party_size=party_size,
        now=now,
        enforce_window=enforce_window,
    )
    taken = seats_taken(edition_id=edition.pk, item_id=item.pk if item else None)
    fits = _fits(capacity=target.capacity, taken=taken, party_size=party_size)
    if not fits and not allow_waitlist:
        raise ValidationError(
            _("Only %(free)s seats are left.") % {"free": max(target.capacity - taken, 0)},
            code="full",
        )
    rsvp = Rsvp(
        user=user,
        edition=edition,
        item=item,
        party_size=party_size,
        needs_wheelchair=needs_wheelchair,
        needs_sign_language=needs_sign_language,
        other_needs=other_needs.strip(),
        status=Rsvp.Status.CONFIRMED if fits else Rsvp.Status.WAITLISTED,
        waitlisted_at=None if fits else now,
    )
    rsvp.full_clean(exclude=["user", "edition", "item", "ticket_code"], validate_unique=False)
    try:
        with transaction.atomic():
            rsvp.save()
    except IntegrityError as error:
        raise _integrity_error_message(error) from error
    if rsvp.status == Rsvp.Status.CONFIRMED:
        rsvp_reminders_schedule(rsvp=rsvp)
    return rsvp


def _integrity_error_message(error: IntegrityError) -> ValidationError:
    if "participants_rsvp_capacity" in str(error):
        return ValidationError(_("There are not enough free seats."), code="full")
    return rsvp_duplicate_error()


def _promote_waitlist(*, edition: Edition, item: ProgramItem | None, now: dt.datetime) -> list:
    """Confirm waiting parties in order while seats are free; a party too large for what is left
    is skipped (it keeps its place) and the next one that fits is taken. Caller holds the lock."""
    target = item if item is not None else edition
    if now >= edition.day_ends_at:
        return []
    taken = seats_taken(edition_id=edition.pk, item_id=item.pk if item else None)
    free = None if target.capacity is None else target.capacity - taken
    promoted = []
    waiting = (
        _target_rsvps(edition_id=edition.pk, item_id=item.pk if item else None)
        .filter(status=Rsvp.Status.WAITLISTED)
        .select_related("user", "edition", "item")
        .order_by("waitlisted_at", "id")
    )
    for rsvp in waiting:
        if free is not None and free <= 0:
            break
        if free is not None and rsvp.party_size > free:
            continue
        rsvp.status = Rsvp.Status.CONFIRMED
        rsvp.save(update_fields=["status", "updated_at"])
        waitlist_promotion_notify(rsvp=rsvp, now=now)
        promoted.append(rsvp)
        if free is not None:
            free -= rsvp.party_size
    return promoted


@transaction.atomic
def rsvp_cancel(*, rsvp: Rsvp, now: dt.datetime | None = None) -> list[Rsvp]:
    """Cancel ``rsvp`` (or take it off the waiting list), cancel its pending reminders and
    promote the waiting list in the same transaction. Returns the promoted RSVPs. Cancelling an
    RSVP that is already cancelled changes nothing; a checked-in RSVP cannot be cancelled."""
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
    was_seated = current.status == Rsvp.Status.CONFIRMED
    current.status = Rsvp.Status.CANCELLED
    current.waitlisted_at = None
    current.save(update_fields=["status", "waitlisted_at", "updated_at"])
    rsvp.status, rsvp.waitlisted_at = current.status, None
    rsvp_reminders_cancel(rsvp=current)
    if not was_seated:
        return []
    item = target if isinstance(target, ProgramItem) else None
    edition = item.edition if item else target
    return _promote_waitlist(edition=edition, item=item, now=now)


@transaction.atomic
def waitlist_promote(
    *, edition: Edition, item: ProgramItem | None = None, now: dt.datetime | None = None
) -> list[Rsvp]:
    """Confirm waiting parties that now fit, in order, writing their promotion reminders. Events'
    capacity path calls it when a capacity changed (``capacity_changed``, participants/apps.py).
    Returns the promoted RSVPs."""
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
    target = _lock_target(edition=current.edition, item=current.item)
    if status in Rsvp.SEATED_STATUSES:
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
    ):
        rsvp_cancel(rsvp=current, now=now)
        current.refresh_from_db()
        return current
    rsvp_validate_update(rsvp=current, party_size=party_size, status=status, now=now)
    was_seated = current.is_seated
    freed = was_seated and (status not in Rsvp.SEATED_STATUSES or party_size < current.party_size)
    current.party_size = party_size
    if status != current.status:
        current.waitlisted_at = now if status == Rsvp.Status.WAITLISTED else None
        if current.status == Rsvp.Status.CHECKED_IN:  # undoing a mistaken check-in
            current.checked_in_at, current.checked_in_by = None, None
        current.status = status
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
