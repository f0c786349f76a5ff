"""The programme's part of the open-data API: content, filters, pagination, languages, bad
input as JSON 4xx, conditional requests, CORS, the rate limit and constant query counts."""

import pytest
from django.utils.http import http_date

from events.common.caching import public_pages_changed
from events.models import ProgramItem
from events.opendata.selectors import program_item_guid
from events.privacy import Visibility
from tests.events.conftest import add_items_with_a_performer
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(edition, concert):
    """The conftest's edition and concert, a talk in the hall with a named host and an anonymous
    guest, and an unpublished draft."""
    hall = edition.stages.get(order=1)
    talk = ProgramItemFactory(
        edition=edition,
        stage=hall,
        kind=ProgramItem.Kind.TALK,
        title_ko="대담",
        title_en="Talk",
        starts_at=seoul(edition, 10),
        ends_at=seoul(edition, 11),
        capacity=80,
    )
    ProgramItemFactory(
        edition=edition,
        stage=hall,
        title_ko="PRIVATE DRAFT",
        is_published=False,
        starts_at=seoul(edition, 14),
        ends_at=seoul(edition, 15),
    )
    AppearanceFactory(
        item=talk,
        performer=PerformerFactory(display_name="김하나", legal_name="PRIVATE LEGAL"),
        role_ko="사회",
        role_en="Host",
    )
    AppearanceFactory(
        item=talk,
        performer=PerformerFactory(
            display_name="PRIVATE PSEUDONYM", visibility=Visibility.ANONYMOUS
        ),
        order=2,
    )
    return edition


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def test_api_item_list_shows_published_items_with_public_names(client, edition):
    response = client.get("/api/v1/editions/2025/items")

    assert response.status_code == 200
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 50, 0)
    talk = body["results"][0]
    assert talk == {
        "id": talk["id"],
        "guid": program_item_guid(talk["id"]),
        "edition": 2025,
        "kind": "talk",
        "kind_label": "대담",
        "title": "대담",
        "description": "",
        "starts_at": "2025-07-14T10:00:00+09:00",
        "ends_at": "2025-07-14T11:00:00+09:00",
        "stage": {"id": talk["stage"]["id"], "name": "대강당"},
        "performers": [
            {"name": "김하나", "role": "사회", "photo_url": ""},
            {"name": "익명", "role": "", "photo_url": ""},
        ],
        "seat_booking": True,
        "url": f"http://127.0.0.1:8000/programme/{talk['id']}/",
        "calendar": f"http://127.0.0.1:8000/programme/{talk['id']}.ics",
    }
    assert [item["title"] for item in body["results"]] == ["대담", "공연"]
    assert "PRIVATE" not in response.content.decode()


def test_api_item_list_filters_by_kind_and_stage(client, edition):
    outdoor = edition.stages.get(name_en="Outdoor stage")

    by_kind = client.get("/api/v1/editions/2025/items?kind=performance").json()
    by_stage = client.get(f"/api/v1/editions/2025/items?stage={outdoor.pk}").json()

    assert [item["title"] for item in by_kind["results"]] == ["공연"]
    assert [item["title"] for item in by_stage["results"]] == ["공연"]


def test_api_item_list_paginates(client, edition):
    body = client.get("/api/v1/editions/2025/items?limit=1&offset=1").json()

    assert (body["count"], body["limit"], body["offset"]) == (2, 1, 1)
    assert [item["title"] for item in body["results"]] == ["공연"]


