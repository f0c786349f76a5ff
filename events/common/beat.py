"""Noticing a second Celery beat: one beat is the rule (README), two happen by mistake.

Each beat process keeps a heartbeat key in Redis naming itself. A beat that finds the key held
by another live beat logs a warning on every heartbeat until one of them stops. Two beats do not
send anything twice (the outbox claims each row with one conditional UPDATE), but they double
the dispatcher's work and hide a deployment mistake. config/celery_app.py starts the heartbeat.
"""

import logging
import os
import socket
import threading
import uuid

from django.conf import settings

logger = logging.getLogger(__name__)

KEY = "beat:heartbeat"


class BeatHeartbeat:
    def __init__(self, client, *, interval: float, name: str | None = None) -> None:
        self.client = client
        self.interval = interval
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._stop = threading.Event()

    def beat_once(self) -> str | None:
        """Claim or refresh the key; the other beat's name when another one holds it."""
        ttl = max(int(self.interval * 3), 2)
        if self.client.set(KEY, self.name, nx=True, ex=ttl):
            return None
        holder = self.client.get(KEY)
        holder = holder.decode() if isinstance(holder, bytes) else holder
        if holder in (None, self.name):
            self.client.set(KEY, self.name, ex=ttl)
            return None
        logger.warning(
            "A second Celery beat is running: %s holds the beat heartbeat and this is %s. "
            "Run exactly one beat; the outbox sends nothing twice, but stop one of them.",
            holder,
            self.name,
        )
        return holder

    def run(self) -> None:
        while not self._stop.is_set():
            try:
                self.beat_once()
            except Exception:
                logger.exception("The beat heartbeat could not reach Redis.")
            self._stop.wait(self.interval)

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self.run, name="beat-heartbeat", daemon=True)
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()
        try:
            if self.client.get(KEY) in (self.name, self.name.encode()):
                self.client.delete(KEY)
        except Exception:
            logger.warning("The beat heartbeat key could not be removed at shutdown.")


def beat_heartbeat_start() -> BeatHeartbeat | None:
    """Start the heartbeat of this beat process (only with Redis: the embedded default has one
    process and no shared store)."""
    if not settings.REDIS_URL:
        return None
    import redis

    heartbeat = BeatHeartbeat(
        redis.Redis.from_url(settings.REDIS_URL), interval=settings.BEAT_HEARTBEAT_SECONDS
    )
    heartbeat.start()
    return heartbeat
