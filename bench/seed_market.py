"""Seed the market benchmark: a published edition with 200 listed, approved and placed vendors
and 2,000 products, 10 each (run by market_bench.py with production settings)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from events.models import Edition, Stage  # noqa: E402
from participants.models import Product, Stall, StallApplication, User, Vendor  # noqa: E402

BENCH_YEAR = 2090
VENDORS = 200
PRODUCTS_EACH = 10


@transaction.atomic
def seed() -> None:
    if Edition.objects.filter(year=BENCH_YEAR).exists():
        return
    edition = Edition.objects.create(
        year=BENCH_YEAR,
        title_ko="벤치마크",
        title_en="Benchmark",
        venue_ko="서울",
        is_published=True,
    )
    stage = Stage.objects.create(edition=edition, kind="market", name_ko="장터", name_en="Market")
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


seed()
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
vendor = Vendor.objects.filter(owner__email="bench-vendor-7@example.invalid").get()
print(vendor.pk)
