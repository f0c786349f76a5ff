"""The empty task the reminders benchmark compares with: it only counts itself in Redis, so
that the benchmark knows when the last one has run."""

import os

import redis
from celery import shared_task

_counter = None


@shared_task(name="bench.noop", acks_late=True, ignore_result=True)
def noop() -> None:
    global _counter
    if _counter is None:
        _counter = redis.Redis.from_url(os.environ["REDIS_URL"])
    _counter.incr("bench:noop:done")
