"""Links to an RSVP for emails: the ticket page and a signed cancel link that needs no login.

Used by the attendees part (views) and the reminders part (emails), so it depends on neither.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

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
    """Absolute link (settings.SITE_URL) that cancels ``rsvp`` without a login, for emails.
    Rendered in the active language, so call it inside translation.override(recipient's)."""
    path = reverse(
        "participants:rsvp_cancel_signed", kwargs={"pk": rsvp.pk, "token": rsvp_cancel_token(rsvp)}
    )
    return f"{settings.SITE_URL}{path}"


def ticket_url(rsvp: Rsvp) -> str:
    """Absolute link to the ticket page (needs the owner's login)."""
    return f"{settings.SITE_URL}{reverse('participants:ticket', kwargs={'pk': rsvp.pk})}"
