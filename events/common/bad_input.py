"""Refusals of input no honest browser sends: before any view sees it, or as a field's validator.

``NulBytesRefusedMiddleware``: a NUL byte in a query-string or form parameter is a 400.
PostgreSQL cannot hold or compare text with one (psycopg raises DataError, which would be a 500
from any filter or lookup: the admin's list filters, a choice field's value), and no link or form
of ours produces one. Files in a multipart upload are not looked at.

``validate_single_line``: names and other one-line fields refuse line breaks and control
characters, which could otherwise open a new header in an email that carries them.
"""

import unicodedata
from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext_lazy as _

NUL = "\x00"


class NulByteRefused(SuspiciousOperation):
    """Django answers a SuspiciousOperation with the translated 400 page and logs it."""


def _holds_nul(parameters: QueryDict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in parameters.lists()
    )


class NulBytesRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            raise NulByteRefused("A NUL byte in a request parameter was refused.")
        return self.get_response(request)


# Line breaks and other control characters have no place in a name, and in an email header (a
# name can reach one) they would start a new header ("\r\nBcc: …"). Unicode's own line and
# paragraph separators and the C1 "next line" count too.
_NOT_IN_ONE_LINE = {"\u0085", "\u2028", "\u2029"}


def validate_single_line(value: str) -> None:
    """Refuse a value holding a line break or another control character (tabs included)."""
    if any(unicodedata.category(char) == "Cc" or char in _NOT_IN_ONE_LINE for char in value):
        raise ValidationError(
            _("Write this on one line, without line breaks or control characters."),
            code="not_single_line",
        )
