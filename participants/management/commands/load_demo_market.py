"""Demo market for the 2025 edition and the upcoming one (when load_demo has made it): vendors of
each visibility, applications in each state, permits, stalls and products. Safe to run again:
every row is found by a natural key first."""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from events.demo import VENUE, upcoming_year
from events.models import Edition, Stage
from participants.market.models import Category
from participants.market.selectors import seoul_today
from participants.models import Permit, Product, Stall, StallApplication, User, Vendor

DEMO_PASSWORD = "defectorsday2025"  # noqa: S105 - a published demo account, local use only

# number, zone, size, power, water
STALLS = [
    *[(n, "food", "standard", True, True) for n in range(1, 7)],
    *[(n, "liquor", "standard", True, False) for n in range(7, 11)],
    *[(n, "clothing", "large", False, False) for n in range(11, 15)],
    *[(n, "general", "small", False, False) for n in range(15, 21)],
]

VENDORS = [
    {
        "email": "vendor.onsong@example.org",
        "display_name_ko": "온성 두부밥",
        "display_name_en": "Onsong Tofu Rice",
        "description_ko": "함경북도 온성에서 먹던 두부밥과 인조고기밥을 만듭니다.",
        "description_en": "Tofu rice and injogogi-bap as made in Onsong, North Hamgyong.",
        "visibility": "named",
        "no_photography": False,
        "listed": True,
        "status": "approved",
        "stall": 2,
        "categories": ["food"],
        "needs": (True, True),
        "permits": [("food_report", "verified"), ("health_certificate", "verified")],
        "products": [
            ("두부밥", "Tofu rice (dubu-bap)", "food", 5000, "north_style", ("대두", "Soy"), None),
            (
                "인조고기밥",
                "Injogogi-bap (soy meat rice)",
                "food",
                5000,
                "north_style",
                ("대두, 밀", "Soy, wheat"),
                None,
            ),
            (
                "순대",
                "Sundae (blood sausage)",
                "food",
                8000,
                "north_style",
                ("돼지고기", "Pork"),
                None,
            ),
        ],
    },
    {
        "email": "vendor.hyesan@example.org",
        "display_name_ko": "혜산 들쭉",
        "display_name_en": "Hyesan Blueberry",
        "description_ko": "량강도의 들쭉으로 만든 술과 음료.",
        "description_en": "Liquor and drinks from Ryanggang's bog blueberries.",
        "visibility": "pseudonym",
        "no_photography": True,
        "listed": True,
        "status": "approved",
        "stall": 7,
        "categories": ["liquor"],
        "needs": (True, False),
        "permits": [("liquor_licence", "verified"), ("import_approval", "verified")],
        "products": [
            (
                "들쭉술",
                "Deuljjuk blueberry liquor",
                "liquor",
                25000,
                "north_imported",
                ("", ""),
                "16.0",
            ),
            ("들쭉 음료", "Blueberry drink", "food", 3000, "north_style", ("", ""), None),
        ],
    },
    {
        "email": "vendor.clothes@example.org",
        "display_name_ko": "회령 조선옷",
        "display_name_en": "Hoeryong Clothes",
        "description_ko": "북한식 조선옷(한복)과 털모자를 짓습니다.",
        "description_en": "North Korean style hanbok and fur hats, sewn in Seoul.",
        "visibility": "anonymous",
        "no_photography": True,
        "listed": True,
        "status": "approved",
        "stall": 11,
        "categories": ["clothing"],
        "needs": (False, False),
        "permits": [],
        "products": [
            (
                "조선옷(한복)",
                "Joseon-ot (hanbok)",
                "clothing",
                120000,
                "north_style",
                ("", ""),
                None,
            ),
            ("털모자", "Fur hat", "clothing", 45000, "north_style", ("", ""), None),
        ],
    },
    {
        "email": "vendor.embroidery@example.org",
        "display_name_ko": "평양 수예",
        "display_name_en": "Pyongyang Embroidery",
        "description_ko": "손으로 놓은 수예품.",
        "description_en": "Hand embroidery.",
        "visibility": "pseudonym",
        "no_photography": False,
        "listed": False,
        "status": "submitted",
        "stall": None,
        "categories": ["crafts"],
        "needs": (False, False),
        "permits": [],
        "products": [],
    },
    {
        "email": "vendor.noodles@example.org",
        "display_name_ko": "함흥 냉면",
        "display_name_en": "Hamhung Noodles",
        "description_ko": "",
        "description_en": "",
        "visibility": "named",
        "no_photography": False,
        "listed": False,
        "status": "info_requested",
        "stall": None,
        "categories": ["food"],
        "needs": (True, True),
        "permits": [("food_report", "pending")],
        "products": [],
        "organiser_note": "한시적 영업신고 스캔본이 흐립니다. 다시 첨부해 주세요.",
    },
    {
        "email": "vendor.tea@example.org",
        "display_name_ko": "개성 인삼",
        "display_name_en": "Kaesong Ginseng",
        "description_ko": "",
        "description_en": "",
        "visibility": "anonymous",
        "no_photography": False,
        "listed": False,
        "status": "waitlisted",
        "stall": None,
        "categories": ["other"],
        "needs": (False, False),
        "permits": [],
        "products": [],
        "organiser_note": "지금은 매대가 모두 찼습니다. 빈 매대가 생기면 연락드리겠습니다.",
    },
]


