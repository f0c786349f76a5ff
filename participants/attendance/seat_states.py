"""What the programme pages show about seats, per item and per person (registered with
events.seats by participants.apps): seats left, "full: join the waiting list", or "you have a
ticket (view)". Free seats are the same for everyone and are read at most every
SEAT_STATES_CACHE_SECONDS per process; the person's own bookings are one small query."""

import threading
import time

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import get_language, gettext, ngettext

from participants.attendance.models import Rsvp
from participants.attendance.selectors import rsvp_active_by_item, seats_free_by_item

_lock = threading.Lock()
_states: dict[tuple[int, str], tuple[float, dict[int, str]]] = {}


def _anonymous_states(edition) -> dict[int, str]:
    """Every item's seat state for someone with no booking, in the active language. It is the
    same for everyone, so it is kept with the free seats it was built from (at most
    SEAT_STATES_CACHE_SECONDS per process): a signed-in programme then renders only the
    person's own few bookings."""
    # Kept only where public pages are cached at all (not in tests, not with the cache off).
    seconds = getattr(settings, "SEAT_STATES_CACHE_SECONDS", 2.0)
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        seconds = 0
    key = (edition.pk, get_language())
    now = time.monotonic()
    with _lock:
        cached = _states.get(key)
    if cached is not None and now - cached[0] < seconds:
        return cached[1]
    states = _states_for_free_seats(seats_free_by_item(edition=edition))
    with _lock:
        _states[key] = (now, states)
    return states


def _states_for_free_seats(free: dict[int, int]) -> dict[int, str]:
    full = format_html('<p class="seats seats-full">{}</p>', gettext("Full: join the waiting list"))
    return {
        item_id: (
            format_html(
                '<p class="seats seats-left">{}</p>',
                ngettext("%(seats)s seat left", "%(seats)s seats left", left) % {"seats": left},
            )
            if left > 0
            else full
        )
        for item_id, left in free.items()
    }


def programme_seat_states(*, edition, user) -> dict[int, str]:
    """HTML (escaped) per item id with a capacity."""
    states = _anonymous_states(edition)
    if not getattr(user, "is_authenticated", False):
        return states
    mine = rsvp_active_by_item(user=user, edition=edition)
    if not mine:
        return states
    states = dict(states)
    for item_id, (booking_pk, status) in mine.items():
        if item_id not in states:  # the day, or an item without a capacity
            continue
        if status in Rsvp.SEATED_STATUSES:
            states[item_id] = format_html(
                '<p class="seats seats-mine">{} <a href="{}">{}</a></p>',
                gettext("You already have a ticket."),
                reverse("participants:ticket", kwargs={"pk": booking_pk}),
                gettext("View"),
            )
        else:
            states[item_id] = format_html(
                '<p class="seats seats-mine">{} <a href="{}">{}</a></p>',
                gettext("You are on the waiting list."),
                reverse("participants:me"),
                gettext("My tickets"),
            )
    return states
