"""Benchmark of the public market (/market/) against a constant response, in one run.

What it does:
  1. seeds a bench edition (year 2090, published, so it is the current edition) with 200
     listed, approved and placed vendors and 2,000 products (10 each), unless already there;
  2. collects static files and starts gunicorn (2 workers, production settings) on
     bench/market_wsgi.py, which answers /bench/constant itself and hands the rest to Django;
  3. loads each URL with keep-alive clients in separate processes for a fixed time and prints
     requests per second, median and p95 latency, and the ratios to the constant response;
  4. does it twice: with the public page cache on (production default) and off (every request
     renders the page from PostgreSQL), then removes the bench edition unless --keep.

Run (PostgreSQL and Redis required):
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/dd_vendors REDIS_URL=redis://127.0.0.1:6379/5 \
    .venv/bin/python bench/market_bench.py [--seconds 10] [--clients 4] [--port 8151] [--keep]
"""

import argparse
import http.client
import multiprocessing
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_YEAR = 2090
VENDORS = 200
PRODUCTS_EACH = 10


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()


def seed() -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from events.models import Edition, Stage
    from participants.models import Product, Stall, StallApplication, User, Vendor

    if Edition.objects.filter(year=BENCH_YEAR).exists():
        return
    with transaction.atomic():
        edition = Edition.objects.create(
            year=BENCH_YEAR,
            title_ko="벤치마크",
            title_en="Benchmark",
            venue_ko="서울",
            is_published=True,
        )
        stage = Stage.objects.create(
            edition=edition, kind="market", name_ko="장터", name_en="Market"
        )
        users = User.objects.bulk_create(
            User(email=f"bench-vendor-{i}@example.invalid", password=make_password(None))
            for i in range(VENDORS)
        )
        vendors = Vendor.objects.bulk_create(
            Vendor(
                owner=user,
                display_name_ko=f"벤치 가게 {i}",
                display_name_en=f"Bench shop {i}",
                description_ko="북한식 음식과 공예품을 팝니다.",
                visibility=("named", "pseudonym", "anonymous")[i % 3],
                no_photography=i % 4 == 0,
                is_listed=True,
            )
            for i, user in enumerate(users)
        )
        stalls = Stall.objects.bulk_create(
            Stall(stage=stage, number=i + 1, zone="general") for i in range(VENDORS)
        )
        StallApplication.objects.bulk_create(
            StallApplication(
                vendor=vendor, edition=edition, sells_crafts=True, status="approved", stall=stall
            )
            for vendor, stall in zip(vendors, stalls, strict=True)
        )
        Product.objects.bulk_create(
            Product(
                vendor=vendor,
                name_ko=f"상품 {n}",
                name_en=f"Product {n}",
                category="crafts",
                price_won=1000 * (n + 1),
                provenance=("north_imported", "north_style", "other")[n % 3],
                allergens="",
            )
            for vendor in vendors
            for n in range(PRODUCTS_EACH)
        )


def cleanup() -> None:
    from events.models import Edition
    from participants.models import User

    Edition.objects.filter(year=BENCH_YEAR).delete()
    User.objects.filter(
        email__startswith="bench-vendor-", email__endswith="@example.invalid"
    ).delete()


def _client(args: tuple[str, int, str, float]) -> list[float]:
    host, port, path, seconds = args
    connection = http.client.HTTPConnection(host, port, timeout=30)
    latencies = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200 or not body:
            raise RuntimeError(f"{path}: HTTP {response.status}")
        latencies.append(time.perf_counter() - started)
    connection.close()
    return latencies


def load(port: int, path: str, seconds: float, clients: int) -> dict:
    _client(("127.0.0.1", port, path, 1.0))  # warm-up: imports, connections, cache fill
    started = time.perf_counter()
    with multiprocessing.Pool(clients) as pool:
        results = pool.map(_client, [("127.0.0.1", port, path, seconds)] * clients)
    elapsed = time.perf_counter() - started
    latencies = sorted(x for result in results for x in result)
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": latencies[int(len(latencies) * 0.95) - 1] * 1000,
    }


def gunicorn(port: int, cache_seconds: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "PUBLIC_PAGE_CACHE_SECONDS": str(cache_seconds),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "bench.market_wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(ROOT),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/bench/constant")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.1)
    process.terminate()
    raise RuntimeError("gunicorn did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=8151)
    parser.add_argument("--keep", action="store_true", help="keep the bench edition afterwards")
    options = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get(
        "REDIS_URL"
    ):
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the bench runs like production.")

    django_setup()
    seed()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
    )
    paths = {"constant": "/bench/constant", "market": "/market/", "market_en": "/en/market/"}
    try:
        for label, cache_seconds in (("page cache on", 60), ("page cache off", 0)):
            server = gunicorn(options.port, cache_seconds)
            try:
                results = {
                    name: load(options.port, path, options.seconds, options.clients)
                    for name, path in paths.items()
                }
            finally:
                server.terminate()
                server.wait(timeout=10)
            base = results["constant"]
            print(
                f"\n== {label}: {VENDORS} vendors, {VENDORS * PRODUCTS_EACH} products, "
                f"{options.clients} clients x {options.seconds:.0f} s, gunicorn 2 workers"
            )
            print(
                f"{'path':<12} {'req/s':>9} {'median ms':>10} {'p95 ms':>8} "
                f"{'req/s ratio':>12} {'p95 ratio':>10}"
            )
            for name, row in results.items():
                print(
                    f"{name:<12} {row['rps']:>9.1f} {row['median_ms']:>10.2f} "
                    f"{row['p95_ms']:>8.2f} {row['rps'] / base['rps']:>12.3f} "
                    f"{row['p95_ms'] / base['p95_ms']:>10.1f}"
                )
    finally:
        if not options.keep:
            cleanup()


if __name__ == "__main__":
    main()
