"""Links to an RSVP for emails: the ticket page and a signed cancel link that needs no login,
and the booking's calendar file. Used by the attendance views and, through
participants.attendance.selectors, by the outbox's emails.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext

from events.calendar import booking_calendar
from events.common.site import site_url
from participants.models import Rsvp

CANCEL_LINK_SALT = "participants.rsvp_cancel"


def _cancel_salt(rsvp: Rsvp) -> str:
    # The ticket code in the salt binds the token to this RSVP's secret as well as to its id.
    return f"{CANCEL_LINK_SALT}:{rsvp.ticket_code}"


def rsvp_cancel_token(rsvp: Rsvp) -> str:
    return signing.dumps(rsvp.pk, salt=_cancel_salt(rsvp), compress=False)


def rsvp_cancel_token_valid(*, rsvp: Rsvp, token: str) -> bool:
    """Whether ``token`` was made for ``rsvp`` and is younger than RSVP_CANCEL_LINK_MAX_AGE."""
    try:
        value = signing.loads(
            token, salt=_cancel_salt(rsvp), max_age=settings.RSVP_CANCEL_LINK_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return value == rsvp.pk


def rsvp_cancel_url(rsvp: Rsvp) -> str:
    """Absolute link that cancels ``rsvp`` without a login, for emails.
    Rendered in the active language, so call it inside translation.override(recipient's)."""
    path = reverse(
        "participants:rsvp_cancel_signed", kwargs={"pk": rsvp.pk, "token": rsvp_cancel_token(rsvp)}
    )
    return site_url(path)


def ticket_url(rsvp: Rsvp) -> str:
    """Absolute link to the ticket page (needs the owner's login)."""
    return site_url(reverse("participants:ticket", kwargs={"pk": rsvp.pk}))


def rsvp_calendar(*, rsvp: Rsvp, now: dt.datetime | None = None) -> bytes:
    """The booking's calendar file, the same from the ticket page and in every reminder (one UID
    per event, events.calendar). Call it in the reader's language."""
    return booking_calendar(
        edition=rsvp.edition,
        item=rsvp.item,
        description=gettext(
            "Ticket for %(count)s people. Show the QR code of your ticket at the entrance."
        )
        % {"count": rsvp.party_size},
        url=ticket_url(rsvp),
        now=now,
    )
