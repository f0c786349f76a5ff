"""What the programme pages show about seats, per item and per person (registered with
events.seats by participants.apps): seats left, "full: join the waiting list", or "you have a
ticket (view)". Free seats are the same for everyone and are read at most every
SEAT_STATES_CACHE_SECONDS per process; the person's own bookings are one small query."""

import threading
import time

from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from participants.attendance.selectors import rsvp_active_by_item, seats_free_by_item

_lock = threading.Lock()
_free: dict[int, tuple[float, dict[int, int]]] = {}


def _free_seats(edition) -> dict[int, int]:
    # Kept only where public pages are cached at all (not in tests, not with the cache off).
    seconds = getattr(settings, "SEAT_STATES_CACHE_SECONDS", 2.0)
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        seconds = 0
    now = time.monotonic()
    with _lock:
        cached = _free.get(edition.pk)
    if cached is not None and now - cached[0] < seconds:
        return cached[1]
    free = seats_free_by_item(edition=edition)
    with _lock:
        _free[edition.pk] = (now, free)
    return free


def programme_seat_states(*, edition, user) -> dict[int, str]:
    """HTML (escaped) per item id with a capacity."""
    free = _free_seats(edition)
    mine = (
        rsvp_active_by_item(user=user, edition=edition)
        if getattr(user, "is_authenticated", False)
        else {}
    )
    full = format_html('<p class="seats seats-full">{}</p>', gettext("Full: join the waiting list"))
    states = {}
    for item_id, left in free.items():
        booking = mine.get(item_id)
        if booking is not None and booking.is_seated:
            states[item_id] = format_html(
                '<p class="seats seats-mine">{} <a href="{}">{}</a></p>',
                gettext("You already have a ticket."),
                reverse("participants:ticket", kwargs={"pk": booking.pk}),
                gettext("View"),
            )
        elif booking is not None:
            states[item_id] = format_html(
                '<p class="seats seats-mine">{} <a href="{}">{}</a></p>',
                gettext("You are on the waiting list."),
                reverse("participants:me"),
                gettext("My tickets"),
            )
        elif left > 0:
            states[item_id] = format_html(
                '<p class="seats seats-left">{}</p>',
                ngettext("%(seats)s seat left", "%(seats)s seats left", left) % {"seats": left},
            )
        else:
            states[item_id] = full
    return states
