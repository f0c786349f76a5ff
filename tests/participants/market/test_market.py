import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from events.models import Stage
from participants.market.services import product_update, stall_assign, vendor_profile_save
from participants.models import Product, StallApplication, Vendor
from tests.factories import (
    EditionFactory,
    MarketStageFactory,
    PermitFactory,
    ProductFactory,
    StallFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    open_market_edition,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def placed(*, edition, number: int, **vendor_kwargs) -> StallApplication:
    application = approved_application(edition=edition, vendor=VendorFactory(**vendor_kwargs))
    stall = StallFactory(stage__edition=edition, number=number)
    return stall_assign(application=application, stall=stall)


# --- what is listed --------------------------------------------------------------------------


def test_market_lists_only_approved_listed_vendors_of_the_current_edition(client):
    edition = open_market_edition()
    shown = placed(edition=edition, number=3, display_name_en="Onsong Tofu")
    approved_application(
        edition=edition, vendor=VendorFactory(display_name_en="Unlisted", is_listed=False)
    )
    approved_application(
        edition=EditionFactory(year=2024), vendor=VendorFactory(display_name_en="Last Year")
    )
    from tests.factories import StallApplicationFactory

    StallApplicationFactory(
        edition=edition, status="submitted", vendor=VendorFactory(display_name_en="Pending")
    )

    response = client.get(reverse("participants:market"))

    assert [a.vendor.public_name for a in response.context["applications"]] == ["Onsong Tofu"]
    content = response.content.decode()
    assert "Stall 3" in content
    assert shown.vendor.get_absolute_url() in content
    for hidden in ("Unlisted", "Last Year", "Pending"):
        assert hidden not in content


def test_market_never_shows_private_fields_or_an_anonymous_vendors_name(client):
    edition = open_market_edition()
    placed(
        edition=edition,
        number=1,
        display_name_ko="비밀 가게",
        display_name_en="Secret Shop",
        visibility="anonymous",
        legal_name="Kim Legal",
        contact_phone="010-9999-8888",
        contact_email="kim@private.example.org",
    )

    listing = client.get(reverse("participants:market")).content.decode()
    vendor = Vendor.objects.get()
    detail = client.get(reverse("participants:market_vendor", args=[vendor.pk])).content.decode()
    plan = client.get(reverse("participants:market_plan")).content.decode()

    for page in (listing, detail, plan):
        for private in (
            "Secret Shop",
            "비밀 가게",
            "Kim Legal",
            "010-9999-8888",
            "kim@private",
            "person",
        ):
            assert private not in page
    assert "Anonymous stall" in listing
    assert "<h1>Anonymous stall</h1>" in detail


def test_market_vendor_shows_the_no_photography_flag_and_products(client):
    application = placed(edition=open_market_edition(), number=8, no_photography=True)
    ProductFactory(vendor=application.vendor, name_en="Pine mushroom", price_won=12000)

    response = client.get(reverse("participants:market_vendor", args=[application.vendor.pk]))

    content = response.content.decode()
    assert "No photography at this stall, please" in content
    assert "Pine mushroom" in content
    assert "12,000 won" in content


@pytest.mark.parametrize(
    ("language", "allergens_en", "shown"),
    [
        ("ko", "Soy, wheat", "<div>알레르기 유발 성분: 대두, 밀</div>"),
        ("en", "Soy, wheat", "<div>Allergens: Soy, wheat</div>"),
        ("en", "", "<div>Allergens: 대두, 밀</div>"),  # no English: the Korean
    ],
)
def test_market_vendor_shows_allergens_in_the_page_language(client, language, allergens_en, shown):
    application = placed(edition=open_market_edition(), number=8)
    ProductFactory(vendor=application.vendor, allergens_ko="대두, 밀", allergens_en=allergens_en)

    with translation.override(language):
        page = reverse("participants:market_vendor", args=[application.vendor.pk])
        content = client.get(page).content.decode()

    assert shown in content


@pytest.mark.parametrize("status", ["submitted", "rejected", "withdrawn"])
def test_market_vendor_not_approved_is_404(client, status):
    from tests.factories import StallApplicationFactory

    application = StallApplicationFactory(edition=open_market_edition(), status=status)

    response = client.get(reverse("participants:market_vendor", args=[application.vendor.pk]))

    assert response.status_code == 404


def test_market_vendor_unlisted_is_404(client):
    application = approved_application(vendor=VendorFactory(is_listed=False))

    response = client.get(reverse("participants:market_vendor", args=[application.vendor.pk]))

    assert response.status_code == 404


def test_market_without_a_published_edition_says_so(client):
    EditionFactory(year=2030, is_published=False)

    response = client.get(reverse("participants:market"))

    assert "The market of the next edition is not published yet." in response.content.decode()


# --- liquor ----------------------------------------------------------------------------------


def test_market_lists_liquor_only_with_a_verified_unexpired_licence(client):
    edition = open_market_edition()
    licensed = approved_application(edition=edition)
    PermitFactory(vendor=licensed.vendor, kind="liquor_licence", status="verified")
    ProductFactory(
        vendor=licensed.vendor, name_en="Licensed soju", category="liquor", alcohol_percent=25
    )
    pending = approved_application(edition=edition)
    PermitFactory(vendor=pending.vendor, kind="liquor_licence", status="pending")
    ProductFactory(
        vendor=pending.vendor, name_en="Pending soju", category="liquor", alcohol_percent=25
    )
    expired = approved_application(edition=edition)
    PermitFactory(
        vendor=expired.vendor,
        kind="liquor_licence",
        status="verified",
        expires_on=dt.date(2020, 1, 1),
    )
    ProductFactory(
        vendor=expired.vendor, name_en="Expired soju", category="liquor", alcohol_percent=25
    )
    ProductFactory(vendor=expired.vendor, name_en="Corn noodles", category="food")

    content = client.get(reverse("participants:market")).content.decode()

    assert "Licensed soju" in content
    assert "Corn noodles" in content
    assert "Pending soju" not in content
    assert "Expired soju" not in content


# --- filters ---------------------------------------------------------------------------------


def test_market_filters_by_category_and_provenance(client):
    edition = open_market_edition()
    clothes = approved_application(
        edition=edition,
        sells_crafts=False,
        sells_clothing=True,
        vendor=VendorFactory(display_name_en="Coats"),
    )
    ProductFactory(
        vendor=clothes.vendor, category="clothing", provenance="north_imported", name_en="Coat"
    )
    crafts = approved_application(edition=edition, vendor=VendorFactory(display_name_en="Crafts"))
    ProductFactory(
        vendor=crafts.vendor, category="crafts", provenance="north_style", name_en="Doll"
    )

    by_category = client.get(reverse("participants:market"), {"category": "clothing"})
    by_provenance = client.get(reverse("participants:market"), {"provenance": "north_style"})
    nonsense = client.get(
        reverse("participants:market"), {"category": "<script>", "provenance": "x"}
    )

    assert [a.vendor.display_name for a in by_category.context["applications"]] == ["Coats"]
    assert [a.vendor.display_name for a in by_provenance.context["applications"]] == ["Crafts"]
    assert [p.name for p in by_provenance.context["applications"][0].vendor.public_products] == [
        "Doll"
    ]
    assert len(nonsense.context["applications"]) == 2


# --- performance and caching -----------------------------------------------------------------


def _bulk_market(edition, vendors: int, products_each: int) -> None:
    users = UserFactory.create_batch(vendors)
    rows = Vendor.objects.bulk_create(
        Vendor(
            owner=user,
            display_name_ko=f"가게 {i}",
            display_name_en=f"Shop {i}",
            is_listed=True,
            visibility="named",
        )
        for i, user in enumerate(users)
    )
    stage = MarketStageFactory(edition=edition)
    from participants.models import Stall

    stalls = Stall.objects.bulk_create(Stall(stage=stage, number=i + 1) for i in range(vendors))
    StallApplication.objects.bulk_create(
        StallApplication(vendor=v, edition=edition, sells_crafts=True, status="approved", stall=s)
        for v, s in zip(rows, stalls, strict=True)
    )
    Product.objects.bulk_create(
        Product(
            vendor=v,
            name_ko=f"상품 {i}",
            name_en=f"Product {i}",
            category="crafts",
            price_won=1000 + i,
            provenance="north_style",
        )
        for v in rows
        for i in range(products_each)
    )


def test_market_query_count_is_constant(client, django_assert_num_queries):
    # Edition, count for the pages, applications with vendor and stall, products.
    edition = open_market_edition()
    _bulk_market(edition, vendors=2, products_each=2)
    with django_assert_num_queries(4):
        small = client.get(reverse("participants:market"))
    _bulk_market(edition, vendors=198, products_each=10)

    with django_assert_num_queries(4):
        large = client.get(reverse("participants:market"))
    with django_assert_num_queries(4):
        last = client.get(reverse("participants:market"), {"page": "9"})

    assert (len(small.context["applications"]), small.context["page"].paginator.count) == (2, 2)
    assert large.context["page"].paginator.count == 200
    assert (
        sorted(len(a.vendor.public_products) for a in large.context["applications"])
        == [
            2,
            2,
        ]
        + [10] * 22
    )
    assert len(last.context["applications"]) == 200 - 8 * 24


def test_market_pages_keep_the_filters(client):
    edition = open_market_edition()
    _bulk_market(edition, vendors=30, products_each=1)

    response = client.get(reverse("participants:market"), {"category": "crafts", "page": "x"})

    assert response.context["page"].number == 1
    assert 'href="?category=crafts&amp;page=2"' in response.content.decode()


def test_market_vendor_query_count_is_constant(client, django_assert_num_queries):
    edition = open_market_edition()
    _bulk_market(edition, vendors=1, products_each=30)
    vendor = Vendor.objects.get()

    with django_assert_num_queries(3):
        client.get(reverse("participants:market_vendor", args=[vendor.pk]))


def test_market_page_is_cached_per_language(client, settings, django_assert_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    edition = open_market_edition()
    placed(edition=edition, number=1, display_name_en="Before", display_name_ko="이전")
    client.get(reverse("participants:market"))
    Vendor.objects.update(display_name_en="After")

    with django_assert_num_queries(0):
        cached = client.get(reverse("participants:market"))
    with translation.override("ko"):
        korean = client.get(reverse("participants:market"))

    assert "Before" in cached.content.decode()
    assert "이전" in korean.content.decode()
    assert "장터" in korean.content.decode()


def test_market_page_is_not_cached_for_a_signed_in_person(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    placed(edition=open_market_edition(), number=1, display_name_en="Before")
    client.force_login(UserFactory())
    client.get(reverse("participants:market"))
    Vendor.objects.update(display_name_en="After")

    response = client.get(reverse("participants:market"))

    assert "After" in response.content.decode()


def test_market_pages_are_fresh_at_once_after_a_vendor_changes_their_profile(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    application = placed(edition=open_market_edition(), number=1, display_name_en="Before")
    vendor = application.vendor
    pages = [
        reverse("participants:market"),
        reverse("participants:market_vendor", args=[vendor.pk]),
        reverse("participants:market_plan"),
    ]
    before = [client.get(page).content.decode() for page in pages]

    vendor_profile_save(owner=vendor.owner, fields={"display_name_en": "After"})
    after = [client.get(page).content.decode() for page in pages]

    assert all("Before" in page for page in before)
    assert ["After" in page and "Before" not in page for page in after] == [True, True, True]


def test_market_vendor_page_is_fresh_at_once_after_a_product_changes(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    application = placed(edition=open_market_edition(), number=2)
    product = ProductFactory(vendor=application.vendor, name_en="Pine mushroom")
    page = reverse("participants:market_vendor", args=[application.vendor.pk])
    before = client.get(page).content.decode()

    product_update(product=product, fields={"name_en": "Tofu rice"})
    after = client.get(page).content.decode()

    assert "Pine mushroom" in before
    assert "Tofu rice" in after
    assert "Pine mushroom" not in after


def test_market_page_is_fresh_at_once_after_an_organiser_edits_a_vendor_directly(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    application = placed(edition=open_market_edition(), number=3, display_name_en="Before")
    client.get(reverse("participants:market"))
    vendor = application.vendor
    vendor.display_name_en = "Renamed in the admin"

    vendor.save()  # as the admin's change form does, without a service
    listing = client.get(reverse("participants:market")).content.decode()

    assert "Renamed in the admin" in listing
    assert "Before" not in listing


# --- stall plan ------------------------------------------------------------------------------


def test_market_plan_public_shows_free_taken_and_listed_names_only(client):
    edition = open_market_edition()
    stage = MarketStageFactory(edition=edition)
    listed = approved_application(
        edition=edition, vendor=VendorFactory(display_name_en="Listed Shop")
    )
    stall_assign(application=listed, stall=StallFactory(stage=stage, number=1))
    unlisted = approved_application(
        edition=edition, vendor=VendorFactory(display_name_en="Hidden Shop", is_listed=False)
    )
    stall_assign(application=unlisted, stall=StallFactory(stage=stage, number=2))
    StallFactory(stage=stage, number=3)

    response = client.get(reverse("participants:market_plan"))

    cells = [
        (c["stall"].number, c["taken"], c["name"]) for c in response.context["layout"]["cells"]
    ]
    assert cells == [(1, True, "Listed Shop"), (2, True, ""), (3, False, "")]
    content = response.content.decode()
    assert "<svg" in content
    assert "Hidden Shop" not in content


def test_market_plan_ignores_stages_that_are_not_markets(client):
    edition = open_market_edition()
    StallFactory(stage=MarketStageFactory(edition=edition, kind=Stage.Kind.HALL), number=9)

    response = client.get(reverse("participants:market_plan"))

    assert response.context["layout"]["cells"] == []


def test_market_in_korean_uses_the_korean_catalogue(client):
    placed(edition=open_market_edition(), number=4, display_name_ko="온성 두부")

    with translation.override("ko"):
        response = client.get(reverse("participants:market"))

    content = response.content.decode()
    assert response.wsgi_request.LANGUAGE_CODE == "ko"
    assert "온성 두부" in content
    assert "장터" in content
