"""A WSGI layer in front of Django for the public page cache's hits (config/wsgi.py).

A public page that ``@public_cache`` served from its cache (a hit) to a visitor without a
session comes back from Django marked with its cache version (``response.public_page``). This
layer keeps that final response (status, every header the middleware added, body) per host,
address, language prefix and encoding, and replays it to the next such visitor without entering
Django at all, for as long as the public pages' version (events.common.caching, checked at most
every PUBLIC_PAGE_VERSION_CHECK_SECONDS) has not moved and PUBLIC_PAGE_CACHE_SECONDS have not
passed.
An ``If-None-Match`` with the page's ETag gets a 304.

Why: the venue screens poll /now/data.json every few seconds, and a hit that walks the whole
middleware stack costs as much CPU as the constant view (0.7 ms), a replay 0.28 ms
(bench/live_bench.py, bench/README.md). Replaying what
Django answered keeps every header the middleware set (security headers, Content-Language,
Vary, the CSP), so a replayed page is byte for byte the page Django served, except that each
replay gets its own X-Request-ID; replays are counted in ``public_page_replays_total`` (they do
not reach django-prometheus's request metrics). What this layer never replays: anything but
GET, a request with a session or messages cookie, a response that sets a
cookie or was not marked by public_cache.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.conf import settings
from prometheus_client import Counter

from events.common.caching import MAX_QUERY_CHARS, MESSAGES_COOKIE, local_pages
from events.common.request_id import HEADER as REQUEST_ID_HEADER
from events.common.request_id import request_id_accept

MAX_REPLAYS = 512
# Replayed pages never reach django-prometheus's request metrics: they are counted here.
REPLAYS = Counter("public_page_replays_total", "Cached public pages replayed before Django.")


class _Replays:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, tuple] = OrderedDict()

    def get(self, key: tuple) -> tuple | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: tuple, value: tuple) -> None:
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > MAX_REPLAYS:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


replays = _Replays()


def _personal(environ: dict) -> bool:
    cookies = environ.get("HTTP_COOKIE", "")
    return f"{settings.SESSION_COOKIE_NAME}=" in cookies or f"{MESSAGES_COOKIE}=" in cookies


class PublicPageReplay:
    """Wrap a WSGI application (Django's) with the replay of public pages."""

    def __init__(self, application: Callable) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        check_every = getattr(settings, "PUBLIC_PAGE_VERSION_CHECK_SECONDS", 1.0)
        query = environ.get("QUERY_STRING", "")
        if (
            seconds <= 0
            or check_every <= 0
            or not getattr(settings, "PUBLIC_PAGE_REPLAY", True)
            or environ.get("REQUEST_METHOD") != "GET"
            or len(query) > MAX_QUERY_CHARS
            or _personal(environ)
        ):
            return self.application(environ, start_response)
        gzip = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "").lower()
        key = (environ.get("HTTP_HOST", ""), environ.get("PATH_INFO", ""), query, gzip)
        version = local_pages.version_now(check_every)
        found = replays.get(key)
        if found is not None:
            stored_version, expires, status, headers, body, etag = found
            if stored_version == version and time.monotonic() < expires:
                REPLAYS.inc()
                # Each request its own id, as RequestIdMiddleware would give it.
                request_id = request_id_accept(environ.get("HTTP_X_REQUEST_ID"))
                headers = [*headers, (REQUEST_ID_HEADER, request_id)]
                if etag and etag in environ.get("HTTP_IF_NONE_MATCH", ""):
                    start_response(
                        "304 Not Modified",
                        [
                            (name, value)
                            for name, value in headers
                            if name.lower()
                            not in ("content-length", "content-type", "content-encoding")
                        ],
                    )
                    return []
                start_response(status, headers)
                return [body]
        return self._through_django(key, environ, start_response)

    def _through_django(self, key: tuple, environ: dict, start_response: Callable):
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info)

        response = self.application(environ, capture)
        marked = getattr(response, "public_page", None)
        status = captured.get("status", "")
        if marked is None or not status.startswith("200"):
            return response
        headers = captured["headers"]
        if any(name.lower() == "set-cookie" for name, _value in headers):
            return response
        version, seconds = marked
        body = b"".join(response)
        response.close()
        etag = next((value for name, value in headers if name.lower() == "etag"), "")
        headers = [(name, value) for name, value in headers if name != REQUEST_ID_HEADER]
        replays.put(key, (version, time.monotonic() + seconds, status, headers, body, etag))
        return [body]