@pytest.mark.parametrize(
    ("headers", "query", "title", "language"),
    [
        ({}, "", "대담", "ko"),
        ({"accept-language": "en-GB,en;q=0.8"}, "", "Talk", "en"),
        ({"accept-language": "ko"}, "?lang=en", "Talk", "en"),
        ({"accept-language": "en"}, "?lang=ko", "대담", "ko"),
        ({"accept-language": ";;;q=garbage,,*-*"}, "", "대담", "ko"),
        ({"accept-language": "x" * 600}, "", "대담", "ko"),
    ],
)
def test_api_language_comes_from_lang_or_accept_language(
    client, edition, headers, query, title, language
):
    response = client.get(f"/api/v1/editions/2025/items{query}", headers=headers)

    assert response.status_code == 200
    assert response.json()["results"][0]["title"] == title
    assert response["Content-Language"] == language


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/api/v1/editions/2025/items?lang=fr", 400, "알 수 없는 언어입니다. ko 또는 en을 쓰세요."),
        ("/api/v1/editions/2025/items?color=red", 400, "알 수 없는 쿼리 매개변수: color."),
        ("/api/v1/editions/1999/items", 404, "찾을 수 없습니다."),
        ("/api/v1/editions/99999/items", 422, "요청의 매개변수가 올바르지 않습니다."),
        ("/api/v1/editions/2025/items?limit=100000", 422, "요청의 매개변수가 올바르지 않습니다."),
        ("/api/v1/editions/2025/items?offset=-1", 422, "요청의 매개변수가 올바르지 않습니다."),
        ("/api/v1/editions/2025/items?limit=abc", 422, "요청의 매개변수가 올바르지 않습니다."),
        ("/api/v1/editions/2025/items?kind=party", 422, "요청의 매개변수가 올바르지 않습니다."),
        (
            "/api/v1/editions/2025/items?stage=99999999999999999999",
            422,
            "요청의 매개변수가 올바르지 않습니다.",
        ),
        ("/api/v1/items/99999999", 404, "찾을 수 없습니다."),
        ("/api/v1/no-such-thing", 404, "이 주소에는 API가 없습니다."),
    ],
)
def test_api_bad_input_is_a_clear_json_4xx(client, edition, path, status, detail):
    response = client.get(path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == detail


def test_api_validation_error_says_which_parameter(client, edition):
    body = client.get("/api/v1/editions/2025/items?limit=100000").json()

    assert body["errors"] == [
        {"loc": ["query", "limit"], "msg": "Input should be less than or equal to 200"}
    ]


def test_api_unpublished_item_is_a_404(client, edition):
    draft = ProgramItem.objects.get(title_ko="PRIVATE DRAFT")

    assert client.get(f"/api/v1/items/{draft.pk}").status_code == 404


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_api_never_writes(client, edition, method):
    response = getattr(client, method)("/api/v1/editions/2025/items", data={})

    assert response.status_code == 405
    assert ProgramItem.objects.count() == 3


def test_api_etag_gives_a_304_until_the_programme_changes(client, edition, cached):
    first = client.get("/api/v1/editions/2025/items")

    unchanged = client.get("/api/v1/editions/2025/items", headers={"if-none-match": first["ETag"]})
    ProgramItem.objects.filter(title_ko="대담").update(title_ko="대담 (장소 변경)")
    public_pages_changed()
    changed = client.get("/api/v1/editions/2025/items", headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert first["Cache-Control"] == "no-cache, max-age=60"
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    assert changed.status_code == 200
    assert changed.json()["results"][0]["title"] == "대담 (장소 변경)"


def test_api_etag_of_the_first_answer_matches_its_gzipped_copy(client, edition, cached):
    """The first answer (rendered, then stored) carries the plain copy's tag; a client that
    accepts gzip and sends it back gets a 304 from the gzipped copy."""
    first = client.get("/api/v1/editions/2025/items", headers={"accept-encoding": "gzip"})

    again = client.get(
        "/api/v1/editions/2025/items",
        headers={"accept-encoding": "gzip", "if-none-match": first["ETag"]},
    )

    assert again.status_code == 304
    assert again["ETag"].endswith('-gzip"')


def test_api_last_modified_gives_a_304(client, edition, cached):
    first = client.get("/api/v1/editions/2025/items")

    later = client.get(
        "/api/v1/editions/2025/items", headers={"if-modified-since": first["Last-Modified"]}
    )
    earlier = client.get("/api/v1/editions/2025/items", headers={"if-modified-since": http_date(0)})

    assert later.status_code == 304
    assert earlier.status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {"if-none-match": 'W/"broken'},
        {"if-none-match": "\x00\x01"},
        {"if-modified-since": "yesterday, probably"},
        {"if-modified-since": "Sun, 99 Foo 99999 99:99:99 GMT"},
    ],
)
def test_api_broken_conditional_headers_are_ignored_not_a_500(client, edition, cached, headers):
    response = client.get("/api/v1/editions/2025/items", headers=headers)

    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_api_language_is_part_of_the_cached_response(client, edition, cached):
    korean = client.get("/api/v1/editions/2025/items")
    english = client.get("/api/v1/editions/2025/items", headers={"accept-language": "en"})

    assert korean.json()["results"][0]["title"] == "대담"
    assert english.json()["results"][0]["title"] == "Talk"
    assert korean["ETag"] != english["ETag"]
    assert "Accept-Language" in korean["Vary"]


