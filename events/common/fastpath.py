"""A WSGI layer in front of Django for the public page cache's hits (config/wsgi.py).

A public page that ``@public_cache`` served from its cache (a hit) to a visitor without a
session comes back from Django marked with its cache version (``response.public_page``). This
layer keeps that final response (status, every header the middleware added, body) per host,
address, language prefix and encoding, and replays it to the next such visitor without entering
Django at all, for as long as the public pages' version (events.common.caching, checked at most
every PUBLIC_PAGE_VERSION_CHECK_SECONDS) has not moved and PUBLIC_PAGE_CACHE_SECONDS have not
passed.
A conditional request the page matches (its ETag, or If-Modified-Since) gets a 304.
A page whose view set a ``ReplayRule`` on it (the open data: the API chooses its language from
Accept-Language, and every client is rate limited) is kept per variant the rule names and
replayed only when the rule admits the request.

Why: the venue screens poll /now/data.json every few seconds, and a hit that walks the whole
middleware stack costs as much CPU as the constant view (0.7 ms), a replay 0.28 ms
(bench/live_bench.py, bench/README.md). Replaying what
Django answered keeps every header the middleware set (security headers, Content-Language,
Vary, the CSP), so a replayed page is byte for byte the page Django served, except that each
replay gets its own X-Request-ID; replays are counted in ``public_page_replays_total`` (they do
not reach django-prometheus's request metrics). What this layer never replays: anything but
GET, a request with a session or messages cookie, a response that sets a
cookie or was not marked by public_cache, a request its page's rule does not admit.
"""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils.http import parse_http_date_safe
from prometheus_client import Counter

from events.common.caching import MAX_QUERY_CHARS, MESSAGES_COOKIE, local_pages, not_modified
from events.common.request_id import HEADER as REQUEST_ID_HEADER
from events.common.request_id import request_id_accept

MAX_REPLAYS = 512
# Replayed pages never reach django-prometheus's request metrics: they are counted here.
REPLAYS = Counter("public_page_replays_total", "Cached public pages replayed before Django.")


@dataclass(frozen=True)
class ReplayRule:
    """Set by a view's wrapper on its response (``response.public_page_rule``) when the address
    alone does not decide the answer, or when every request must be counted. Both take WSGI's
    environ and must be cheap: they run on every replay of the page.

    ``variant``: the part of the answer's identity the address does not hold (the language an
    Accept-Language header chose); None sends the request to Django.
    ``admit``: False sends the request to Django (a client over its rate limit gets its 429
    there).
    """

    variant: Callable[[dict], str | None]
    admit: Callable[[dict], bool]


@dataclass
class _Page:
    """One address's replays: its rule (None for most pages) and an answer per variant."""

    rule: ReplayRule | None
    variants: dict


class _Replays:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: OrderedDict[tuple, _Page] = OrderedDict()

    def get(self, key: tuple) -> _Page | None:
        with self.lock:
            found = self.entries.get(key)
            if found is not None:
                self.entries.move_to_end(key)
            return found

    def put(self, key: tuple, rule: ReplayRule | None, variant: str, value: tuple) -> None:
        with self.lock:
            page = self.entries.get(key)
            if page is None or page.rule is not rule:
                page = self.entries[key] = _Page(rule=rule, variants={})
            page.variants[variant] = value
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
        page = replays.get(key)
        if page is None:
            return self._through_django(key, environ, start_response)
        rule = page.rule
        variant = rule.variant(environ) if rule is not None else ""
        found = page.variants.get(variant) if variant is not None else None
        if found is None or found[0] != version or time.monotonic() >= found[1]:
            # An address replayed before: ask Django for the whole page even when the request is
            # conditional, so that it can be kept again; the 304 is then decided here. Else
            # clients that only revalidate would each reach Django once the copy has expired.
            return self._through_django(key, environ, start_response, known=True)
        if rule is not None and not rule.admit(environ):
            return self.application(environ, start_response)
        REPLAYS.inc()
        # Each request its own id, as RequestIdMiddleware would give it.
        return _answer(found, environ, start_response, request_id_accept(environ.get(ID_KEY)))

    def _through_django(
        self, key: tuple, environ: dict, start_response: Callable, *, known: bool = False
    ) -> Iterable[bytes]:
        captured: dict = {}

        def capture(status: str, headers: list, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            captured["exc_info"] = exc_info
            # Django's WSGIHandler never writes through start_response's write().
            return _no_write

        asked = environ
        if known:
            asked = {name: value for name, value in environ.items() if name not in CONDITIONAL}
        response = self.application(asked, capture)
        status, headers = captured["status"], captured["headers"]
        marked = getattr(response, "public_page", None)
        storable = (
            marked is not None
            and status.startswith("200")
            and not any(name.lower() == "set-cookie" for name, _value in headers)
        )
        rule = getattr(response, "public_page_rule", None)
        variant = rule.variant(environ) if storable and rule is not None else ""
        if not storable or variant is None:
            start_response(status, headers, captured["exc_info"])
            return response
        version, seconds = marked
        body = b"".join(response)
        response.close()
        etag = next((value for name, value in headers if name.lower() == "etag"), "")
        modified = next((value for name, value in headers if name.lower() == "last-modified"), "")
        request_id = next((value for name, value in headers if name == REQUEST_ID_HEADER), "")
        headers = [(name, value) for name, value in headers if name != REQUEST_ID_HEADER]
        stored = (
            version,
            time.monotonic() + seconds,
            status,
            headers,
            body,
            etag,
            parse_http_date_safe(modified),
        )
        replays.put(key, rule, variant, stored)
        return _answer(stored, environ, start_response, request_id)


ID_KEY = "HTTP_" + REQUEST_ID_HEADER.upper().replace("-", "_")
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
WITHOUT_BODY = ("content-length", "content-type", "content-encoding")


def _no_write(data: bytes) -> None:
    raise RuntimeError("The public page replay does not support start_response's write().")


def _answer(stored: tuple, environ: dict, start_response: Callable, request_id: str) -> list:
    """Send a kept page, or a 304 when the request's conditions say the client has it."""
    _version, _expires, status, headers, body, etag, last_modified = stored
    headers = [*headers, (REQUEST_ID_HEADER, request_id)] if request_id else headers
    if etag and not_modified(
        etag=etag,
        last_modified=last_modified,
        if_none_match=environ.get("HTTP_IF_NONE_MATCH"),
        if_modified_since=environ.get("HTTP_IF_MODIFIED_SINCE", ""),
    ):
        start_response(
            "304 Not Modified",
            [(name, value) for name, value in headers if name.lower() not in WITHOUT_BODY],
        )
        return []
    start_response(status, headers)
    return [body]
