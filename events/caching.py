"""The public page cache: whole pages for visitors without a session, per URL and language,
stored compressed once so that a phone downloads a tenth of the bytes.

- The key carries the programme's version (events.services.programme_cache_bump), so an
  organiser's change shows at once; settings.PUBLIC_PAGE_CACHE_SECONDS bounds memory and what a
  browser may keep.
- A request with a session cookie (a signed-in visitor, whose page may show their own bookings)
  is never served from, or stored into, the shared cache. Neither is a response that sets a
  cookie or varies on Cookie (for example one with a CSRF token), as Django's cache middleware
  also refuses.
- Pages hold no secret (no CSRF token is ever cached), so compressing them is safe from BREACH.
- Two levels: each process keeps the pages it served recently in memory and asks the shared
  cache (Redis) for the programme's version at most every PUBLIC_PAGE_VERSION_CHECK_SECONDS
  (default 1 s), so a hit costs no round trip at all; a change shows within that second
  (browsers may keep a page for PUBLIC_PAGE_CACHE_SECONDS anyway). With 0, every request checks.
"""

import functools
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import has_vary_header, patch_response_headers, patch_vary_headers
from django.utils.translation import get_language

PROGRAMME_VERSION_KEY = "events:programme-version"
MIN_COMPRESS_BYTES = 512
LOCAL_PAGES = 256


class _LocalPages:
    """This process's most recent pages (LRU) and the programme version it last checked."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pages: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self.version = 0
        self.checked_at = float("-inf")

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.version, self.checked_at = 0, float("-inf")

    def version_now(self, max_age: float) -> int:
        now = time.monotonic()
        if now - self.checked_at >= max_age:
            self.version = cache.get(PROGRAMME_VERSION_KEY, 0)
            self.checked_at = now
        return self.version

    def get(self, key: str) -> dict | None:
        with self.lock:
            found = self.pages.get(key)
            if found is None:
                return None
            expires, entry = found
            if expires < time.monotonic():
                del self.pages[key]
                return None
            self.pages.move_to_end(key)
            return entry

    def put(self, key: str, entry: dict, seconds: int) -> None:
        with self.lock:
            self.pages[key] = (time.monotonic() + seconds, entry)
            self.pages.move_to_end(key)
            while len(self.pages) > LOCAL_PAGES:
                self.pages.popitem(last=False)


local_pages = _LocalPages()


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _key(request: HttpRequest, version: int) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return f"public-page:{version}:{get_language()}:{path}"


def _response(entry: dict, request: HttpRequest, seconds: int) -> HttpResponse:
    response = HttpResponse(
        entry["body"], content_type=entry["content_type"], status=entry["status"]
    )
    for header, value in entry["headers"].items():
        response[header] = value
    if entry["encoding"]:
        response["Content-Encoding"] = entry["encoding"]
    if entry["compressible"]:
        patch_vary_headers(response, ("Accept-Encoding",))
    patch_vary_headers(response, ("Accept-Language",))
    patch_response_headers(response, seconds)
    return response


def _cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and "private" not in response.get("Cache-Control", "")
    )


def public_cache(view: Callable) -> Callable:
    """Serve a public page from the shared cache (see the module's docstring)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if (
            seconds <= 0
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            return view(request, *args, **kwargs)
        # One entry per encoding, so that a hit moves only the bytes it sends.
        encoding = ":gzip" if _accepts_gzip(request) else ":plain"
        check_every = getattr(settings, "PUBLIC_PAGE_VERSION_CHECK_SECONDS", 1.0)
        version = local_pages.version_now(check_every)
        key = _key(request, version) + encoding
        entry = local_pages.get(key) if check_every > 0 else None
        if entry is None:
            entry = cache.get(key)
            if entry is not None and check_every > 0:
                local_pages.put(key, entry, seconds)
        if entry is not None:
            return _response(entry, request, seconds)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if not _cacheable(request, response):
            return response
        body = response.content
        compressed = (
            gzip.compress(body, compresslevel=6, mtime=0)
            if len(body) >= MIN_COMPRESS_BYTES
            else None
        )
        meta = {
            "status": response.status_code,
            "content_type": response["Content-Type"],
            "headers": {
                name: value
                for name, value in response.items()
                if name.lower() in ("content-disposition", "content-language")
            },
            "compressible": compressed is not None,
        }
        base = _key(request, version)
        plain_entry = {**meta, "body": body, "encoding": ""}
        gzip_entry = {**meta, "body": compressed or body, "encoding": "gzip" if compressed else ""}
        cache.set_many({base + ":plain": plain_entry, base + ":gzip": gzip_entry}, seconds)
        if check_every > 0:
            local_pages.put(
                base + encoding, gzip_entry if encoding == ":gzip" else plain_entry, seconds
            )
        return _response(gzip_entry if _accepts_gzip(request) else plain_entry, request, seconds)

    return wrapper
