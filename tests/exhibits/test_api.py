"""The catalogue in the open-data API: published exhibits, filters, public images, consent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    DisplayFactory,
    EditionFactory,
    ExhibitFactory,
    ExhibitImageFactory,
    LenderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    edition = EditionFactory(year=2025)
    ration = ExhibitFactory(
        object_number="DD-2024-001",
        title_ko="배급표",
        title_en="Ration card",
        category="documents",
        province="north_hamgyong",
        lender=LenderFactory(display_name="김철수"),
    )
    ExhibitFactory(
        object_number="DD-2024-002",
        title_ko="치마저고리",
        title_en="Chima jeogori",
        category="clothing",
        province="ryanggang",
    )
    ExhibitFactory(object_number="DD-2024-003", is_published=False)
    DisplayFactory(exhibit=ration, edition=edition)
    ExhibitImageFactory(exhibit=ration, alt_text_ko="종이 배급표", alt_text_en="A paper card")
    return edition


def test_api_exhibits_lists_published_exhibits_with_images_and_credit(client, catalogue):
    body = client.get("/api/v1/exhibits?lang=en").json()

    assert body["count"] == 2
    ration = body["results"][0]
    assert (ration["object_number"], ration["title"], ration["credit_line"]) == (
        "DD-2024-001",
        "Ration card",
        "김철수",
    )
    assert ration["editions"] == [2025]
    assert [(i["alt"], i["thumbnail_url"].startswith("http://127.0.0.1:8000/en/exhibits/images/"))
            for i in ration["images"]] == [("A paper card", True)]  # fmt: skip


@pytest.mark.parametrize(
    ("query", "numbers"),
    [
        ("category=clothing", ["DD-2024-002"]),
        ("province=north_hamgyong", ["DD-2024-001"]),
        ("edition=2025", ["DD-2024-001"]),
        ("edition=2030", []),
    ],
)
def test_api_exhibits_filters_as_the_catalogue_does(client, catalogue, query, numbers):
    body = client.get(f"/api/v1/exhibits?{query}").json()

    assert [exhibit["object_number"] for exhibit in body["results"]] == numbers


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/exhibits?category=weapons", 422),
        ("/api/v1/exhibits?province=seoul", 422),
        ("/api/v1/exhibits?q=rice", 400),
        ("/api/v1/exhibits/DD-2024-003", 404),
        ("/api/v1/exhibits/not-a-number", 422),
    ],
)
def test_api_exhibits_bad_input_is_a_json_4xx(client, catalogue, path, status):
    response = client.get(path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")


def test_api_exhibits_withdrawn_web_consent_hides_the_lender_at_once(client, catalogue):
    LenderFactory._meta.model.objects.filter(display_name="김철수").update(consent_web=False)

    exhibit = client.get("/api/v1/exhibits/DD-2024-001").json()

    assert exhibit["credit_line"] == "익명 소장자"


def test_api_exhibits_query_count_does_not_grow(client, catalogue):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/exhibits?limit=200").status_code == 200
        return len(captured)

    few = queries()
    for n in range(10, 20):
        ExhibitImageFactory(exhibit=ExhibitFactory(object_number=f"DD-2024-{n:03d}"))
    many = queries()

    assert many == few
