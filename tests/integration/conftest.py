"""Real Celery workers, a real Redis and the real (test) PostgreSQL database.

The worker is a separate process: it sees only committed rows, so these tests use
``transactional_db`` and give the worker the test database's name.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT = 30

# Fast timings so that the fault tests take seconds, not minutes.
FAST_TIMINGS = {
    "REMINDER_DISPATCH_INTERVAL_SECONDS": "0.5",
    "REMINDER_SWEEP_INTERVAL_SECONDS": "1",
    "REMINDER_REQUEUE_AFTER_SECONDS": "3",
    "REMINDER_SENDING_TIMEOUT_SECONDS": "4",
    "REMINDER_RETRY_BACKOFF_SECONDS": "0.2",
    "REMINDER_RETRY_BACKOFF_MAX_SECONDS": "1",
    "REMINDER_MAX_ATTEMPTS": "3",
    "REMINDER_PERFORMER_SYNC_INTERVAL_SECONDS": "3600",
}


def database_url() -> str:
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


def wait_for(predicate: Callable[[], bool], *, timeout: float = 30, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(every)
    return predicate()


class ProcessGroup:
    """A child started with ``start_new_session=True``, stopped with its own children (a
    worker's pool, gunicorn's workers) by signalling the whole process group."""

    process: subprocess.Popen | None = None

    def kill(self) -> None:
        """SIGKILL the group at once: nothing gets to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def stop(self) -> None:
        """SIGTERM the group, and SIGKILL it if it has not gone within ten seconds."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        self.process = None


class Worker(ProcessGroup):
    """``celery -A config worker`` (optionally with embedded beat) in its own process group."""

    def __init__(self, folder: Path, broker_url: str) -> None:
        self.folder = folder
        self.broker_url = broker_url
        self.mail_folder = folder / "mail"
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self.pool = settings.CELERY_WORKER_POOL

    def start(
        self, *, concurrency: int = 2, beat: bool = True, pool: str | None = None, **env: str
    ) -> "Worker":
        """Start the worker with ``pool`` (default: the production pool, CELERY_WORKER_POOL)."""
        self.starts += 1
        self.pool = pool or self.pool
        log = self.folder / f"worker-{self.starts}.log"
        command = [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            f"--pool={self.pool}", f"--concurrency={concurrency}", "--loglevel=INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"itest-{uuid.uuid4().hex[:8]}@%h",
        ]  # fmt: skip
        if beat:
            command += ["-B", "--schedule", str(self.folder / "beat-schedule")]
        environment = {
            **os.environ,
            **FAST_TIMINGS,
            "DJANGO_SETTINGS_MODULE": "tests.integration.worker_settings",
            "DATABASE_URL": database_url(),
            "DJANGO_CONN_MAX_AGE": "0",
            "REDIS_URL": self.broker_url,
            "CELERY_BROKER_URL": self.broker_url,
            "EMAIL_FILE_PATH": str(self.mail_folder),
            "PYTHONPATH": str(ROOT),
            # Celery cannot tell --pool=prefork from its default, which the setting overrides.
            "CELERY_WORKER_POOL": self.pool,
            **env,
        }
        self.log = log
        self.process = subprocess.Popen(  # noqa: S603 — our own command line
            command,
            cwd=ROOT,
            env=environment,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_for(lambda: " ready." in log.read_text(), timeout=READY_TIMEOUT):
            self.kill()
            pytest.fail(f"The worker did not start:\n{log.read_text()[-3000:]}")
        return self


@pytest.fixture
def clean_broker() -> str:
    """The shared test Redis database, emptied so that no message of another test remains."""
    redis.Redis.from_url(settings.CELERY_BROKER_URL).flushdb()
    return settings.CELERY_BROKER_URL


@pytest.fixture
def worker(transactional_db, clean_broker, tmp_path) -> Iterator[Worker]:
    runner = Worker(tmp_path, clean_broker)
    yield runner
    runner.stop()


def _free_port() -> int:
    for port in range(6390, 6400):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail("No free port in 6390-6399 for a private redis-server")


class PrivateRedis:
    """A redis-server of our own, without persistence: a restart loses every message."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        if not wait_for(lambda: _pings(client), timeout=10):
            pytest.fail("The private redis-server did not start")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)


def _pings(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    if not shutil.which("redis-server"):
        pytest.skip("needs redis-server on PATH")
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.kill()
