"""One id per request, on every log line it causes, also in the Celery tasks it queued.

``RequestIdMiddleware`` takes the reverse proxy's ``X-Request-ID`` (or makes one) and returns it;
``RequestIdFilter`` puts it on log records; config/celery_app.py carries it in a task message's
headers and sets it again while the task runs. An id, never a name or an email (DESIGN.md).
"""

import contextvars
import logging
import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
# Tasks carry it under this message header.
TASK_HEADER = "request_id"
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")

current_request_id: contextvars.ContextVar[str] = contextvars.ContextVar(
    "current_request_id", default=""
)
current_task_id: contextvars.ContextVar[str] = contextvars.ContextVar("current_task_id", default="")


def request_id_new() -> str:
    return uuid.uuid4().hex


def request_id_accept(value: str | None) -> str:
    """The proxy's id when it looks like one (it ends up in logs: nothing else gets in)."""
    return value if value and _VALID.match(value) else request_id_new()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_accept(request.headers.get(HEADER))
        request.request_id = request_id
        token = current_request_id.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` and ``task_id`` to every record (empty outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        record.task_id = current_task_id.get()
        return True
