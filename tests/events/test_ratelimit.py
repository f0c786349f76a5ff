"""The shared rate limit (events/common/ratelimit.py): one count per name, key and window, kept
in the shared cache (Redis when REDIS_URL is set), atomic under concurrent processes."""

import threading
import time

import pytest
from django.core.cache import cache

from events.common.ratelimit import Rate, count_add, counter_key, over_limit

NOON = 1_752_462_000.0  # 2025-07-14 12:00 Seoul, the start of an hour and of a minute


def test_over_limit_refuses_only_after_the_limit_is_passed():
    results = [
        over_limit("test:write", "192.0.2.1", limit=3, period=3600, now=NOON) for _ in range(5)
    ]

    assert results == [False, False, False, True, True]


def test_over_limit_counts_each_key_and_name_apart():
    for _ in range(3):
        over_limit("test:write", "192.0.2.1", limit=3, period=3600, now=NOON)

    assert over_limit("test:write", "192.0.2.2", limit=3, period=3600, now=NOON) is False
    assert over_limit("test:report", "192.0.2.1", limit=3, period=3600, now=NOON) is False


def test_over_limit_starts_again_in_the_next_window():
    for _ in range(4):
        over_limit("test:write", "192.0.2.1", limit=3, period=3600, now=NOON)

    assert over_limit("test:write", "192.0.2.1", limit=3, period=3600, now=NOON + 3599) is True
    assert over_limit("test:write", "192.0.2.1", limit=3, period=3600, now=NOON + 3600) is False


def test_count_add_adds_batches():
    assert count_add("test:api", "client", window=7, period=60, amount=5) == 5
    assert count_add("test:api", "client", window=7, period=60, amount=3) == 8


def test_count_add_from_many_threads_loses_no_count():
    # Every thread starts on a new window at once: the add/incr race the helper exists for.
    barrier = threading.Barrier(8)

    def hit() -> None:
        barrier.wait()
        for _ in range(25):
            count_add("test:race", "client", window=1, period=60)

    threads = [threading.Thread(target=hit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert count_add("test:race", "client", window=1, period=60, amount=0) == 200


def test_counter_key_never_holds_the_address():
    key = counter_key("test:write", "192.0.2.1", 5)

    assert "192.0.2.1" not in key
    assert key.startswith("ratelimit:test:write:")
    assert key.endswith(":5")


def test_counter_expires_two_periods_after_it_starts():
    count_add("test:expiry", "client", window=1, period=1)
    key = counter_key("test:expiry", "client", 1)
    assert cache.get(key) == 1

    time.sleep(2.2)

    assert cache.get(key) is None


@pytest.mark.parametrize(
    ("text", "rate"),
    [("600/m", Rate(600, 60)), ("5/s", Rate(5, 1)), ("10/h", Rate(10, 3600)), ("7/", Rate(7, 60))],
)
def test_rate_parse_reads_count_and_period(text, rate):
    assert Rate.parse(text) == rate


def test_rate_retry_after_counts_to_the_next_window():
    rate = Rate(3, 60)

    assert (rate.retry_after(NOON), rate.retry_after(NOON + 59.5)) == (61, 1)
