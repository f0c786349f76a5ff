"""Rate limits counted in the shared cache, so that every web process counts a client together:
a fixed window per name and key. Used by the remembrance wall's hourly limits
(participants/tributes/views.py) and the open data's per-client limit (events/api/http.py).

    if over_limit("tributes:report", address, limit=5, period=3600): refuse
"""

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600}


@dataclass(frozen=True)
class Rate:
    """``limit`` uses per ``period`` seconds."""

    limit: int
    period: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """ "600/m" -> Rate(600, 60). Periods: s, m, h."""
        count, _slash, period = text.partition("/")
        return cls(int(count), PERIODS[period[:1] or "m"])

    def window(self, now: float | None = None) -> int:
        """The number of the window ``now`` (epoch seconds) falls in."""
        return int((time.time() if now is None else now) // self.period)

    def retry_after(self, now: float | None = None) -> int:
        """Whole seconds until the next window, at least 1."""
        now = time.time() if now is None else now
        return max(1, int((self.window(now) + 1) * self.period - now) + 1)


def counter_key(name: str, key: str, window: int) -> str:
    # Hashed: the shared cache never holds an address or an account id.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{name}:{key}".encode()).hexdigest()[:24]
    return f"ratelimit:{name}:{digest}:{window}"


def count_add(name: str, key: str, *, window: int, period: int, amount: int = 1) -> int:
    """Add ``amount`` uses by ``key`` to ``name``'s count in ``window`` and return the total.

    Atomic on Redis: add() creates the counter with its expiry only if it is missing (SET NX EX),
    incr() adds in one step (INCRBY), so processes racing on a new window lose no count. The
    counter lives two periods: every request of its window has it, and it then expires.
    """
    counter = counter_key(name, key, window)
    cache.add(counter, 0, timeout=2 * period)
    try:
        return cache.incr(counter, amount)
    except ValueError:
        # Evicted between add and incr (a full cache): start again; add() wins once.
        if cache.add(counter, amount, timeout=2 * period):
            return amount
        return cache.incr(counter, amount)


def over_limit(name: str, key: str, *, limit: int, period: int, now: float | None = None) -> bool:
    """Count one use of ``name`` by ``key`` in this window of ``period`` seconds; True once
    more than ``limit`` uses were counted in it."""
    window = Rate(limit, period).window(now)
    return count_add(name, key, window=window, period=period) > limit
