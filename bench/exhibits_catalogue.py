"""Benchmark: the public catalogue /exhibits/ against a constant response, in the same run.

2,000 published exhibits in PostgreSQL, Redis as the cache, gunicorn with 2 sync workers and
the production settings. Five addresses are measured in turn with the same concurrency: two
constant baselines (bench/exhibits_wsgi.py: plain WSGI, and a constant Django view behind the
whole middleware stack), the catalogue's first page, a Korean search and a facet filter. The
run is done twice: with the public page cache on (the production default) and off
(PUBLIC_PAGE_CACHE_SECONDS=0, every request renders and queries). Ratios are printed against
both baselines.

Run (PostgreSQL and Redis up):
    .venv/bin/python bench/exhibits_catalogue.py [--seconds 10] [--concurrency 4]
Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/dd_exhibits_bench,
created if missing), BENCH_REDIS_URL (default redis://127.0.0.1:6379/4), BENCH_PORT (8141).
Target: the catalogue's first page at no less than a third of the constant response's req/s.
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlparse

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dd_exhibits_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
PORT = int(os.environ.get("BENCH_PORT", "8141"))
EXHIBITS = 2000

TARGETS = [
    ("constant (WSGI)", "/__bench__/constant"),
    ("constant view", "/__bench__/django-constant"),
    ("catalogue", "/exhibits/"),
    ("search 배급", "/exhibits/?q=" + quote("배급")),
    ("facet category", "/exhibits/?category=clothing"),
]


def environment(cache_seconds: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="bench-" + secrets.token_urlsafe(32),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        CACHE_KEY_PREFIX="bench-exhibits",
        PUBLIC_PAGE_CACHE_SECONDS=str(cache_seconds),
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def ensure_database() -> None:
    import psycopg

    parsed = urlparse(DATABASE_URL)
    name = parsed.path.lstrip("/")
    admin_url = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


SEED = f"""
from django.db import transaction
from events.models import Edition
from exhibits.models import Display, Exhibit, ExhibitImage, Lender

CATEGORIES = ["documents", "photographs", "clothing", "household", "currency", "books"]
PROVINCES = ["north_hamgyong"] * 4 + ["ryanggang"] * 3 + ["south_hamgyong", "pyongyang"]
WORDS_KO = ["배급표", "교과서", "가족사진", "외투", "신발",
            "지폐", "도시락", "라디오", "등잔", "장갑"]
WORDS_EN = ["ration card", "textbook", "family photograph", "coat", "shoes", "banknote",
            "lunch box", "radio", "lamp", "mittens"]

with transaction.atomic():
    if Exhibit.objects.filter(is_published=True).count() != {EXHIBITS}:
        Display.objects.all().delete()
        ExhibitImage.objects.all().delete()
        Exhibit.objects.all().delete()
        Lender.objects.all().delete()
        lenders = Lender.objects.bulk_create(
            Lender(display_name=f"기증자 {{i}}", visibility=v, consent_web=True,
                   consent_web_on="2025-05-01", legal_name=f"Bench Legal {{i}}")
            for i, v in enumerate(["named", "pseudonym", "anonymous"] * 10)
        )
        edition, _ = Edition.objects.get_or_create(
            year=2025, defaults={{"date": "2025-07-14", "title_ko": "제2회 북한이탈주민의 날",
                                 "title_en": "North Korean Defectors' Day 2025",
                                 "venue_ko": "서울", "venue_en": "Seoul", "is_published": True}})
        exhibits = []
        for n in range({EXHIBITS}):
            word = n % len(WORDS_KO)
            exhibit = Exhibit(
                object_number=f"DD-{{2024 + n // 1000}}-{{n % 1000:03d}}",
                title_ko=f"{{WORDS_KO[word]}} {{n}}",
                title_en=f"{{WORDS_EN[word].title()}} {{n}}",
                description_ko="북에서 가져온 물건. " * 20,
                description_en="An object from the North. " * 20,
                story_ko="고향을 떠나던 날의 이야기. " * 15,
                story_en="The story of the day I left home. " * 15,
                category=CATEGORIES[n % len(CATEGORIES)], province=PROVINCES[n % len(PROVINCES)],
                year_left=1995 + n % 30, lender=lenders[n % len(lenders)],
                is_published=True, published_at="2025-06-01T00:00:00Z",
            )
            exhibit.search_text = exhibit.build_search_text()
            exhibits.append(exhibit)
        Exhibit.objects.bulk_create(exhibits, batch_size=500)
        created = list(Exhibit.objects.order_by("pk"))
        ExhibitImage.objects.bulk_create(
            ExhibitImage(exhibit=e, original="bench/o.jpg", thumbnail="bench/t.webp",
                         display="bench/d.webp", alt_text_ko="그림", alt_text_en="Picture")
            for e in created
        )
        Display.objects.bulk_create(
            Display(exhibit=e, edition=edition, order=i) for i, e in enumerate(created[::2])
        )
