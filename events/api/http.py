"""What every open-data response shares: JSON errors, the allow-list of query parameters, the
language (?lang= or Accept-Language), a rate limit per client and the public page cache."""

import functools
import hashlib
import threading
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.http.cookie import parse_cookie
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from ninja.decorators import decorate_view

from events.common.caching import public_cache
from events.common.fastpath import ReplayRule
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
    return _client_key(request.META.get("REMOTE_ADDR", ""))


def _client_key(address: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address or 'unknown'}".encode()).hexdigest()[:24]


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
    return _rate_limit_wait(request.META.get("REMOTE_ADDR", ""), now=now)


def _rate_limit_wait(address: str, *, now: float | None = None) -> int:
    setting = getattr(settings, "OPEN_DATA_RATE_LIMIT", "")
    if not setting:
        return 0
    rate = Rate.parse(setting)
    now = time.time() if now is None else now
    count = rate_counts.count(
        _client_key(address), window=rate.window(now), limit=rate.limit, period=rate.period
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


def _replay_admit(environ: dict) -> bool:
    # Counted as open_data counts: a replayed answer is a request like any other. A refused one
    # goes on to Django, which counts it once more and answers the 429.
    return _rate_limit_wait(environ.get("REMOTE_ADDR", "")) == 0


@functools.lru_cache(maxsize=512)
def _language_of(query: str, accept_language: str, cookies: str) -> str | None:
    request = HttpRequest()
    request.GET = QueryDict(query)
    request.META = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    request.COOKIES = parse_cookie(cookies) if cookies else {}
    return _language(request, from_header=True)


def _replay_language(environ: dict) -> str | None:
    """The language _language chooses for this request, from WSGI's environ (no HttpRequest is
    built on a replay); remembered per header value, so a replay costs a dictionary look-up."""
    query = environ.get("QUERY_STRING", "")
    cookies = environ.get("HTTP_COOKIE", "")
    return _language_of(
        query if "lang" in query else "",
        environ.get("HTTP_ACCEPT_LANGUAGE", ""),
        cookies if settings.LANGUAGE_COOKIE_NAME in cookies else "",
    )


# What the WSGI replay (events/common/fastpath.py) checks before it answers for open_data: the
# API's language comes from a header the address does not hold; every answer is rate limited.
REPLAY_BY_HEADER_LANGUAGE = ReplayRule(variant=_replay_language, admit=_replay_admit)
REPLAY_BY_ADDRESS = ReplayRule(variant=lambda environ: "", admit=_replay_admit)


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
            response.public_page_rule = (
                REPLAY_BY_HEADER_LANGUAGE if language_from_header else REPLAY_BY_ADDRESS
            )
            return response

        return wrapper

    return decorator


def public_get(router, path: str, *, query: Iterable[str] = (), **options) -> Callable:
    """``@router.get`` with ``open_data``: the one way to declare an endpoint of the API."""

    def decorator(function: Callable) -> Callable:
        operation = router.get(path, **options)(function)
        return decorate_view(open_data(query=query, language_from_header=True))(operation)

    return decorator
