"""The market in the open-data API: listed vendors with approved stalls, public products."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    EditionFactory,
    MarketStageFactory,
    PermitFactory,
    ProductFactory,
    StallFactory,
    VendorFactory,
    approved_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def market():
    edition = EditionFactory(year=2025)
    stage = MarketStageFactory(edition=edition)
    food = approved_application(
        edition=edition,
        vendor=VendorFactory(display_name_ko="온성 두부밥", display_name_en="Onsong tofu rice"),
        stall=StallFactory(stage=stage, number=3),
        sells_food=True,
        sells_liquor=True,
    )
    ProductFactory(vendor=food.vendor, name_ko="두부밥", category="food", provenance="north_style")
    ProductFactory(vendor=food.vendor, name_ko="들쭉술", category="liquor")
    crafts = approved_application(
        edition=edition, vendor=VendorFactory(), stall=StallFactory(stage=stage, number=1)
    )
    ProductFactory(vendor=crafts.vendor, name_ko="자수", provenance="north_imported")
    return {"edition": edition, "food": food}


def test_api_vendors_lists_listed_vendors_in_stall_order(client, market):
    body = client.get("/api/v1/editions/2025/vendors").json()

    assert [(v["stall"]["number"], v["stall"]["area"]) for v in body["results"]] == [
        (1, "장터"),
        (3, "장터"),
    ]
    food = body["results"][1]
    assert (food["name"], food["categories"]) == ("온성 두부밥", ["food", "liquor", "crafts"])
    # Liquor is listed only while the vendor holds a verified licence.
    assert [p["name"] for p in food["products"]] == ["두부밥"]


def test_api_vendors_show_liquor_with_a_licence(client, market):
    PermitFactory(vendor=market["food"].vendor, kind="liquor_licence")

    food = client.get(f"/api/v1/editions/2025/vendors/{market['food'].vendor.pk}").json()

    assert sorted(p["name"] for p in food["products"]) == ["두부밥", "들쭉술"]


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("category=food", ["온성 두부밥"]),
        ("provenance=north_imported", ["가게"]),
    ],
)
def test_api_vendors_filter_by_category_and_provenance(client, market, query, names):
    body = client.get(f"/api/v1/editions/2025/vendors?{query}").json()

    assert [v["name"][: len(names[0])] for v in body["results"]] == names


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/editions/2025/vendors?provenance=mars", 422),
        ("/api/v1/editions/2025/vendors?category=weapons", 422),
        ("/api/v1/editions/1999/vendors", 404),
        ("/api/v1/editions/2025/vendors/999999", 404),
        ("/api/v1/editions/2025/vendors?stall=1", 400),
    ],
)
def test_api_vendors_bad_input_is_a_json_4xx(client, market, path, status):
    response = client.get(path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


def test_api_unlisted_vendor_is_not_shown(client, market):
    market["food"].vendor.is_listed = False
    market["food"].vendor.save()

    body = client.get("/api/v1/editions/2025/vendors").json()

    assert body["count"] == 1
    assert (
        client.get(f"/api/v1/editions/2025/vendors/{market['food'].vendor.pk}").status_code == 404
    )


def test_api_vendors_query_count_does_not_grow(client, market):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/editions/2025/vendors?limit=200").status_code == 200
        return len(captured)

    few = queries()
    stage = market["edition"].stages.get()
    for number in range(10, 20):
        application = approved_application(
            edition=market["edition"], stall=StallFactory(stage=stage, number=number)
        )
        ProductFactory(vendor=application.vendor)
    many = queries()

    assert many == few
