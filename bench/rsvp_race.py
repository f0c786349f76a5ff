"""Benchmark: many clients race through gunicorn for the last seats of an edition.

Self-contained: it prepares its own edition, users and sessions in the database named by
DATABASE_URL (PostgreSQL), starts gunicorn on 127.0.0.1, and per round releases all clients at
once on POST /en/rsvp/. It reports seats taken vs capacity (must be equal), waitlisted RSVPs,
errors (must be zero) and latency percentiles, and exits non-zero if a round broke a rule.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dd_attendees \\
        .venv/bin/python bench/rsvp_race.py --clients 100 --seats 20 --rounds 5 --workers 4

Options: --port (default 8121), --party-sizes 1,2 (each client books a random size from the
list; with mixed sizes the last seat may stay free when no waiting party fits it).

The rush at registration opening (issue 12), with the yardstick in the same run:

    .venv/bin/python bench/rsvp_race.py --clients 500 --seats 200 --rounds 3 --workers 4 --rush

With --rush each round also releases the same clients at once on POST /bench/insert, a minimal
signed-in view that inserts one row, and reports both throughputs (POSTs per second from the
release to the last answer) and their ratio (the goal: bookings >= 0.5x the yardstick).
"""

import argparse
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
BENCH_YEAR = 2099  # an edition no demo or real data uses


def setup_django():
    import django

    django.setup()


def prepare(*, clients: int, seats: int):
    """An open edition with ``seats`` seats and one signed-in session per client."""
    import datetime as dt

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from events.models import Edition
    from participants.models import Reminder, Rsvp, User

    if not settings.USING_POSTGRES:
        sys.exit("Set DATABASE_URL to a PostgreSQL database: this benchmark races on row locks.")
    now = timezone.now()
    # A run stopped half-way leaves its edition behind, with its messages.
    Reminder.objects.filter(edition__year=BENCH_YEAR).delete()
    Rsvp.objects.filter(edition__year=BENCH_YEAR).delete()
    Edition.objects.filter(year=BENCH_YEAR).delete()
    edition = Edition.objects.create(
        year=BENCH_YEAR,
        title="Benchmark",
        venue="Bench",
        capacity=seats,
        max_party_size=4,
        is_published=True,
        registration_opens_at=now - dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=1),
    )
    Rsvp.objects.filter(edition=edition).delete()
    sessions = []
    for n in range(clients):
        user, _ = User.objects.get_or_create(email=f"bench{n}@bench.invalid")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        sessions.append(session.session_key)
    return edition, sessions


def reset(edition) -> None:
    from events.models import AuditEntry
    from participants.models import Reminder, Rsvp

    Reminder.objects.filter(edition=edition).delete()
    Rsvp.objects.filter(edition=edition).delete()
    AuditEntry.objects.filter(target="bench.insert").delete()


def outcome(edition) -> dict:
    from django.db.models import Sum

    from participants.models import Rsvp

    rows = Rsvp.objects.filter(edition=edition, item__isnull=True)
    return {
        "taken": rows.filter(status__in=Rsvp.SEATED_STATUSES).aggregate(s=Sum("party_size"))["s"]
        or 0,
        "confirmed": rows.filter(status="confirmed").count(),
        "waitlisted": rows.filter(status="waitlisted").count(),
        "rows": rows.count(),
    }


