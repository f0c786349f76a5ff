"""Seed the day for live_bench.py, after seed_programme.py: the first item of every stage gets a
seven-step running order (the memorial ceremony's 식순), and every stage a live state with a
delay, so that /now/ and its JSON carry segments, live times and delays."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.db import transaction  # noqa: E402

from events.live.models import ItemLive, Segment, StageLive  # noqa: E402
from events.models import ProgramItem, Stage  # noqa: E402

STEPS = [
    ("rite", 1, "개식 선언", "Opening declaration"),
    ("rite", 2, "국민의례", "National rites"),
    ("silence", 1, "묵념", "A moment of silence"),
    ("address", 6, "기념사", "Commemorative address"),
    ("testimony", 6, "증언", "Testimony"),
    ("performance", 8, "추모 공연", "Memorial performance"),
    ("rite", 1, "폐식", "Closing"),
]


@transaction.atomic
def seed() -> None:
    Segment.objects.all().delete()
    StageLive.objects.all().delete()
    ItemLive.objects.all().delete()
    for stage in Stage.objects.all():
        items = list(ProgramItem.objects.filter(stage=stage).order_by("starts_at"))
        Segment.objects.bulk_create(
            Segment(
                item=items[0],
                order=n * 10,
                kind=kind,
                duration_minutes=minutes,
                title_ko=title_ko,
                title_en=title_en,
                mc_script_ko="사회자 멘트",
            )
            for n, (kind, minutes, title_ko, title_en) in enumerate(STEPS, start=1)
        )
        StageLive.objects.create(stage=stage, delay_minutes=10, version=3)
        ItemLive.objects.bulk_create(
            ItemLive(item=item, starts_at=item.starts_at, ends_at=item.ends_at)
            for item in items[1:]
        )
    print(f"seeded {Segment.objects.count()} segments on {Stage.objects.count()} stages")


if __name__ == "__main__":
    seed()
