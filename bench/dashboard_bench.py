"""The edition dashboard at the issue's size: 10,000 RSVPs and 100,000 reminders on PostgreSQL.
Renders the admin index (the dashboard above the app list) in-process with Django's test client
and reports the median, p95 and query count of 30 renders (the issue asks < 300 ms).

Run: .venv/bin/python bench/dashboard_bench.py   (BENCH_DATABASE_URL, see bench/README.md)
"""

import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault(
    "DATABASE_URL",
    os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dd_bench_dashboard"),
)

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Edition, defectors_day  # noqa: E402
from participants.models import Reminder, Rsvp, User  # noqa: E402

YEAR, RSVPS, REMINDERS = 2092, 10_000, 100_000


def seed() -> User:
    call_command("migrate", verbosity=0)
    organiser, _ = User.objects.get_or_create(
        email="bench-organiser@example.invalid",
        defaults={"is_staff": True, "is_superuser": True, "password": make_password(None)},
    )
    edition, created = Edition.objects.get_or_create(
        year=YEAR,
        defaults={
            "date": defectors_day(YEAR),
            "title_ko": "벤치마크",
            "venue_ko": "서울",
            "is_published": True,
            "capacity": 20_000,
        },
    )
    if created:
        users = User.objects.bulk_create(
            User(email=f"bench-dash-{i}@example.invalid", password=make_password(None))
            for i in range(RSVPS)
        )
        now = timezone.now()
        Rsvp.objects.bulk_create(
            Rsvp(
                user=user,
                edition=edition,
                party_size=1 + i % 3,
                status="checked_in" if i % 4 == 0 else "confirmed",
                checked_in_at=now if i % 4 == 0 else None,
                needs_wheelchair=i % 50 == 0,
                ticket_code=f"bench{i:011d}",
            )
            for i, user in enumerate(users)
        )
        Reminder.objects.bulk_create(
            Reminder(
                kind="edition_day_before",
                key=f"bench-dash-{i}",
                recipient_email=f"r{i}@example.invalid",
                edition=edition,
                due_at=now + dt.timedelta(minutes=i % 5000),
                status="sent" if i % 3 else "pending",
                sent_at=now if i % 3 else None,
            )
            for i in range(REMINDERS)
        )
    return organiser


def main() -> None:
    setup_test_environment()
    organiser = seed()
    client = Client()
    client.force_login(organiser)
    timings = []
    client.get(f"/admin/?edition={YEAR}")
    for _ in range(30):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(f"/admin/?edition={YEAR}")
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    timings.sort()
    print(
        f"dashboard with {RSVPS:,} RSVPs and {REMINDERS:,} reminders: "
        f"median {statistics.median(timings):.0f} ms, "
        f"p95 {timings[int(len(timings) * 0.95) - 1]:.0f} ms, "
        f"{len(queries.captured_queries)} queries"
    )


if __name__ == "__main__":
    main()
