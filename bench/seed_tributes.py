"""Seed the remembrance wall benchmark: a published edition with 10,000 approved tributes with
web consent (run by tributes_bench.py with production settings). Prints a tribute id."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Edition  # noqa: E402
from participants.models import Tribute, User  # noqa: E402

BENCH_YEAR = 2091
TRIBUTES = 10_000


@transaction.atomic
def seed() -> int:
    edition, created = Edition.objects.get_or_create(
        year=BENCH_YEAR,
        defaults={
            "title_ko": "벤치마크",
            "title_en": "Benchmark",
            "venue_ko": "서울",
            "is_published": True,
        },
    )
    if not created:
        return Tribute.objects.filter(edition=edition).first().pk
    writer = User.objects.create(email="bench-writer@example.invalid", password=make_password(None))
    now = timezone.now()
    Tribute.objects.bulk_create(
        Tribute(
            author=writer,
            edition=edition,
            text=f"어머니, 보고 싶습니다. 두만강을 건너던 밤을 잊지 않겠습니다. ({i})",
            addressee="어머니께",
            signature_kind="pseudonym",
            pseudonym="봄비",
            signature="봄비",
            province="north_hamgyong",
            consent_web=True,
            consent_screen=True,
            status="approved",
            published_at=now,
        )
        for i in range(TRIBUTES)
    )
    return Tribute.objects.filter(edition=edition).first().pk


if __name__ == "__main__":
    print(seed())
