"""The sender of every email we send to people: DEFAULT_FROM_EMAIL's address under the display
name of the language the email is written in (EMAIL_FROM_NAMES), so that an English email does
not arrive from a Korean name, nor the other way round."""

from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.utils import translation


def from_email(*, language: str | None = None) -> str:
    """``Name <address>`` for ``language`` (the active language when not given). A language
    with no name configured keeps DEFAULT_FROM_EMAIL's own display name, if it has one."""
    own_name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    language = (language or translation.get_language() or settings.LANGUAGE_CODE)[:2]
    name = settings.EMAIL_FROM_NAMES.get(language) or own_name
    if not name:
        return address
    # Address quotes the name where RFC 5322 needs it; Django encodes non-ASCII names.
    return str(Address(display_name=name, addr_spec=address))