def test_api_cors_is_open_for_get_only(client, edition):
    response = client.get("/api/v1/editions", headers={"origin": "https://partner.example"})
    preflight = client.options(
        "/api/v1/editions",
        headers={
            "origin": "https://partner.example",
            "access-control-request-method": "POST",
        },
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_site_pages_get_no_cors_headers(client, edition):
    response = client.get("/programme/", headers={"origin": "https://partner.example"})

    assert "Access-Control-Allow-Origin" not in response


def test_api_rate_limit_answers_429_with_retry_after(client, edition, settings):
    settings.OPEN_DATA_RATE_LIMIT = "3/m"

    statuses = [client.get("/api/v1/editions").status_code for _ in range(4)]
    other_client = client.get("/api/v1/editions", REMOTE_ADDR="192.0.2.7")
    limited = client.get("/api/v1/editions")

    assert statuses == [200, 200, 200, 429]
    assert other_client.status_code == 200
    assert 1 <= int(limited["Retry-After"]) <= 61
    assert limited.json()["detail"].startswith("요청이 너무 많습니다.")


def test_api_rate_limit_is_shared_by_every_process(edition):
    """Two web processes (two counters) serving one client: together they refuse it once the
    shared count passes the limit, give or take one batch (limit / 20) per process."""
    from events.api.http import _RateCounts

    processes = [_RateCounts(), _RateCounts()]
    counts = []
    for n in range(200):
        counts.append(processes[n % 2].count("client", window=1, limit=100, period=60))
    first_refused = next(n for n, count in enumerate(counts) if count > 100)

    assert 100 <= first_refused <= 100 + 2 * 5
    assert max(counts) <= 200
    assert processes[0].count("other client", window=1, limit=100, period=60) == 1


def test_api_item_list_query_count_does_not_grow_with_items(edition, queries_of_get):
    path = "/api/v1/editions/2025/items?limit=200"
    few = queries_of_get(path)
    add_items_with_a_performer(edition.stages.first(), hours=range(16, 23))

    many = queries_of_get(path)

    assert many == few


def test_api_editions_list_only_published_ones(client, edition):
    EditionFactory(year=2026, is_published=False)

    body = client.get("/api/v1/editions?lang=en").json()

    assert [e["year"] for e in body["results"]] == [2025]
    assert body["results"][0]["schedule_xml"] == "http://127.0.0.1:8000/en/2025/schedule.xml"
    assert client.get("/api/v1/editions/2026").status_code == 404


def test_api_stages_of_an_edition(client, edition):
    body = client.get("/api/v1/editions/2025/stages?lang=en").json()

    assert [(s["name"], s["kind"]) for s in body["results"]] == [
        ("Main hall", "hall"),
        ("Outdoor stage", "hall"),
    ]


def test_api_docs_page_uses_only_our_own_static_files(client):
    response = client.get("/api/v1/docs/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html


def test_api_openapi_is_3_1(client):
    schema = client.get("/api/v1/openapi.json").json()

    assert schema["openapi"] == "3.1.0"
    assert all(list(operations) == ["get"] for operations in schema["paths"].values())
