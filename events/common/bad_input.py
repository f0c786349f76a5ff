"""Refusals of input no honest browser sends, before any view sees it.

``NulBytesRefusedMiddleware``: a NUL byte in a query-string or form parameter is a 400.
PostgreSQL cannot hold or compare text with one (psycopg raises DataError, which would be a 500
from any filter or lookup: the admin's list filters, a choice field's value), and no link or form
of ours produces one. Files in a multipart upload are not looked at.
"""

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict

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
