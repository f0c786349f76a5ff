"""The public page cache: the ONE way every app caches its public pages (participants and
exhibits import it; events imports neither).

- ``@public_cache`` or ``@public_cache(query=("q", "page"))`` on a view;
- ``public_pages_changed()`` from every service that changes what a public page shows;
- ``PublicPageCacheMiddleware`` stores the pages once every middleware has run.

Its rules (who is never served from the cache, one site-wide version, the two levels of
memory and Redis): docs/architecture.md "The public page cache".
A hit may also be replayed before Django by config/wsgi.py (events/common/fastpath.py), under
the same version rule.
"""

import functools
import gzip
import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import has_vary_header, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date_safe
from django.utils.translation import get_language

VERSION_KEY = "public-pages:version"
MIN_COMPRESS_BYTES = 512
LOCAL_PAGES = 256
MAX_QUERY_CHARS = 300
# django.contrib.messages' cookie: a visitor with a pending message gets a fresh page.
MESSAGES_COOKIE = "messages"


def _version_read() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Never restart at a number that old entries may still carry (after an eviction).
        cache.add(VERSION_KEY, time.time_ns() // 1_000_000, timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


class _LocalPages:
    """This process's most recent pages (LRU) and the version it last checked."""

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
            self.version = _version_read()
            self.checked_at = now
        return self.version

    def saw(self, version: int) -> None:
        """This process changed the version itself: no need to ask before the next check."""
        self.version, self.checked_at = version, time.monotonic()

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


def public_pages_version_bump() -> int:
    """Make every cached public page stale now; returns the new version."""
    for attempt in range(3):
        try:
            version = cache.incr(VERSION_KEY)
            break
        except ValueError:  # no version yet (or evicted, even between two calls): start one
            if attempt == 2:
                raise
            _version_read()
    local_pages.saw(version)
    return version


def _bump_on_commit() -> None:
    public_pages_version_bump()


def public_pages_changed(*, using: str | None = None) -> None:
    """Something a public page shows has changed: stale now, and again once it commits.

    Call it from inside the service's transaction. One bump after commit per transaction,
    however many rows changed; outside a transaction, one bump now.
    """
    public_pages_version_bump()
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    if any(entry[1] is _bump_on_commit for entry in connection.run_on_commit):
        return
    transaction.on_commit(_bump_on_commit, using=using)


def _accepts_gzip(request: HttpRequest) -> bool:
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "").lower()


def _key(request: HttpRequest, version: int, *, per_minute: bool = False) -> str:
    # The host too: one process may serve several names (and links in pages use the host).
    address = f"{request.get_host()}{request.get_full_path()}"
    path = hashlib.sha256(address.encode()).hexdigest()[:32]
    # A page that says what is on "now" is kept for the minute it was rendered in at most.
    minute = f":{int(time.time() // 60)}" if per_minute else ""
    return f"public-page:{version}:{get_language()}:{path}{minute}"


def _hit_headers(entry: dict, seconds: int) -> list[tuple[str, str]]:
    """The headers a hit sends, worked out once when the page is stored: a hit then sets them
    without parsing or patching anything (patch_vary_headers and patch_cache_control cost as
    much as the rest of a hit together)."""
    vary = (
        "Accept-Encoding, Accept-Language, Cookie"
        if entry["compressible"]
        else ("Accept-Language, Cookie")
    )
    headers = [
        ("ETag", entry["etag"]),
        ("Vary", vary),
        ("Cache-Control", f"no-cache, max-age={seconds}"),
    ]
    if entry.get("last_modified"):
        headers.append(("Last-Modified", http_date(entry["last_modified"])))
    if entry["encoding"]:
        headers.append(("Content-Encoding", entry["encoding"]))
    return headers


def _headers(response: HttpResponse, entry: dict, seconds: int) -> HttpResponse:
    """A freshly rendered page's cache headers, added to those the middleware already set."""
    response["ETag"] = entry["etag"]
    if entry.get("last_modified"):
        response["Last-Modified"] = http_date(entry["last_modified"])
    if entry["compressible"]:
        patch_vary_headers(response, ("Accept-Encoding",))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    patch_cache_control(response, no_cache=True, max_age=seconds)
    return response


