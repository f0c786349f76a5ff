"""Seed the exhibits benchmark: 2,000 published exhibits with an image each, 30 lenders of
every visibility, half of them displayed at the 2025 edition (run by exhibits_bench.py)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

EXHIBITS = 2000

from django.db import connection, transaction  # noqa: E402

from events.models import Edition  # noqa: E402
from exhibits.models import Display, Exhibit, ExhibitImage, Lender  # noqa: E402

CATEGORIES = ["documents", "photographs", "clothing", "household", "currency", "books"]
PROVINCES = ["north_hamgyong"] * 4 + ["ryanggang"] * 3 + ["south_hamgyong", "pyongyang"]
WORDS_KO = [
    "배급표",
    "교과서",
    "가족사진",
    "외투",
    "신발",
    "지폐",
    "도시락",
    "라디오",
    "등잔",
    "장갑",
]
WORDS_EN = [
    "ration card",
    "textbook",
    "family photograph",
    "coat",
    "shoes",
    "banknote",
    "lunch box",
    "radio",
    "lamp",
    "mittens",
]

with transaction.atomic():
    if Exhibit.objects.filter(is_published=True).count() != EXHIBITS:
        Display.objects.all().delete()
        ExhibitImage.objects.all().delete()
        Exhibit.objects.all().delete()
        Lender.objects.all().delete()
        lenders = Lender.objects.bulk_create(
            Lender(
                display_name=f"기증자 {i}",
                visibility=v,
                consent_web=True,
                consent_web_on="2025-05-01",
                legal_name=f"Bench Legal {i}",
            )
            for i, v in enumerate(["named", "pseudonym", "anonymous"] * 10)
        )
        edition, _ = Edition.objects.get_or_create(
            year=2025,
            defaults={
                "date": "2025-07-14",
                "title_ko": "제2회 북한이탈주민의 날",
                "title_en": "North Korean Defectors' Day 2025",
                "venue_ko": "서울",
                "venue_en": "Seoul",
                "is_published": True,
            },
        )
        exhibits = []
        for n in range(EXHIBITS):
            word = n % len(WORDS_KO)
            exhibit = Exhibit(
                object_number=f"DD-{2024 + n // 1000}-{n % 1000:03d}",
                title_ko=f"{WORDS_KO[word]} {n}",
                title_en=f"{WORDS_EN[word].title()} {n}",
                description_ko="북에서 가져온 물건. " * 20,
                description_en="An object from the North. " * 20,
                story_ko="고향을 떠나던 날의 이야기. " * 15,
                story_en="The story of the day I left home. " * 15,
                category=CATEGORIES[n % len(CATEGORIES)],
                province=PROVINCES[n % len(PROVINCES)],
                year_left=1995 + n % 30,
                lender=lenders[n % len(lenders)],
                is_published=True,
                published_at="2025-06-01T00:00:00Z",
            )
            exhibit.search_text = exhibit.build_search_text()
            exhibits.append(exhibit)
        Exhibit.objects.bulk_create(exhibits, batch_size=500)
        created = list(Exhibit.objects.order_by("pk"))
        ExhibitImage.objects.bulk_create(
            ExhibitImage(
                exhibit=e,
                original="bench/o.jpg",
                thumbnail="bench/t.webp",
                display="bench/d.webp",
                alt_text_ko="그림",
                alt_text_en="Picture",
            )
            for e in created
        )
        Display.objects.bulk_create(
            Display(exhibit=e, edition=edition, order=i) for i, e in enumerate(created[::2])
        )
print("seeded", Exhibit.objects.filter(is_published=True).count(), "published exhibits")
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
