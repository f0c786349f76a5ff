"""Seed the benchmark database: a published edition with 8 stages and 200 programme items,
each with two performers (run by programme_bench.py with production settings)."""

import datetime as dt
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.db import transaction  # noqa: E402

from events.models import (  # noqa: E402
    SEOUL,
    Appearance,
    Edition,
    Performer,
    ProgramItem,
    Stage,
    defectors_day,
)
from events.privacy import Visibility  # noqa: E402

ITEMS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
STAGES = 8


@transaction.atomic
def seed() -> None:
    from participants.models import Rsvp  # the signed-in visitor's bookings (a later run's)

    Rsvp.objects.all().delete()
    ProgramItem.objects.all().delete()
    Edition.objects.all().delete()
    Performer.objects.all().delete()
    edition = Edition.objects.create(
        year=2025,
        date=defectors_day(2025),
        title_ko="제2회 북한이탈주민의 날",
        title_en="North Korean Defectors' Day 2025",
        venue_ko="서울",
        venue_en="Seoul",
        summary_ko="벤치마크용 회차입니다.",
        is_published=True,
    )
    stages = [
        Stage.objects.create(edition=edition, name_ko=f"무대 {n}", name_en=f"Stage {n}", order=n)
        for n in range(STAGES)
    ]
    visibilities = list(Visibility.values)
    # Two performers per stage, so that no performer is in two overlapping items.
    performers = Performer.objects.bulk_create(
        Performer(
            display_name=f"출연자 {n}",
            visibility=visibilities[n % 3],
            legal_name=f"비공개 {n}",
            is_published=True,
        )
        for n in range(STAGES * 2)
    )
    per_stage = -(-ITEMS // STAGES)
    minutes = min(30, (14 * 60) // per_stage)
    items = []
    for n in range(ITEMS):
        stage_index, slot = n % STAGES, n // STAGES
        start = dt.datetime(2025, 7, 14, 8, tzinfo=SEOUL) + dt.timedelta(minutes=slot * minutes)
        items.append(
            ProgramItem(
                edition=edition,
                stage=stages[stage_index],
                kind=ProgramItem.Kind.values[n % 5],
                title_ko=f"순서 {n}",
                title_en=f"Item {n}",
                description_ko="설명 " * 20,
                starts_at=start,
                ends_at=start + dt.timedelta(minutes=minutes),
                capacity=100 if n % 3 == 0 else None,
                is_published=True,
            )
        )
    items = ProgramItem.objects.bulk_create(items)
    Appearance.objects.bulk_create(
        Appearance(item=item, performer=performers[(n % STAGES) * 2 + k], order=k)
        for n, item in enumerate(items)
        for k in range(2)
    )
    print(f"seeded {ProgramItem.objects.count()} items on {STAGES} stages")


if __name__ == "__main__":
    seed()
