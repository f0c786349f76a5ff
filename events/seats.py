"""Seat states on programme pages ("3 seats left", "full: join the waiting list", "you have a
ticket"), filled in by the app that owns bookings.

``events`` imports no other app (DESIGN.md layers): its templates leave a marker
``<!--seats:<item id>-->`` where an item's seat state goes, and the bookings app registers one
provider that says what each marker becomes for a person. The page around the markers is the
same for everyone and is cached (events.common.caching.public_fragment); only the markers are
filled per request, so a signed-in visitor's programme costs two small reads, not a render.
"""

import functools
import re
from collections.abc import Callable

_MARKER = re.compile(r"<!--seats:(\d+)-->")
_provider: Callable | None = None


def seat_provider_register(provider: Callable) -> None:
    """``provider(edition=..., user=...) -> dict[item id, html]``: HTML already escaped."""
    global _provider
    _provider = provider


def seat_markers_fill(html: str, *, edition, user) -> str:
    """Replace every seat marker in ``html`` with the person's seat state of that item."""
    if _provider is None or "<!--seats:" not in html:
        return html
    states = _provider(edition=edition, user=user)
    parts = _split(html)
    # parts alternate text and item ids: [text, id, text, id, ..., text]
    return "".join(
        part if index % 2 == 0 else states.get(part, "") for index, part in enumerate(parts)
    )


@functools.lru_cache(maxsize=32)
def _split(html: str) -> tuple:
    """The page cut at its markers, once per cached page (the same string comes back from the
    page cache, so the lookup costs no hashing of the page after the first)."""
    pieces = _MARKER.split(html)
    return tuple(piece if index % 2 == 0 else int(piece) for index, piece in enumerate(pieces))
