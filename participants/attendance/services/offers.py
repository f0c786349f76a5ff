"""Waiting-list offers (pretix's model): a freed seat is offered to the next waiting party for a
limited time, held for it meanwhile, and passed on when the offer is declined or lapses.

Every function here locks the target row (rsvps.lock_target) before the offer row, the same
order as bookings and cancellations, so an accept racing the expiry, or two accepts, serialise.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import SEOUL, Edition, ProgramItem
from participants.attendance.services.seats import lock_target, seats_taken, target_rsvps
from participants.models import Rsvp, WaitlistOffer
from participants.outbox.services import (
    CANCELLED_OFFER_DECLINED,
    CANCELLED_OFFER_LAPSED,
    rsvp_cancelled_notify,
    rsvp_confirmed_notify,
    waitlist_offer_notify,
)


def offer_deadline(*, rsvp: Rsvp, now: dt.datetime) -> dt.datetime | None:
    """When an offer made ``now`` lapses: WAITLIST_OFFER_HOURS (24 h), or only
    WAITLIST_OFFER_DAY_OF_MINUTES on the day itself, and never after the event has started.
    None when too little time is left to answer (WAITLIST_OFFER_MIN_MINUTES)."""
    edition = rsvp.edition
    on_the_day = now.astimezone(SEOUL).date() >= edition.date
    length = (
        dt.timedelta(minutes=settings.WAITLIST_OFFER_DAY_OF_MINUTES)
        if on_the_day
        else dt.timedelta(hours=settings.WAITLIST_OFFER_HOURS)
    )
    # An item's seat is useless once it has begun; the day's lasts until the day ends.
    end = rsvp.item.starts_at if rsvp.item_id else edition.day_ends_at
    deadline = min(now + length, end)
    if deadline - now < dt.timedelta(minutes=settings.WAITLIST_OFFER_MIN_MINUTES):
        return None
    return deadline


def waitlist_offer_seats(
    *, edition: Edition, item: ProgramItem | None, now: dt.datetime
) -> list[WaitlistOffer]:
    """Offer the free seats of a target to waiting parties in order; a party too large for what
    is left keeps its place and the next one that fits is offered. The caller holds the
    target's lock. Returns the new offers."""
    target = item if item is not None else edition
    if now >= edition.day_ends_at:
        return []
    taken = seats_taken(edition_id=edition.pk, item_id=item.pk if item else None)
    free = None if target.capacity is None else target.capacity - taken
    offers = []
    waiting = (
        target_rsvps(edition_id=edition.pk, item_id=item.pk if item else None)
        .filter(status=Rsvp.Status.WAITLISTED)
        .select_related("user", "edition", "item")
        .order_by("waitlisted_at", "id")
    )
    for rsvp in waiting:
        if free is not None and free <= 0:
            break
        if free is not None and rsvp.party_size > free:
            continue
        deadline = offer_deadline(rsvp=rsvp, now=now)
        if deadline is None:
            break  # too late for anyone to answer: the seats stay free for direct booking
        rsvp.status = Rsvp.Status.OFFERED
        rsvp.save(update_fields=["status", "updated_at"])
        offer = WaitlistOffer.objects.create(
            rsvp=rsvp, seats=rsvp.party_size, offered_at=now, expires_at=deadline
        )
        waitlist_offer_notify(offer=offer, now=now)
        offers.append(offer)
        if free is not None:
            free -= rsvp.party_size
    return offers


def _locked_offer(offer_id: int) -> tuple[WaitlistOffer, Edition | ProgramItem]:
    offer = WaitlistOffer.objects.select_related("rsvp__edition", "rsvp__item").get(pk=offer_id)
    target = lock_target(edition=offer.rsvp.edition, item=offer.rsvp.item)
    offer = (
        WaitlistOffer.objects.select_for_update(of=("self", "rsvp"))
        .select_related("rsvp__edition", "rsvp__item", "rsvp__user")
        .get(pk=offer_id)
    )
    return offer, target


