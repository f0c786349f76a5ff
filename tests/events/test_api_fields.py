"""Nothing private can be read through the API: every schema's fields are compared with an
allow-list written here by hand, and every endpoint is read with private sentinels planted in
every private field of every kind of row."""

import datetime as dt

import pytest

from tests.factories import (
    AppearanceFactory,
    DisplayFactory,
    EditionFactory,
    ExhibitFactory,
    ExhibitImageFactory,
    LenderFactory,
    MarketStageFactory,
    PerformerFactory,
    ProductFactory,
    ProgramItemFactory,
    StageFactory,
    StallFactory,
    VendorFactory,
    approved_application,
    seoul,
)

pytestmark = pytest.mark.django_db

# The public fields of each shape, as decided in DESIGN.md's privacy rules. A new field in a
# schema fails this test until it is added here, on purpose.
ALLOWED = {
    "EditionOut": {
        "year", "date", "title", "theme", "venue", "address", "summary", "how_to_attend", "url",
        "schedule_xml", "schedule_json", "calendar",
    },
    "StageOut": {"id", "name", "kind", "kind_label", "capacity", "accessibility_notes"},
    "StageRefOut": {"id", "name"},
    "PerformerOut": {"name", "role", "photo_url"},
    "ItemOut": {
        "id", "guid", "edition", "kind", "kind_label", "title", "description", "starts_at",
        "ends_at", "stage", "performers", "seat_booking", "url", "calendar",
    },
    "ImageOut": {"alt", "width", "height", "thumbnail_url", "display_url"},
    "ExhibitOut": {
        "object_number", "title", "description", "story", "category", "category_label",
        "materials", "dimensions", "period_made", "province", "province_label", "year_left",
        "credit_line", "editions", "images", "url",
    },
    "ProductOut": {
        "id", "name", "description", "category", "category_label", "price_won", "is_available",
        "provenance", "provenance_label", "allergens", "alcohol_percent", "photo_url",
    },
    "StallOut": {"number", "area"},
    "VendorOut": {
        "id", "name", "description", "categories", "no_photography", "stall", "products", "url",
    },
    "EditionPage": {"count", "limit", "offset", "results"},
    "StagePage": {"count", "limit", "offset", "results"},
    "ItemPage": {"count", "limit", "offset", "results"},
    "ExhibitPage": {"count", "limit", "offset", "results"},
    "VendorPage": {"count", "limit", "offset", "results"},
    "ErrorOut": {"detail"},
    "UnknownParameterOut": {"detail", "allowed"},
    "ValidationErrorOut": {"detail", "errors"},
    "FieldErrorOut": {"loc", "msg"},
    "PageIn": {"limit", "offset"},  # input: the pagination parameters
}  # fmt: skip


def test_api_every_schema_has_exactly_its_allowed_fields(client):
    components = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    objects = {
        name: set(schema.get("properties", {}))
        for name, schema in components.items()
        if schema.get("type") == "object"
    }

    assert objects == ALLOWED


SECRET = "SECRET"


@pytest.fixture
def everything_with_secrets():
    """One row of every kind, each private field holding SECRET."""
    edition = EditionFactory(year=2025)
    stage = StageFactory(edition=edition)
    item = ProgramItemFactory(edition=edition, stage=stage, starts_at=seoul(edition, 10))
    for visibility in ("named", "pseudonym", "anonymous"):
        AppearanceFactory(
            item=item,
            performer=PerformerFactory(
                display_name=f"{visibility}-{SECRET}" if visibility == "anonymous" else visibility,
                visibility=visibility,
                legal_name=SECRET,
                contact_email=f"{SECRET.lower()}@example.org",
                contact_phone=SECRET,
            ),
        )
    AppearanceFactory(
        item=item,
        performer=PerformerFactory(display_name=f"unpublished-{SECRET}", is_published=False),
    )
    ProgramItemFactory(
        edition=edition,
        stage=stage,
        title_ko=f"draft-{SECRET}",
        is_published=False,
        starts_at=seoul(edition, 12),
    )
    EditionFactory(year=2026, title_ko=f"draft-{SECRET}", is_published=False)
    lender = LenderFactory(
        display_name=f"no-web-consent-{SECRET}",
        consent_web=False,
        consent_web_on=None,
        legal_name=SECRET,
        contact_email=f"{SECRET.lower()}@example.org",
        private_notes=SECRET,
    )
    exhibit = ExhibitFactory(
        object_number="DD-2025-001",
        lender=lender,
        place_of_origin=f"village-{SECRET}",
        condition_note=SECRET,
        loan_received_on=dt.date(2025, 5, 1),
    )
    DisplayFactory(exhibit=exhibit, edition=edition, location_ko=SECRET, showcase=SECRET)
    ExhibitImageFactory(exhibit=exhibit, alt_text_ko="공개 사진", alt_text_en="Public photo")
    ExhibitImageFactory(exhibit=exhibit, alt_text_ko=f"face-{SECRET}", shows_identifying=True)
    ExhibitFactory(object_number="DD-2025-002", title_ko=f"draft-{SECRET}", is_published=False)
    market = MarketStageFactory(edition=edition)
    application = approved_application(
        edition=edition,
        vendor=VendorFactory(legal_name=SECRET, contact_phone=SECRET, contact_email="s@x.org"),
        stall=StallFactory(stage=market),
        note=SECRET,
        organiser_note=SECRET,
    )
    ProductFactory(vendor=application.vendor)
    ProductFactory(vendor=application.vendor, category="liquor", name_ko=f"unlicensed-{SECRET}")
    hidden = VendorFactory(display_name_ko=f"unlisted-{SECRET}", is_listed=False)
    approved_application(edition=edition, vendor=hidden, stall=StallFactory(stage=market))
    return {"item": item, "vendor": application.vendor}


def test_api_never_returns_a_private_value(client, everything_with_secrets):
    item, vendor = everything_with_secrets["item"], everything_with_secrets["vendor"]
    paths = [
        "/api/v1/editions",
        "/api/v1/editions/2025",
        "/api/v1/editions/2025/stages",
        "/api/v1/editions/2025/items",
        f"/api/v1/items/{item.pk}",
        "/api/v1/exhibits",
        "/api/v1/exhibits/DD-2025-001",
        "/api/v1/editions/2025/vendors",
        f"/api/v1/editions/2025/vendors/{vendor.pk}",
        "/2025/schedule.xml",
        "/2025/schedule.json",
    ]

    responses = {path: client.get(path) for path in paths}
    for lang in ("ko", "en"):
        responses |= {f"{p}?lang={lang}": client.get(p, {"lang": lang}) for p in paths}

    assert {path: r.status_code for path, r in responses.items()} == dict.fromkeys(responses, 200)
    leaks = {
        path: response.content.decode()
        for path, response in responses.items()
        if SECRET.lower() in response.content.decode().lower()
    }
    assert leaks == {}


def test_api_exhibit_credit_line_follows_web_consent(client, everything_with_secrets):
    exhibit = client.get("/api/v1/exhibits/DD-2025-001").json()

    assert exhibit["credit_line"] == "익명 소장자"
    assert [image["alt"] for image in exhibit["images"]] == ["공개 사진"]
    assert exhibit["province"] == "north_hamgyong"
    assert exhibit["editions"] == [2025]
