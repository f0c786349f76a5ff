"""What every open-data response shares: JSON errors, the allow-list of query parameters, the
language (?lang= or Accept-Language), a rate limit per client and the public page cache."""

import functools
import hashlib
import threading
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view

from events.common.caching import public_cache
from events.common.ratelimit import Rate, count_add

LANGUAGES = ("ko", "en")


def language_parameter():
    """The documented ?lang= of every endpoint (open_data applies it before the view runs)."""
    from ninja import Query

    return Query(None, description="ko or en; without it, the Accept-Language header decides.")


def error_response(message: str, *, status: int, **extra) -> JsonResponse:
    """A 4xx answer as JSON: ``{"detail": "...", ...}``."""
    return JsonResponse({"detail": message, **extra}, status=status)


def client_key(request: HttpRequest) -> str:
    """The client a rate limit counts: its address, hashed (the cache never holds an IP).

    REMOTE_ADDR only, as events/common/metrics.py: X-Forwarded-For can be written by anyone.
    Behind a reverse proxy that does not pass the client's address on as REMOTE_ADDR, every
    client shares the proxy's count: raise OPEN_DATA_RATE_LIMIT there or limit at the proxy.
    """
    address = request.META.get("REMOTE_ADDR", "") or "unknown"
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]


class _RateCounts:
    """This process's requests per client and window not yet added to the shared count.

    A shared-cache round trip on every request would cost more than serving a cached answer
    (the page cache serves hits from memory), so each process adds its requests to the shared
    count in batches of at most a twentieth of the limit, and on every request once the client
    is that close to it. A client can so pass the limit by at most a batch per web process.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.window = -1
        self.pending: dict[str, int] = {}
        self.shared: dict[str, int] = {}

    def clear(self) -> None:
        with self.lock:
            self.window, self.pending, self.shared = -1, {}, {}

    def count(self, key: str, *, window: int, limit: int, period: int) -> int:
        batch = max(1, limit // 20)
        with self.lock:
            if window != self.window:
                self.window, self.pending, self.shared = window, {}, {}
            pending = self.pending.get(key, 0) + 1
            known = self.shared.get(key, 0)
            if pending < batch and known + pending < limit - batch:
                self.pending[key] = pending
                return known + pending
            self.pending[key] = 0
        total = count_add("open-data", key, window=window, period=period, amount=pending)
        with self.lock:
            if self.window == window:
                self.shared[key] = total
        return total


rate_counts = _RateCounts()


def rate_limit_wait(request: HttpRequest, *, now: float | None = None) -> int:
    """Seconds the client must wait (0: go ahead): a fixed window per client, counted in the
    shared cache so that every web process counts the same client together (_RateCounts)."""
    setting = getattr(settings, "OPEN_DATA_RATE_LIMIT", "")
    if not setting:
        return 0
    rate = Rate.parse(setting)
    now = time.time() if now is None else now
    count = rate_counts.count(
        client_key(request), window=rate.window(now), limit=rate.limit, period=rate.period
    )
    return 0 if count <= rate.limit else rate.retry_after(now)


def _language(request: HttpRequest, *, from_header: bool) -> str | None:
    """?lang= when given (None if it is not ko or en); else the Accept-Language header for the
    API (one address for both languages), or the address's language (/en/...) for the schedule
    exports, whose apps expect the edition's language by default. Korean whatever a header
    holds."""
    if "lang" in request.GET:
        value = request.GET["lang"]
        return value if value in LANGUAGES else None
    if from_header:
        language = translation.get_language_from_request(request, check_path=False)
    else:
        language = translation.get_language()
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def open_data(*, query: Iterable[str] = (), language_from_header: bool = False) -> Callable:
    """Wrap a view of the open data: rate limit, known query parameters only (a 400 otherwise),
    the language (see _language), then the public page cache (ETag, Last-Modified, 304)."""
    allowed = frozenset(query) | {"lang"}

    def decorator(view: Callable) -> Callable:
        cached = public_cache(query=allowed)(view)

        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            wait = rate_limit_wait(request)
            if wait:
                response = error_response(
                    _("Too many requests: try again in %(seconds)d seconds.") % {"seconds": wait},
                    status=429,
                )
                response["Retry-After"] = str(wait)
                return response
            unknown = sorted(set(request.GET) - allowed)
            if unknown:
                return error_response(
                    _("Unknown query parameter: %(names)s.") % {"names": ", ".join(unknown)},
                    status=400,
                    allowed=sorted(allowed),
                )
            language = _language(request, from_header=language_from_header)
            if language is None:
                return error_response(_("Unknown language: use ko or en."), status=400)
            with translation.override(language):
                response = cached(request, *args, **kwargs)
            response["Content-Language"] = language
            if "Accept-Language" not in response.get("Vary", ""):  # a cached answer has it
                patch_vary_headers(response, ("Accept-Language",))
            return response

        return wrapper

    return decorator


def public_get(router, path: str, *, query: Iterable[str] = (), **options) -> Callable:
    """``@router.get`` with ``open_data``: the one way to declare an endpoint of the API."""

    def decorator(function: Callable) -> Callable:
        operation = router.get(path, **options)(function)
        return decorate_view(open_data(query=query, language_from_header=True))(operation)

    return decorator
