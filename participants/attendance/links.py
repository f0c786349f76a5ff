"""Signed links of a booking for emails: the ticket (no sign-in), cancelling, and answering a
waiting-list offer, and the booking's calendar file. Used by the attendance views and, through
participants.attendance.selectors, by the outbox's emails.

Every token's salt holds the RSVP's ticket code: re-issuing the code (a lost or shared ticket)
revokes every link made before, with no list of revoked links to keep.
"""

import datetime as dt

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext

from events.calendar import booking_calendar
from events.common.site import site_url
from participants.models import Rsvp, WaitlistOffer

CANCEL_LINK_SALT = "participants.rsvp_cancel"
TICKET_LINK_SALT = "participants.ticket"
OFFER_LINK_SALT = "participants.waitlist_offer"


def _salt(base: str, rsvp: Rsvp) -> str:
    # The ticket code in the salt binds the token to this RSVP's secret as well as to its id.
    return f"{base}:{rsvp.ticket_code}"


def _valid(token: str, *, salt: str, pk: int, max_age: int) -> bool:
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # (SignatureExpired is one too)
        return False
    return value == pk


def rsvp_cancel_token(rsvp: Rsvp) -> str:
    return signing.dumps(rsvp.pk, salt=_salt(CANCEL_LINK_SALT, rsvp), compress=False)


def rsvp_cancel_token_valid(*, rsvp: Rsvp, token: str) -> bool:
    """Whether ``token`` was made for ``rsvp`` and is younger than RSVP_CANCEL_LINK_MAX_AGE."""
    return _valid(
        token,
        salt=_salt(CANCEL_LINK_SALT, rsvp),
        pk=rsvp.pk,
        max_age=settings.RSVP_CANCEL_LINK_MAX_AGE,
    )


def rsvp_cancel_url(rsvp: Rsvp) -> str:
    """Absolute link that cancels ``rsvp`` without a login, for emails.
    Rendered in the active language, so call it inside translation.override(recipient's)."""
    path = reverse(
        "participants:rsvp_cancel_signed", kwargs={"pk": rsvp.pk, "token": rsvp_cancel_token(rsvp)}
    )
    return site_url(path)


def ticket_token(rsvp: Rsvp) -> str:
    return signing.dumps(rsvp.pk, salt=_salt(TICKET_LINK_SALT, rsvp), compress=False)


def ticket_token_valid(*, rsvp: Rsvp, token: str) -> bool:
    """Whether ``token`` opens ``rsvp``'s ticket: made for it, for its current ticket code, and
    younger than TICKET_LINK_MAX_AGE."""
    return _valid(
        token,
        salt=_salt(TICKET_LINK_SALT, rsvp),
        pk=rsvp.pk,
        max_age=settings.TICKET_LINK_MAX_AGE,
    )


def ticket_url(rsvp: Rsvp) -> str:
    """Absolute signed link to the ticket page: opens with no sign-in (for emails)."""
    path = reverse(
        "participants:ticket_signed", kwargs={"pk": rsvp.pk, "token": ticket_token(rsvp)}
    )
    return site_url(path)


def offer_token(offer: WaitlistOffer) -> str:
    return signing.dumps(offer.pk, salt=_salt(OFFER_LINK_SALT, offer.rsvp), compress=False)


def offer_token_valid(*, offer: WaitlistOffer, token: str) -> bool:
    """Whether ``token`` answers ``offer`` (the offer's own deadline is checked by the service)."""
    return _valid(
        token,
        salt=_salt(OFFER_LINK_SALT, offer.rsvp),
        pk=offer.pk,
        max_age=settings.TICKET_LINK_MAX_AGE,
    )


def offer_url(offer: WaitlistOffer) -> str:
    """Absolute link to the page where the offer is accepted or declined (no sign-in)."""
    path = reverse(
        "participants:waitlist_offer", kwargs={"pk": offer.pk, "token": offer_token(offer)}
    )
    return site_url(path)


def ticket_url_path(rsvp: Rsvp) -> str:
    """The signed ticket page's path (for a redirect on this site)."""
    return reverse(
        "participants:ticket_signed", kwargs={"pk": rsvp.pk, "token": ticket_token(rsvp)}
    )


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