def not_modified(
    *, etag: str, last_modified: float | None, if_none_match: str | None, if_modified_since: str
) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when sent; else If-Modified-Since, when it is a
    valid date. A malformed header of either kind matches nothing: the full page is sent.
    The one rule for a hit in Django and for its replay before Django (fastpath.py)."""
    if if_none_match is not None:
        # The page as first rendered carries the plain entry's tag (PublicPageCacheMiddleware);
        # the gzipped entry is the same page, so either tag proves the client has it.
        plain = etag.removesuffix('-gzip"') + '"' if etag.endswith('-gzip"') else etag
        return if_none_match.strip() == "*" or etag in if_none_match or plain in if_none_match
    since = parse_http_date_safe(if_modified_since)
    return since is not None and last_modified is not None and last_modified <= since


def _not_modified(entry: dict, request: HttpRequest) -> bool:
    return not_modified(
        etag=entry["etag"],
        last_modified=entry.get("last_modified"),
        if_none_match=request.META.get("HTTP_IF_NONE_MATCH"),
        if_modified_since=request.META.get("HTTP_IF_MODIFIED_SINCE", ""),
    )


def _response(entry: dict, request: HttpRequest, seconds: int) -> HttpResponse:
    hit_headers = entry.get("hit_headers") or _hit_headers(entry, seconds)
    if _not_modified(entry, request):
        response = HttpResponseNotModified()
        for header, value in hit_headers:
            if header != "Content-Encoding":
                response.headers[header] = value
        return response
    response = HttpResponse(
        entry["body"], content_type=entry["content_type"], status=entry["status"]
    )
    for header, value in entry["headers"].items():
        response.headers[header] = value
    for header, value in hit_headers:
        response.headers[header] = value
    return response


def _cacheable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and "private" not in response.get("Cache-Control", "")
    )


def _personal(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES


def _entries(response: HttpResponse, seconds: int) -> tuple[dict, dict]:
    """The page stored twice, plain and gzipped, so that a hit moves only the bytes it sends."""
    body = response.content
    compressed = (
        gzip.compress(body, compresslevel=6, mtime=0) if len(body) >= MIN_COMPRESS_BYTES else None
    )
    etag = hashlib.sha256(body).hexdigest()[:32]
    meta = {
        "status": response.status_code,
        "content_type": response["Content-Type"],
        "headers": {
            name: value
            for name, value in response.items()
            if name.lower() in ("content-disposition", "content-language")
        },
        "compressible": compressed is not None,
        # When this page was rendered: no later than now, no earlier than the last change.
        "last_modified": int(time.time()),
    }
    plain = {**meta, "body": body, "encoding": "", "etag": f'"{etag}"'}
    plain["hit_headers"] = _hit_headers(plain, seconds)
    if compressed is None:
        return plain, plain
    gzipped = {**meta, "body": compressed, "encoding": "gzip", "etag": f'"{etag}-gzip"'}
    gzipped["hit_headers"] = _hit_headers(gzipped, seconds)
    return plain, gzipped


def _mark(response: HttpResponse, version: int, seconds: int) -> HttpResponse:
    """Say, on the response object, that it is a public page of ``version``: the WSGI layer
    (events/common/fastpath.py) may then replay it, headers and all, until the version moves."""
    response.public_page = (version, seconds)
    return response


def public_cache(
    view: Callable | None = None, *, query: Iterable[str] = (), per_minute: bool = False
) -> Callable:
    """Serve a public page from the shared cache (see the module's docstring).

    ``query``: the query parameters the page understands; an address with any other one is
    served fresh and not stored. ``per_minute``: the page depends on the clock (what is on now),
    so a stored copy serves only the minute it was rendered in.
    """
    allowed = frozenset(query)

    def decorator(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            if (
                seconds <= 0
                or request.method not in ("GET", "HEAD")
                or _personal(request)
                or not set(request.GET) <= allowed
                or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_CHARS
            ):
                return view(request, *args, **kwargs)
            encoding = ":gzip" if _accepts_gzip(request) else ":plain"
            check_every = getattr(settings, "PUBLIC_PAGE_VERSION_CHECK_SECONDS", 1.0)
            # Read before rendering: a page rendered while a change commits is stored under the
            # old version, which the commit's bump leaves behind.
            version = local_pages.version_now(check_every)
            base = _key(request, version, per_minute=per_minute)
            entry = local_pages.get(base + encoding) if check_every > 0 else None
            if entry is None:
                entry = cache.get(base + encoding)
                if entry is not None and check_every > 0:
                    local_pages.put(base + encoding, entry, seconds)
            if entry is not None:
                return _mark(_response(entry, request, seconds), version, seconds)
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if _cacheable(response):
                # Stored by PublicPageCacheMiddleware once every other middleware has run: the
                # CSRF and session middleware may still set a cookie on this response.
                response._public_page_store = (base, encoding, seconds, check_every)
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


class PublicPageCacheMiddleware:
    """Stores what ``public_cache`` rendered, after the middleware below it in MIDDLEWARE (CSRF,
    sessions, messages) has had its say: a response that sets a cookie is never stored."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        store = getattr(response, "_public_page_store", None)
        # The view's own Vary was checked in public_cache; the session middleware adds
        # "Vary: Cookie" to every page that looked at the (empty) session, which _personal covers.
        if store is None or response.cookies or response.status_code != 200:
            return response
        base, encoding, seconds, check_every = store
        plain, compressed = _entries(response, seconds)
        cache.set_many({base + ":plain": plain, base + ":gzip": compressed}, seconds)
        if check_every > 0:
            local_pages.put(base + encoding, compressed if encoding == ":gzip" else plain, seconds)
        return _headers(response, plain, seconds)


def public_fragment(key: str, render: Callable[[], str]) -> str:
    """A part of a page that is the same for everyone (a timetable), rendered once per site
    version and language and kept in this process's memory, for pages that are personal
    around it (a signed-in visitor's programme). Stale at the next public_pages_changed()."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS <= 0:
        return render()
    return _kept_html(f"public-fragment:{key}", render)


def signed_in_shell(request: HttpRequest, key: str, render: Callable[[], str]) -> str:
    """A whole page for a signed-in visitor whose only personal parts are filled in after it
    (seat markers, events.seats): rendered once per site version, language, address and key,
    and kept in this process's memory. Around the shared fragment, the page differs between
    signed-in visitors only in what is rendered fresh here instead: staff (their navigation
    reads permissions), a visitor with a message to show; a very long address is not kept.
    The page must show nothing of the person (name, email, CSRF token) outside the markers:
    a test signs in two people and looks for the first one's name in the second one's page.
    """
    user = getattr(request, "user", None)
    if (
        settings.PUBLIC_PAGE_CACHE_SECONDS <= 0
        or user is None
        or not user.is_authenticated
        or user.is_staff
        or len(get_messages(request))
        or len(request.META.get("QUERY_STRING", "")) > MAX_QUERY_CHARS
    ):
        return render()
    # The host too, as public_cache keys pages: links in a page may carry it.
    address = f"{request.get_host()}{request.get_full_path()}"
    return _kept_html(f"signed-in:{address}:{key}", render)


def _kept_html(key: str, render: Callable[[], str]) -> str:
    """``render()``'s HTML kept in this process's memory per site version and language."""
    check_every = getattr(settings, "PUBLIC_PAGE_VERSION_CHECK_SECONDS", 1.0)
    version = local_pages.version_now(check_every) if check_every > 0 else _version_read()
    full_key = f"{version}:{get_language()}:{key}"
    entry = local_pages.get(full_key)
    if entry is None:
        entry = {"html": render()}
        local_pages.put(full_key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
    return entry["html"]