def _scan(kind: str) -> ContentFile:
    return ContentFile(f"%PDF-1.4\n% demo scan: {kind}\n".encode(), name=f"demo-{kind}.pdf")


class Command(BaseCommand):
    help = "Load the demo market (vendors, applications, permits, stalls, products) for 2025."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        edition, _ = Edition.objects.get_or_create(
            year=2025,
            defaults={
                "title_ko": "제2회 북한이탈주민의 날",
                "title_en": "The 2nd North Korean Defectors' Day",
                **VENUE,
                "is_published": True,
            },
        )
        editions = [edition]
        upcoming = Edition.objects.filter(year=upcoming_year()).first()
        if upcoming is not None and upcoming.year > edition.year:
            editions.append(upcoming)
        # Permits stay valid until after the next market day (liquor is listed only while the
        # vendor's licence is valid today).
        expires_on = dt.date(seoul_today().year + 1, 12, 31)
        for market_edition in editions:
            stalls = self._stalls(market_edition)
            for spec in VENDORS:
                self._vendor(market_edition, stalls, spec, expires_on=expires_on)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo market {market_edition.year}: {len(VENDORS)} vendors, "
                    f"{len(STALLS)} stalls."
                )
            )
        self.stdout.write(f"Vendor sign-in: vendor.onsong@example.org / {DEMO_PASSWORD}")

    def _stalls(self, edition: Edition) -> dict[int, Stall]:
        stage = Stage.objects.filter(edition=edition, kind=Stage.Kind.MARKET).first()
        if stage is None:
            stage = Stage.objects.create(
                edition=edition, kind=Stage.Kind.MARKET, name_ko="장터", name_en="Market", order=9
            )
        stalls = {}
        for number, zone, size, power, water in STALLS:
            stalls[number], _ = Stall.objects.update_or_create(
                stage=stage,
                number=number,
                defaults={"zone": zone, "size": size, "has_power": power, "has_water": water},
            )
        return stalls

    def _vendor(
        self, edition: Edition, stalls: dict[int, Stall], spec: dict, *, expires_on: dt.date
    ) -> None:
        user = User.objects.filter(email=spec["email"]).first()
        if user is None:
            # Published demo passwords only on a developer's laptop (DEBUG).
            user = User.objects.create_user(
                spec["email"], DEMO_PASSWORD if settings.DEBUG else None
            )
        EmailAddress.objects.update_or_create(
            user=user, email=spec["email"], defaults={"verified": True, "primary": True}
        )
        vendor, _ = Vendor.objects.update_or_create(
            owner=user,
            defaults={
                "display_name_ko": spec["display_name_ko"],
                "display_name_en": spec["display_name_en"],
                "description_ko": spec["description_ko"],
                "description_en": spec["description_en"],
                "visibility": spec["visibility"],
                "no_photography": spec["no_photography"],
                "is_listed": spec["listed"],
            },
        )
        for index, (kind, status) in enumerate(spec["permits"]):
            number = f"DEMO-{vendor.pk}-{index + 1}"
            permit = Permit.objects.filter(vendor=vendor, kind=kind, number=number).first()
            if permit is None:
                Permit.objects.create(
                    vendor=vendor,
                    kind=kind,
                    number=number,
                    expires_on=expires_on,
                    scan=_scan(kind),
                    scan_content_type="application/pdf",
                    status=status,
                )
            elif permit.expires_on < expires_on:
                Permit.objects.filter(pk=permit.pk).update(expires_on=expires_on)
        stall = stalls[spec["stall"]] if spec["stall"] else None
        needs_power, needs_water = spec["needs"]
        StallApplication.objects.update_or_create(
            vendor=vendor,
            edition=edition,
            defaults={
                **{f"sells_{c}": c in spec["categories"] for c in Category.values},
                "needs_power": needs_power,
                "needs_water": needs_water,
                "status": spec["status"],
                "organiser_note": spec.get("organiser_note", ""),
                "stall": stall,
            },
        )
        for name_ko, name_en, category, price, provenance, allergens, alcohol in spec["products"]:
            Product.objects.update_or_create(
                vendor=vendor,
                name_ko=name_ko,
                defaults={
                    "name_en": name_en,
                    "category": category,
                    "price_won": price,
                    "provenance": provenance,
                    "allergens_ko": allergens[0],
                    "allergens_en": allergens[1],
                    "alcohol_percent": Decimal(alcohol) if alcohol else None,
                },
            )
