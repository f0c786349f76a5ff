"""Reusable benchmark harness: a production-like server and a load generator.

Every benchmark compares pages against Django's constant-response view (/bench/constant, routed
only when BENCH_CONSTANT_VIEW is on), measured on the same server in the same run, so the ratios
say what our code costs on top of the framework, whatever the machine.

    from bench.harness import BenchConfig, GunicornServer, compare, manage, print_report

    config = BenchConfig.from_env(name="programme")
    manage(config, "migrate", "--noinput")
    with GunicornServer(config) as server:
        report = compare(server, {"programme": "/programme/"}, duration=10)
    print_report(report)

Environment: BENCH_DATABASE_URL (PostgreSQL; default a database named dd_bench_<name> on the
local server), BENCH_REDIS_URL (default redis://127.0.0.1:6379/1), BENCH_PORT (default 8115),
BENCH_WORKERS (gunicorn workers, default 2), BENCH_CONCURRENCY (default 16), BENCH_DURATION
(seconds per measurement, default 10), BENCH_ROUNDS (default 3; the median round is kept).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "bench" / "results"
CONSTANT_PATH = "/bench/constant"


@dataclass
class BenchConfig:
    name: str
    database_url: str
    redis_url: str
    port: int = 8115
    workers: int = 2
    concurrency: int = 16
    duration: float = 10.0
    rounds: int = 3
    extra_env: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, *, name: str, **overrides) -> BenchConfig:
        env = os.environ
        values = {
            "name": name,
            "database_url": env.get(
                "BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/dd_bench_{name}"
            ),
            "redis_url": env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/1"),
            "port": int(env.get("BENCH_PORT", "8115")),
            "workers": int(env.get("BENCH_WORKERS", "2")),
            "concurrency": int(env.get("BENCH_CONCURRENCY", "16")),
            "duration": float(env.get("BENCH_DURATION", "10")),
            "rounds": int(env.get("BENCH_ROUNDS", "3")),
        }
        values.update(overrides)
        return cls(**values)

    def environment(self, **overrides: str) -> dict[str, str]:
        """Production settings with bench-only secrets; the constant view switched on."""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-" + "x" * 40,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "CACHE_KEY_PREFIX": f"bench-{self.name}",
            "BENCH_CONSTANT_VIEW": "true",
            "DJANGO_LOG_LEVEL": "WARNING",
            **self.extra_env,
        }
        env.update(overrides)
        return env


def ensure_database(config: BenchConfig) -> None:
    """Create the benchmark's PostgreSQL database if it does not exist."""
    import psycopg

    parts = urlsplit(config.database_url)
    name = parts.path.lstrip("/")
    admin_url = config.database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(config: BenchConfig, *args: str, **env: str) -> None:
    """Run a manage.py command against the benchmark's database with production settings."""
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=config.environment(**env), check=True
    )


def run_script(config: BenchConfig, script: Path, *args: str, **env: str) -> None:
    """Run a Python script (which calls django.setup()) with the benchmark's environment."""
    subprocess.run(
        [PYTHON, str(script), *args], cwd=ROOT, env=config.environment(**env), check=True
    )


def script_output(config: BenchConfig, script: Path, *args: str) -> str:
    """Run a seed script like ``run_script`` and return the last word it printed (an id)."""
    completed = subprocess.run(
        [PYTHON, str(script), *args],
        cwd=ROOT,
        env=config.environment(),
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout.split()[-1]


def prepare(config: BenchConfig) -> None:
    """Database, migrations and collected static files (production uses the manifest)."""
    ensure_database(config)
    manage(config, "migrate", "--noinput", "-v", "0")
    manage(config, "collectstatic", "--noinput", "-v", "0")


class GunicornServer:
    """gunicorn serving config.wsgi with production settings on 127.0.0.1:<port>."""

    def __init__(self, config: BenchConfig, **env: str) -> None:
        self.config = config
        self.env = env
        self.process: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{config.port}"

    def __enter__(self) -> GunicornServer:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.config.port)) == 0:
                raise RuntimeError(f"port {self.config.port} is taken: set BENCH_PORT")
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{self.config.port}",
            "--workers",
            str(self.config.workers),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.config.environment(**self.env))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                # e.g. the port is taken: never measure somebody else's server.
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /healthz within 30 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


class Nodes:
    """Several GunicornServers (each a machine) behind a round-robin load balancer: ``compare``
    and ``measure`` send each request to the next node, all under the first node's host name
    (as behind one balancer), so the nodes share the page cache's keys in Redis."""

    def __init__(self, servers: list[GunicornServer]) -> None:
        self.servers = servers
        self.config = servers[0].config
        self.url = [server.url for server in servers]


@dataclass
class Measurement:
    path: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    bytes_per_response: int


async def _one_request(host: str, port: int, request: bytes) -> tuple[int, int]:
    reader, writer = await asyncio.open_connection(host, port)
    # Close with a reset, leaving no TIME_WAIT behind: at 1,500 connections a second the local
    # ports (about 28,000) would run out within 20 s and slow down whatever is measured next.
    writer.get_extra_info("socket").setsockopt(
        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
    )
    try:
        writer.write(request)
        await writer.drain()
        data = await reader.read()  # gunicorn's sync workers close the connection after a reply
    finally:
        writer.close()
    status = int(data[9:12]) if data.startswith(b"HTTP/1.") else 0
    body = data.split(b"\r\n\r\n", 1)[1] if b"\r\n\r\n" in data else b""
    return status, len(body)


