import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import AuditEntry
from events.privacy import Visibility
from exhibits import services
from exhibits.models import Exhibit, ExhibitImage
from tests.factories import (
    DisplayFactory,
    EditionFactory,
    ExhibitFactory,
    ExhibitImageFactory,
    LenderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
CATALOGUE = "/en/exhibits/"


def titles(response) -> list[str]:
    return re.findall(r'<span class="exhibit-card-title">([^<]*)</span>', response.content.decode())


def result_heading(response) -> str:
    return re.search(r'id="results-heading"[^>]*>([^<]*)<', response.content.decode()).group(1)


def facet_counts(response, name: str) -> dict[str, int]:
    html = response.content.decode()
    return {
        value: int(count)
        for value, count in re.findall(
            rf'<a href="\?(?:[^"]*&amp;)?{name}=([^"&]+)"[^>]*>[^<]*</a> '
            r'<span class="count">\((\d+)\)',
            html,
        )
    }


def test_catalogue_lists_only_published_exhibits(client):
    ExhibitFactory(title_en="Ration card")
    ExhibitFactory(title_en="Secret draft", is_published=False, published_at=None)

    response = client.get(CATALOGUE)

    assert titles(response) == ["Ration card"]
    assert result_heading(response) == "1 object"


def test_catalogue_search_finds_a_korean_word_inside_a_longer_word(client):
    ExhibitFactory(title_ko="식량배급표", title_en="Ration card")
    ExhibitFactory(title_ko="겨울 외투", title_en="Winter coat")

    response = client.get("/exhibits/", {"q": "배급"})

    assert titles(response) == ["식량배급표"]


def test_catalogue_search_finds_the_province_of_origin_in_either_language(client):
    ExhibitFactory(title_ko="배급표", title_en="Ration card", province="north_hamgyong")
    ExhibitFactory(title_ko="교과서", title_en="Textbook", province="pyongyang")

    korean = client.get("/exhibits/", {"q": "함경"})
    english = client.get(CATALOGUE, {"q": "hamgyong"})

    assert titles(korean) == ["배급표"]
    assert titles(english) == ["Ration card"]


def test_catalogue_search_in_english_ignores_case_and_needs_every_word(client):
    ExhibitFactory(title_en="Shoes worn across the Tumen river")
    ExhibitFactory(title_en="Pebble from the Tumen riverbank")

    response = client.get(CATALOGUE, {"q": "TUMEN shoes"})

    assert titles(response) == ["Shoes worn across the Tumen river"]


def test_catalogue_search_of_10000_characters_is_cut_and_says_so(client):
    ExhibitFactory(title_en="Coat")

    response = client.get(CATALOGUE, {"q": "a" * 10_000})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Your search was too long; only its first 100 characters were used." in html
    assert 'value="' + "a" * 100 + '"' in html
    assert titles(response) == []


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE exhibits_exhibit; --",
        "' OR 1=1 --",
        "%",
        "_",
        "\\",
        '<script>alert("x")</script>',
    ],
)
def test_catalogue_search_with_sql_or_html_is_harmless(client, query):
    ExhibitFactory(title_en="Coat")

    response = client.get(CATALOGUE, {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == []
    assert "<script>alert" not in html
    assert Exhibit.objects.count() == 1


def test_catalogue_facet_counts_ignore_their_own_filter_but_apply_the_others(client):
    edition = EditionFactory(year=2025)
    coat = ExhibitFactory(category="clothing", province="ryanggang", year_left=2009)
    ExhibitFactory(category="clothing", province="north_hamgyong", year_left=2015)
    ExhibitFactory(category="documents", province="north_hamgyong", year_left=2011)
    DisplayFactory(exhibit=coat, edition=edition)

    response = client.get(CATALOGUE, {"category": "clothing"})

    assert result_heading(response) == "2 objects"
    assert facet_counts(response, "category") == {"documents": 1}
    assert facet_counts(response, "province") == {"north_hamgyong": 1, "ryanggang": 1}
    assert facet_counts(response, "decade") == {"2000": 1, "2010": 1}
    assert facet_counts(response, "edition") == {"2025": 1}


def test_catalogue_facet_filters_combine(client):
    edition = EditionFactory(year=2024)
    shown = ExhibitFactory(title_en="Shown", category="clothing", year_left=2009)
    ExhibitFactory(title_en="Not shown", category="clothing", year_left=2009)
    ExhibitFactory(title_en="Later", category="clothing", year_left=2019)
    DisplayFactory(exhibit=shown, edition=edition)

    response = client.get(CATALOGUE, {"category": "clothing", "decade": "2000", "edition": "2024"})

    assert titles(response) == ["Shown"]


def test_catalogue_unknown_or_malformed_filters_are_ignored(client):
    ExhibitFactory(title_en="Coat")

    response = client.get(
        CATALOGUE,
        {"category": "weapons", "province": "seoul", "decade": "abc", "edition": "9" * 40},
    )

    assert titles(response) == ["Coat"]


def test_catalogue_paginates_24_a_page(client):
    for number in range(30):
        ExhibitFactory(
            object_number=f"DD-2024-{number + 1:03d}", title_en=f"Object {number + 1:02d}"
        )

    first = client.get(CATALOGUE)
    second = client.get(CATALOGUE, {"page": "2"})
    beyond = client.get(CATALOGUE, {"page": "999"})

    assert len(titles(first)) == 24
    assert titles(second) == [f"Object {n}" for n in range(25, 31)]
    assert "Page 2 of 2" in second.content.decode()
    assert titles(beyond) == titles(second)


def test_catalogue_province_map_has_tiles_and_a_table_for_screen_readers(client):
    for _ in range(4):
        ExhibitFactory(province="ryanggang")
    ExhibitFactory(province="north_hamgyong")

    html = client.get(CATALOGUE).content.decode()

    assert (
        '<div class="origin-grid" role="img" aria-label="Objects by province of origin" '
        'aria-describedby="province-map-desc">'
    ) in html
    # Each tile sits in its place on the grid with its label as HTML text (readable on a
    # phone); a circle's radius grows with the square root of its number (area in proportion):
    # 4 objects get the largest (28), 1 object 11 + 17 * sqrt(1/4) = 19.5, rounded to 20.
    assert 'class="origin-tile column-4 row-1">' in html
    assert '<span class="origin-name">Ryanggang</span>' in html
    assert re.findall(r'<circle cx="30" cy="30" r="(\d+)">', html) == ["20", "28"]
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', html)
    assert rows == [("North Hamgyong", "1"), ("Ryanggang", "4")]


def test_catalogue_thumbnails_only_for_public_images(client, curator):
    exhibit = ExhibitFactory(title_en="Photo")
    public = ExhibitImageFactory(exhibit=exhibit, order=2, alt_text_en="A coat")
    ExhibitImageFactory(exhibit=exhibit, order=1, shows_identifying=True, uploaded_by=curator)

    html = client.get(CATALOGUE).content.decode()

    assert f'<img src="/en/exhibits/images/{public.pk}/thumb/" alt="A coat"' in html
    assert html.count("/thumb/") == 1


def _bulk_catalogue(count: int) -> None:
    lender = LenderFactory()
    edition = EditionFactory(year=2025)
    exhibits = []
    for n in range(count):
        exhibit = Exhibit(
            object_number=f"DD-{2024 + n // 1000}-{n % 1000:03d}",
            title_ko=f"전시물 {n}",
            title_en=f"Object {n}",
            category=["documents", "clothing", "books"][n % 3],
            province=["north_hamgyong", "ryanggang"][n % 2],
            year_left=1995 + n % 30,
            lender=lender,
            is_published=True,
            published_at="2025-06-01T00:00:00Z",
        )
        exhibit.search_text = exhibit.build_search_text()
        exhibits.append(exhibit)
    Exhibit.objects.bulk_create(exhibits, batch_size=500)
    created = list(Exhibit.objects.order_by("pk"))
    ExhibitImage.objects.bulk_create(
        ExhibitImage(exhibit=e, thumbnail="t.webp", alt_text_ko="그림", alt_text_en="Picture")
        for e in created
    )
    from exhibits.models import Display

    Display.objects.bulk_create(
        Display(exhibit=e, edition=edition, order=i) for i, e in enumerate(created[::2])
    )


@pytest.mark.parametrize(
    ("params", "queries"),
    [({}, 7), ({"q": "object 1"}, 8), ({"category": "clothing"}, 7)],
    ids=["first-page", "search", "facet"],
)
def test_catalogue_query_count_is_the_same_for_10_and_2000_exhibits(client, params, queries):
    _bulk_catalogue(10)
    with CaptureQueriesContext(connection) as small:
        client.get(CATALOGUE, params)
    Exhibit.objects.all().delete()
    _bulk_catalogue(2000)

    with CaptureQueriesContext(connection) as large:
        response = client.get(CATALOGUE, params)

    assert len(titles(response)) == 24
    assert len(small) == len(large) == queries


def test_catalogue_page_is_cached_per_language_and_stale_at_once_after_a_change(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    lender = LenderFactory(display_name="김은희")
    exhibit = ExhibitFactory(title_en="Coat", title_ko="외투", lender=lender)
    english = client.get(CATALOGUE)
    korean = client.get("/exhibits/")
    Exhibit.objects.filter(pk=exhibit.pk).update(title_en="Changed behind the cache")

    with CaptureQueriesContext(connection) as cached:
        again = client.get(CATALOGUE)
    services.lender_consent_set(lender=lender, use="web", granted=False, on=lender.consent_web_on)
    detail = client.get(f"/en/exhibits/{exhibit.object_number}/")

    assert (titles(english), titles(korean), titles(again)) == (["Coat"], ["외투"], ["Coat"])
    assert len(cached) == 0
    vary = sorted(name.strip() for name in english["Vary"].split(","))
    assert (", ".join(vary), english["Cache-Control"]) == (
        "Accept-Encoding, Accept-Language, Cookie",
        "no-cache, max-age=60",
    )
    assert "Lent by Anonymous lender" in detail.content.decode()
    assert titles(client.get(CATALOGUE)) == ["Changed behind the cache"]


def test_detail_shows_object_story_credit_and_images_with_alt_text(client):
    lender = LenderFactory(display_name="한라봉", visibility=Visibility.PSEUDONYM)
    exhibit = ExhibitFactory(
        object_number="DD-2024-005",
        title_en="Shoes worn across the Tumen river",
        description_en="Canvas shoes.",
        story_en="I walked for three months.",
        province="north_hamgyong",
        place_of_origin="Musan county, 3rd work team, house 12",
        year_left=2007,
        lender=lender,
    )
    image = ExhibitImageFactory(exhibit=exhibit, alt_text_en="Two worn canvas shoes")

    response = client.get(reverse("exhibits:detail", args=["DD-2024-005"]))

    html = response.content.decode()
    assert "<h1>Shoes worn across the Tumen river</h1>" in html
    assert "<p>I walked for three months.</p>" in html
    assert f'<img src="/en/exhibits/images/{image.pk}/display/" alt="Two worn canvas shoes"' in html
    assert '<dd class="credit-line">Lent by 한라봉</dd>' in html
    assert "<dd>North Hamgyong</dd>" in html
    assert "Musan" not in html


@pytest.mark.parametrize("number", ["DD-2024-999", "DD-2024-001", "x" * 500, "%00", "<b>"])
def test_detail_of_an_unpublished_or_unknown_object_is_404(client, number):
    ExhibitFactory(object_number="DD-2024-001", is_published=False, published_at=None)

    response = client.get(f"/en/exhibits/{number}/")

    assert response.status_code == 404


def test_public_pages_never_show_legal_names_or_contacts(client):
    edition = EditionFactory(year=2025)
    lenders = [
        LenderFactory(visibility=Visibility.NAMED, display_name="Shown Name"),
        LenderFactory(visibility=Visibility.PSEUDONYM, display_name="Pen Name"),
        LenderFactory(visibility=Visibility.ANONYMOUS, display_name="Hidden Display"),
        LenderFactory(visibility=Visibility.NAMED, display_name="No Web", consent_web=False),
    ]
    exhibits = [ExhibitFactory(lender=lender) for lender in lenders]
    for exhibit in exhibits:
        DisplayFactory(exhibit=exhibit, edition=edition)
    pages = [CATALOGUE, "/exhibits/", f"{CATALOGUE}?q=secretlegal", f"{CATALOGUE}?q=private"]
    pages += [f"/en/exhibits/{e.object_number}/" for e in exhibits]
    pages += [f"/exhibits/{e.object_number}/" for e in exhibits]

    html = "".join(client.get(page).content.decode() for page in pages)

    for lender in lenders:
        assert lender.legal_name not in html
        assert lender.contact_email not in html
    assert "010-0000-0000" not in html
    assert "Hidden Display" not in html
    assert "No Web" not in html
    assert html.count("Lent by Shown Name") == 1
    assert html.count("익명 소장자") == 2


def test_image_renditions_of_public_images_are_served_to_anyone(client):
    image = ExhibitImageFactory()

    response = client.get(f"/exhibits/images/{image.pk}/thumb/")

    assert (response.status_code, response["Content-Type"]) == (200, "image/webp")
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_image_original_is_never_public(client):
    image = ExhibitImageFactory()

    assert client.get(f"/exhibits/images/{image.pk}/original/").status_code == 404


@pytest.mark.parametrize(
    ("published", "flagged"), [(False, False), (True, True)], ids=["unpublished", "uncleared"]
)
def test_image_not_public_is_404_for_visitors_and_served_to_curators(
    client, curator, published, flagged
):
    exhibit = ExhibitFactory(
        is_published=published, published_at=None if not published else "2025-06-01T00:00Z"
    )
    image = ExhibitImageFactory(exhibit=exhibit, shows_identifying=flagged, uploaded_by=curator)

    anonymous = client.get(f"/exhibits/images/{image.pk}/display/")
    client.force_login(curator)
    staff = client.get(f"/exhibits/images/{image.pk}/original/")

    assert anonymous.status_code == 404
    assert (staff.status_code, staff["Cache-Control"]) == (200, "private, no-store")
    entry = AuditEntry.objects.get(action="private_file")
    assert (entry.action, entry.object_id, entry.user) == ("private_file", str(image.pk), curator)


def test_image_unknown_size_is_404(client):
    image = ExhibitImageFactory()

    assert client.get(f"/exhibits/images/{image.pk}/huge/").status_code == 404


def test_nav_links_to_the_catalogue(client):
    html = client.get("/exhibits/").content.decode()

    assert '<a href="/exhibits/">' in html


def test_catalogue_in_korean_shows_korean_titles_labels_and_credit(client):
    exhibit = ExhibitFactory(
        title_ko="식량 배급표",
        title_en="Food ration card",
        province="north_hamgyong",
        lender=LenderFactory(visibility=Visibility.ANONYMOUS),
    )

    listing = client.get("/exhibits/").content.decode()
    detail = client.get(f"/exhibits/{exhibit.object_number}/").content.decode()

    assert "<h1>북한에서 가지고 온 물품</h1>" in listing
    assert titles(client.get("/exhibits/")) == ["식량 배급표"]
    assert "함경북도" in listing
    assert '<dd class="credit-line">익명 소장자 소장</dd>' in detail


def test_detail_query_count_is_constant(client, django_assert_num_queries):
    exhibit = ExhibitFactory()
    for _ in range(5):
        ExhibitImageFactory(exhibit=exhibit)
        DisplayFactory(exhibit=exhibit, edition=EditionFactory(year=2024 + _))

    with django_assert_num_queries(3):
        response = client.get(f"/en/exhibits/{exhibit.object_number}/")

    html = response.content.decode()
    assert html.count('<img src="/en/exhibits/images/') == 5
    assert "Defectors' Day 2028, Defectors' Day 2027" in html


def test_image_added_after_publication_without_alt_text_stays_hidden(client):
    exhibit = ExhibitFactory()
    described = ExhibitImageFactory(exhibit=exhibit, order=1)
    undescribed = ExhibitImageFactory(exhibit=exhibit, order=2, alt_text_en="")

    html = client.get(f"/en/exhibits/{exhibit.object_number}/").content.decode()

    assert f"/en/exhibits/images/{described.pk}/display/" in html
    assert f"/images/{undescribed.pk}/" not in html
    assert client.get(f"/exhibits/images/{undescribed.pk}/display/").status_code == 404


def test_catalogue_page_of_a_signed_in_visitor_is_neither_served_from_nor_put_in_the_cache(
    client, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    exhibit = ExhibitFactory(title_en="Coat")
    client.get(CATALOGUE)  # an anonymous visit fills the cache
    Exhibit.objects.filter(pk=exhibit.pk).update(title_en="Renamed behind the cache")
    member = Client()
    member.force_login(UserFactory())

    signed_in = member.get(CATALOGUE)
    anonymous = Client().get(CATALOGUE)

    assert titles(signed_in) == ["Renamed behind the cache"]
    assert "My tickets" in signed_in.content.decode()
    assert titles(anonymous) == ["Coat"]  # still the anonymous copy, not the member's page
    assert "My tickets" not in anonymous.content.decode()


def test_catalogue_with_unknown_parameters_is_served_but_not_cached(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    exhibit = ExhibitFactory(title_en="Coat")
    client.get(CATALOGUE, {"utm": "x"})
    client.get(CATALOGUE, {"category": "documents"})
    Exhibit.objects.filter(pk=exhibit.pk).update(title_en="Renamed")

    junk = client.get(CATALOGUE, {"utm": "x"})
    known = client.get(CATALOGUE, {"category": "documents"})

    assert (titles(junk), titles(known)) == (["Renamed"], ["Coat"])


def test_catalogue_page_links_keep_the_filters_and_drop_anything_else(client):
    for number in range(26):
        ExhibitFactory(object_number=f"DD-2024-{number + 1:03d}", category="clothing")

    html = client.get(
        CATALOGUE, {"q": "exhibit", "category": "clothing", "utm_source": "<x>"}
    ).content.decode()

    assert 'href="?q=exhibit&amp;category=clothing&amp;page=2"' in html
    assert "utm_source" not in html.split("<main", 1)[1]


def test_catalogue_search_matching_more_than_the_id_limit_still_counts(client, monkeypatch):
    monkeypatch.setattr("exhibits.selectors.SEARCH_MAX_IDS", 3)
    for number in range(5):
        ExhibitFactory(object_number=f"DD-2024-{number + 1:03d}", title_en="Coat")
    ExhibitFactory(object_number="DD-2024-006", title_en="Coat", category="clothing")
    ExhibitFactory(object_number="DD-2024-007", title_en="Lamp", category="household")

    response = client.get(CATALOGUE, {"q": "coat", "category": "documents"})

    assert (result_heading(response), facet_counts(response, "category")) == (
        "5 objects",
        {"clothing": 1},
    )