print("seeded", Exhibit.objects.filter(is_published=True).count(), "published exhibits")
"""


def seed(env: dict[str, str]) -> None:
    manage("migrate", "--noinput", "-v0", env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("shell", "-c", SEED, env=env)
    subprocess.run(["psql", DATABASE_URL, "-qc", "ANALYZE"], check=True)


def wait_until_up(path: str) -> None:
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", path)
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on port {PORT}")


def _client_loop(path: str, deadline: float) -> tuple[list[float], int]:
    """One client process: requests one after another until the deadline (no GIL shared)."""
    latencies, errors = [], 0
    while time.time() < deadline:
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            connection.close()
        except OSError:
            errors += 1
            continue
        if response.status != 200:
            errors += 1
            continue
        latencies.append(time.perf_counter() - started)
    return latencies, errors


def measure(path: str, *, seconds: float, concurrency: int) -> dict[str, float]:
    # Warm-up: workers connect to PostgreSQL and Redis, templates compile, the cache fills.
    for _ in range(20):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        connection.request("GET", path)
        connection.getresponse().read()
    started = time.perf_counter()
    deadline = time.time() + seconds
    with ProcessPoolExecutor(max_workers=concurrency) as pool:
        results = list(pool.map(_client_loop, [path] * concurrency, [deadline] * concurrency))
    elapsed = time.perf_counter() - started
    latencies = sorted(latency for mine, _errors in results for latency in mine)
    return {
        "requests": len(latencies),
        "errors": sum(errors for _mine, errors in results),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def run(cache_seconds: int, *, seconds: float, concurrency: int) -> list[tuple[str, dict]]:
    env = environment(cache_seconds)
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "bench.exhibits_wsgi:application",
            "--workers=2",
            f"--bind=127.0.0.1:{PORT}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_until_up("/__bench__/constant")
        return [
            (name, measure(path, seconds=seconds, concurrency=concurrency))
            for name, path in TARGETS
        ]
    finally:
        server.terminate()
        server.wait(timeout=20)


def report(title: str, results: list[tuple[str, dict]], *, against: int) -> None:
    baseline = results[against][1]
    print(f"\n{title} (ratios against {results[against][0]})")
    print(
        f"{'address':<16} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'req/s ratio':>12} {'p95 ratio':>10} errors"
    )
    for name, result in results:
        print(
            f"{name:<16} {result['rps']:>8.1f} {result['p50_ms']:>8.1f} {result['p95_ms']:>8.1f} "
            f"{result['rps'] / baseline['rps']:>12.2f} "
            f"{result['p95_ms'] / baseline['p95_ms']:>10.2f} {result['errors']}"
        )
    ratio = results[2][1]["rps"] / baseline["rps"]
    verdict = "meets" if ratio >= 1 / 3 else "MISSES"
    print(f"catalogue first page at {ratio:.2f} of {results[against][0]}: {verdict} the 1/3 target")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    ensure_database()
    seed(environment(60))
    cached = run(60, seconds=args.seconds, concurrency=args.concurrency)
    uncached = run(0, seconds=args.seconds, concurrency=args.concurrency)
    print(
        f"\n{EXHIBITS} exhibits, gunicorn 2 sync workers, concurrency {args.concurrency}, "
        f"{args.seconds:.0f} s per address"
    )
    for against in (0, 1):
        report(
            "Public page cache on (PUBLIC_PAGE_CACHE_SECONDS=60, Redis)", cached, against=against
        )
        report(
            "Public page cache off (every request renders and queries)", uncached, against=against
        )


if __name__ == "__main__":
    main()