async def _load(
    url: str | list[str],
    path: str,
    duration: float,
    concurrency: int,
    headers: str = "",
    ok_statuses: tuple[int, ...] = (200,),
) -> Measurement:
    urls = [url] if isinstance(url, str) else url
    nodes = [(urlsplit(u).hostname, urlsplit(u).port) for u in urls]
    host, port = nodes[0]
    sent = 0
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: ko\r\n"
        # As every browser does; the page cache stores pages compressed.
        f"Accept-Encoding: gzip, deflate, br\r\n{headers}Connection: close\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    errors = 0
    size = 0
    stop = time.perf_counter() + duration

    async def worker() -> None:
        nonlocal errors, size, sent
        while time.perf_counter() < stop:
            node_host, node_port = nodes[sent % len(nodes)]
            sent += 1
            started = time.perf_counter()
            try:
                status, length = await _one_request(node_host, node_port, request)
            except OSError:
                errors += 1
                continue
            if status not in ok_statuses:
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            size = length

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies) or [0.0]
    return Measurement(
        path=path,
        requests=len(latencies),
        errors=errors,
        seconds=round(elapsed, 2),
        rps=round(len(latencies) / elapsed, 1),
        p50_ms=round(statistics.median(ordered) * 1000, 2),
        p95_ms=round(ordered[max(0, int(len(ordered) * 0.95) - 1)] * 1000, 2),
        bytes_per_response=size,
    )


def measure(
    url: str | list[str],
    path: str,
    *,
    duration: float,
    concurrency: int,
    headers: str = "",
    ok_statuses: tuple[int, ...] = (200,),
) -> Measurement:
    """``headers``: extra request header lines, each ending in CRLF (e.g. a session cookie).
    ``url``: a list of nodes' URLs takes turns between them (Nodes)."""
    return asyncio.run(_load(url, path, duration, concurrency, headers, ok_statuses))


@dataclass
class Request:
    """A page measured with extra request header lines (each ending in CRLF) and the statuses
    that count as answered (e.g. a conditional request's 304)."""

    path: str
    headers: str = ""
    ok_statuses: tuple[int, ...] = (200,)


def compare(
    server: GunicornServer | Nodes,
    pages: dict[str, str | Request],
    *,
    duration: float | None = None,
    concurrency: int | None = None,
    rounds: int | None = None,
    label: str = "",
) -> dict:
    """Measure the constant view and each page in turn, ``rounds`` times (interleaved, so that a
    slow moment of the machine hits all alike); keep each one's median round by req/s."""
    config = server.config
    duration = duration or config.duration
    concurrency = concurrency or config.concurrency
    rounds = rounds or config.rounds
    targets = {
        name: target if isinstance(target, Request) else Request(target)
        for name, target in {"constant": CONSTANT_PATH, **pages}.items()
    }
    for t in targets.values():  # warm up: imports, connections, caches
        measure(server.url, t.path, duration=1, concurrency=4, headers=t.headers,
                ok_statuses=t.ok_statuses)  # fmt: skip
    runs: dict[str, list[Measurement]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, t in targets.items():
            runs[name].append(
                measure(
                    server.url,
                    t.path,
                    duration=duration,
                    concurrency=concurrency,
                    headers=t.headers,
                    ok_statuses=t.ok_statuses,
                )
            )
    chosen = {
        name: sorted(results, key=lambda m: m.rps)[len(results) // 2]
        for name, results in runs.items()
    }
    constant = chosen["constant"]
    return {
        "label": label,
        "workers": config.workers,
        "concurrency": concurrency,
        "duration": duration,
        "rounds": rounds,
        "results": {
            name: {
                **asdict(m),
                "rps_ratio": round(m.rps / constant.rps, 3) if constant.rps else None,
                "p95_ratio": round(m.p95_ms / constant.p95_ms, 3) if constant.p95_ms else None,
            }
            for name, m in chosen.items()
        },
    }


def print_report(report: dict) -> None:
    print(
        f"\n== {report['label']}  (gunicorn {report['workers']} workers, "
        f"{report['concurrency']} concurrent clients, {report['duration']} s x "
        f"{report['rounds']} rounds, median round)"
    )
    print(
        f"{'page':<14}{'req/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'rps ratio':>11}{'p95 ratio':>11}"
    )
    for name, r in report["results"].items():
        print(
            f"{name:<14}{r['rps']!s:>10}{r['p50_ms']!s:>10}{r['p95_ms']!s:>10}"
            f"{r['rps_ratio']!s:>11}{r['p95_ratio']!s:>11}"
            + (f"  ({r['errors']} errors)" if r["errors"] else "")
        )


def save_report(name: str, reports: list[dict]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(reports, indent=2, ensure_ascii=False))
    return path


# Production's page cache (60 s) and none: what a visitor gets, and what rendering costs.
PAGE_CACHE_SCENARIOS = (("page cache on (60 s)", "60"), ("page cache off", "0"))


def page_cache_bench(
    *,
    name: str,
    seed: Callable[[BenchConfig], dict[str, str]],
    pages: dict[str, str | Request],
) -> list[dict]:
    """The usual benchmark of an area's pages: create and migrate dd_bench_<name>, run ``seed``,
    then measure ``pages`` against the constant view with the page cache on and off; print the
    tables and save them. ``seed`` returns the values the page map's paths and headers name
    ({"vendor": "12"} for "/market/{vendor}/")."""
    config = BenchConfig.from_env(name=name)
    prepare(config)
    values = seed(config)
    targets = {
        key: replace(target, path=target.path.format(**values),
                     headers=target.headers.format(**values))
        if isinstance(target, Request)
        else target.format(**values)
        for key, target in pages.items()
    }  # fmt: skip
    reports = []
    for label, seconds in PAGE_CACHE_SCENARIOS:
        with GunicornServer(config, PUBLIC_PAGE_CACHE_SECONDS=seconds) as server:
            report = compare(server, targets, label=f"{name}: {label}")
        print_report(report)
        reports.append(report)
    print(f"\nsaved {save_report(name, reports)}")
    return reports