def _close(offer: WaitlistOffer, status: str, now: dt.datetime) -> None:
    offer.status, offer.answered_at = status, now
    offer.save(update_fields=["status", "answered_at"])


def _release(offer: WaitlistOffer, *, status: str, reason: str, now: dt.datetime) -> None:
    """Close ``offer`` as declined or expired: the party leaves the waiting list and its seats
    go to the next in line. Caller holds the target's lock and the offer's row."""
    _close(offer, status, now)
    rsvp = offer.rsvp
    rsvp.status, rsvp.waitlisted_at = Rsvp.Status.CANCELLED, None
    rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
    rsvp_cancelled_notify(rsvp=rsvp, reason=reason, now=now)
    waitlist_offer_seats(edition=rsvp.edition, item=rsvp.item, now=now)


OFFER_LAPSED = "lapsed"


@transaction.atomic
def waitlist_offer_accept(*, offer_id: int, now: dt.datetime | None = None) -> Rsvp:
    """Accept an open offer: the held seats become a confirmed booking and the ticket is sent.
    Accepting again returns the same booking; an offer declined, withdrawn or lapsed (even if
    the expiry task has not run yet) raises ValidationError and confirms nothing."""
    now = now or timezone.now()
    offer, _target = _locked_offer(offer_id)
    if offer.status == WaitlistOffer.Status.ACCEPTED:
        return offer.rsvp
    # A lapsed offer is refused even before the expiry task has closed it (that task passes
    # the seats on; this transaction writes nothing).
    if offer.status != WaitlistOffer.Status.OPEN or now >= offer.expires_at:
        raise ValidationError(
            _(
                "This offer is no longer open: it lapsed or was declined, and the seat has "
                "gone to the next person on the waiting list."
            ),
            code=OFFER_LAPSED,
        )
    _close(offer, WaitlistOffer.Status.ACCEPTED, now)
    rsvp = offer.rsvp
    rsvp.status, rsvp.waitlisted_at = Rsvp.Status.CONFIRMED, None
    rsvp.save(update_fields=["status", "waitlisted_at", "updated_at"])
    rsvp_confirmed_notify(rsvp=rsvp, now=now)
    return rsvp


@transaction.atomic
def waitlist_offer_decline(*, offer_id: int, now: dt.datetime | None = None) -> bool:
    """Decline an open offer: the party leaves the waiting list, the seats are offered to the
    next. Returns False (and changes nothing) when the offer was no longer open."""
    now = now or timezone.now()
    offer, _target = _locked_offer(offer_id)
    if offer.status != WaitlistOffer.Status.OPEN:
        return False
    _release(offer, status=WaitlistOffer.Status.DECLINED, reason=CANCELLED_OFFER_DECLINED, now=now)
    return True


def waitlist_offers_expire(*, now: dt.datetime | None = None) -> int:
    """Close every open offer past its deadline and pass its seats on (the beat task runs this
    every minute). One short transaction per offer; returns how many lapsed."""
    now = now or timezone.now()
    lapsed = 0
    due = WaitlistOffer.objects.filter(status=WaitlistOffer.Status.OPEN, expires_at__lte=now)
    for offer_id in list(due.values_list("pk", flat=True)[:1000]):
        with transaction.atomic():
            offer, _target = _locked_offer(offer_id)
            if offer.status == WaitlistOffer.Status.OPEN and now >= offer.expires_at:
                _release(
                    offer,
                    status=WaitlistOffer.Status.EXPIRED,
                    reason=CANCELLED_OFFER_LAPSED,
                    now=now,
                )
                lapsed += 1
    return lapsed


def waitlist_offer_withdraw_open(*, rsvp: Rsvp, now: dt.datetime) -> None:
    """Close the RSVP's open offer (it was cancelled or confirmed by an organiser)."""
    WaitlistOffer.objects.filter(rsvp=rsvp, status=WaitlistOffer.Status.OPEN).update(
        status=WaitlistOffer.Status.WITHDRAWN, answered_at=now
    )
