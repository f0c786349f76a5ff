"""Attendance services (writes): bookings and the waiting list, guest imports, check-in.
Other slices, views, the admin and commands import them from here."""

from participants.attendance.services.checkin import (
    TICKET_CODE_RE,
    CheckInResult,
    normalise_ticket_code,
    rsvp_check_in,
)
from participants.attendance.services.guests import (
    HEADER_ALIASES,
    MAX_ROWS,
    GuestRow,
    guest_rows_parse,
    guests_import,
)
from participants.attendance.services.rsvps import (
    capacity_seats_check,
    rsvp_cancel,
    rsvp_create,
    rsvp_duplicate_error,
    rsvp_target_validate,
    rsvp_update,
    rsvp_validate_create,
    rsvp_validate_update,
    rsvp_waitlist_position,
    seats_taken,
    waitlist_promote,
)

__all__ = [
    "HEADER_ALIASES",
    "MAX_ROWS",
    "TICKET_CODE_RE",
    "CheckInResult",
    "GuestRow",
    "capacity_seats_check",
    "guest_rows_parse",
    "guests_import",
    "normalise_ticket_code",
    "rsvp_cancel",
    "rsvp_check_in",
    "rsvp_create",
    "rsvp_duplicate_error",
    "rsvp_target_validate",
    "rsvp_update",
    "rsvp_validate_create",
    "rsvp_validate_update",
    "rsvp_waitlist_position",
    "seats_taken",
    "waitlist_promote",
]
