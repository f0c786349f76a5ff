"""What the venue screens show while a segment of a given kind is on, supplied by the app that
owns it: during the moment of silence, the remembrance wall's tributes (participants.tributes).

events imports no other app: an app registers an interlude (a segment kind and the URL name of
a JSON feed) from its AppConfig.ready(). The screen (static/js/now.js) fetches that feed at
every poll while such a segment is on and shows its entries in turn instead of the board; the
feed is ``{"seconds": N, "entries": [{"id", "text", "to", "by", "lang"}]}``.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class ScreenInterlude:
    segment_kind: str  # a Segment.Kind value
    url_name: str  # the feed, reversed in the screen's language


_interludes: dict[str, ScreenInterlude] = {}


def screen_interlude_register(interlude: ScreenInterlude) -> None:
    """Add (or replace, by segment kind) an interlude; apps call this from AppConfig.ready()."""
    _interludes[interlude.segment_kind] = interlude


def screen_interlude_sources() -> dict[str, str]:
    """Segment kind -> the URL of its feed, in the active language."""
    return {kind: reverse(interlude.url_name) for kind, interlude in _interludes.items()}