def request(port: int, method: str, path: str, headers: dict, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def csrf_for(port: int, session_key: str) -> tuple[str, str]:
    """GET the form once (as a phone would) for its CSRF cookie and token."""
    status, headers, body = request(
        port, "GET", "/en/rsvp/", {"Cookie": f"sessionid={session_key}"}
    )
    if status != 200:
        sys.exit(f"GET /en/rsvp/ answered {status}; is the benchmark edition the current one?")
    cookie = next(
        value.split(";", 1)[0].split("=", 1)[1]
        for name, value in headers
        if name.lower() == "set-cookie" and value.startswith("csrftoken=")
    )
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    return cookie, token


def run_round(
    *,
    port: int,
    sessions: list[str],
    party_sizes: list[int],
    path: str = "/en/rsvp/",
    prepared: list | None = None,
) -> tuple[list, list, float]:
    prepared = prepared or [(key, *csrf_for(port, key)) for key in sessions]
    barrier = threading.Barrier(len(prepared) + 1)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(session_key: str, cookie: str, token: str) -> None:
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "party_size": random.choice(party_sizes)}
        )
        headers = {
            "Cookie": f"sessionid={session_key}; csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/en/rsvp/",
        }
        barrier.wait()
        started = time.perf_counter()
        try:
            status, _, _ = request(port, "POST", path, headers, body)
        except OSError as error:
            with lock:
                errors.append(repr(error))
            return
        elapsed = time.perf_counter() - started
        with lock:
            latencies.append(elapsed)
            if status != 302:
                errors.append(f"HTTP {status}")

    threads = [threading.Thread(target=client, args=args) for args in prepared]
    for thread in threads:
        thread.start()
    barrier.wait()
    released = time.perf_counter()
    for thread in threads:
        thread.join()
    return latencies, errors, time.perf_counter() - released


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seats", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8121)
    parser.add_argument("--party-sizes", default="1")
    parser.add_argument("--rush", action="store_true", help="compare with POST /bench/insert")
    args = parser.parse_args()
    party_sizes = [int(size) for size in args.party_sizes.split(",")]

    setup_django()
    edition, sessions = prepare(clients=args.clients, seats=args.seats)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "BENCH_CONSTANT_VIEW": "true" if args.rush else "false",
        # As in production (local settings turn the page cache off): the current edition is
        # kept per public-page version only where public pages are cached.
        "PUBLIC_PAGE_CACHE_SECONDS": os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "60"),
    }
    # Without DEBUG the manifest static storage needs collected files, as in production.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    failed = False
    try:
        for _ in range(50):
            try:
                if request(args.port, "GET", "/healthz", {})[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not start")
        print(
            f"{args.clients} clients, {args.seats} seats, {args.rounds} rounds, "
            f"{args.workers} gunicorn workers, party sizes {party_sizes}"
        )
        all_latencies: list[float] = []
        ratios: list[float] = []
        for number in range(1, args.rounds + 1):
            reset(edition)
            started = time.perf_counter()
            prepared = [(key, *csrf_for(args.port, key)) for key in sessions]
            latencies, errors, post_wall = run_round(
                port=args.port, sessions=sessions, party_sizes=party_sizes, prepared=prepared
            )
            wall = time.perf_counter() - started
            if args.rush:
                _yard, yard_errors, yard_wall = run_round(
                    port=args.port,
                    sessions=sessions,
                    party_sizes=party_sizes,
                    path="/bench/insert",
                    prepared=prepared,
                )
                bookings, yardstick = len(sessions) / post_wall, len(sessions) / yard_wall
                ratios.append(bookings / yardstick)
                print(
                    f"round {number} rush: bookings {bookings:.0f}/s, minimal insert "
                    f"{yardstick:.0f}/s (errors {len(yard_errors)}), "
                    f"ratio {bookings / yardstick:.2f}"
                )
            result = outcome(edition)
            all_latencies += latencies
            broken = result["taken"] > args.seats or errors or result["rows"] != args.clients
            if party_sizes == [1]:
                broken = broken or result["taken"] != args.seats
            failed = failed or bool(broken)
            print(
                f"round {number}: seats taken {result['taken']}/{args.seats}, "
                f"confirmed {result['confirmed']}, waitlisted {result['waitlisted']}, "
                f"rows {result['rows']}, errors {len(errors)}"
                f"{' ' + str(sorted(set(errors))) if errors else ''}, "
                f"p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
                f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
                f"max {max(latencies) * 1000:.0f} ms, round incl. form GETs {wall:.1f} s"
                + ("  <-- RULE BROKEN" if broken else "")
            )
        print(
            f"all rounds: p50 {percentile(all_latencies, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(all_latencies, 0.95) * 1000:.0f} ms, "
            f"mean {statistics.mean(all_latencies) * 1000:.0f} ms over {len(all_latencies)} "
            f"requests; {'FAILED' if failed else 'OK: capacity never exceeded, no errors'}"
        )
        if ratios:
            print(f"rush: booking/insert throughput ratio, median {statistics.median(ratios):.2f}")
    finally:
        server.terminate()
        server.wait(10)
        reset(edition)
        edition.delete()  # the benchmark edition would otherwise be the "current" one
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
