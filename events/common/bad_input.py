"""Refusals of input no honest browser sends: before any view sees it, or as a field's validator.

``NulBytesRefusedMiddleware``: a NUL byte in a query-string or form parameter is a 400.
PostgreSQL cannot hold or compare text with one (psycopg raises DataError, which would be a 500
from any filter or lookup: the admin's list filters, a choice field's value), and no link or form
of ours produces one. Files in a multipart upload are not looked at.

``RequestBodyTooLargeMiddleware``: a body whose Content-Length is over the limit is a 413 (a
translated page) before a byte of it is read: ``REQUEST_BODY_MAX_BYTES`` for uploads (multipart),
``DATA_UPLOAD_MAX_MEMORY_SIZE`` for other forms. Django would otherwise stream a file of any size
to a temporary file first, and answer a form too large only with a 400.

``validate_single_line``: names and other one-line fields refuse line breaks and control
characters, which could otherwise open a new header in an email that carries them.
"""

import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
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


MEGABYTE = 1_048_576


def megabytes(size: int) -> int:
    """A limit in whole megabytes (at least 1), as the messages and the 413 page say it."""
    return max(1, size // MEGABYTE)


def validate_file_size(size: int, limit: int, *, code: str = "file_too_large") -> None:
    """The one refusal of a file over its limit: images, permit scans, spreadsheets."""
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code=code,
            params={"size": round(size / MEGABYTE, 1), "limit": megabytes(limit)},
        )


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # as Django reads it: no body


def request_body_limit(request: HttpRequest) -> int | None:
    """The largest body this request may have (None: no limit), by its content type."""
    if request.content_type == "multipart/form-data":
        return settings.REQUEST_BODY_MAX_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestBodyTooLargeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = request_body_limit(request)
        if limit is not None and _declared_length(request) > limit:
            response = render(request, "413.html", {"limit_mb": megabytes(limit)}, status=413)
            # The unread body is still on the way: the connection cannot carry another request.
            response["Connection"] = "close"
            return response
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
