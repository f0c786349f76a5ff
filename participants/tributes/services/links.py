"""Signed links that delete a tribute without signing in. They never expire (a writer may
withdraw at any time) and stop working once used."""

from django.core import signing
from django.urls import reverse

from events.common.site import site_url
from participants.tributes.models import Tribute

DELETE_SALT = "participants.tributes.delete"


def tribute_delete_token(tribute: Tribute) -> str:
    # No timestamp: every email about one tribute carries the same link, valid until it is used.
    return signing.Signer(salt=DELETE_SALT).sign_object(
        {"t": tribute.pk, "v": tribute.link_version}
    )


def tribute_from_delete_token(token: str) -> Tribute | None:
    """The tribute a signed deletion link names, or None if the link is forged or used up."""
    try:
        data = signing.Signer(salt=DELETE_SALT).unsign_object(token)
        tribute = Tribute.objects.get(pk=int(data["t"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError, Tribute.DoesNotExist):
        return None
    if data.get("v") != tribute.link_version:
        return None
    return tribute


def tribute_delete_url(tribute: Tribute) -> str:
    path = reverse("participants:tribute_delete_signed", args=[tribute_delete_token(tribute)])
    return site_url(path)
