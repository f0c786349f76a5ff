import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from events.models import AuditEntry
from participants.models import Permit, Product, StallApplication, Vendor
from tests.factories import (
    EditionFactory,
    PermitFactory,
    ProductFactory,
    StallApplicationFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    open_market_edition,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def vendor_client(client):
    vendor = VendorFactory()
    client.force_login(vendor.owner)
    client.vendor = vendor
    return client


# --- access ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["vendor_home", "vendor_profile", "vendor_application", "vendor_permits", "vendor_products"],
)
def test_vendor_area_redirects_anonymous_people_to_sign_in(client, name):
    response = client.get(reverse(f"participants:{name}"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_vendor_home_without_a_profile_goes_to_the_profile_form(client):
    client.force_login(UserFactory())

    response = client.get(reverse("participants:vendor_home"))

    assert response["Location"] == reverse("participants:vendor_profile")


# --- profile ---------------------------------------------------------------------------------


def test_vendor_profile_post_creates_the_profile(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("participants:vendor_profile"),
        {
            "display_name_ko": "회령 옷가게",
            "display_name_en": "Hoeryong Clothes",
            "visibility": "anonymous",
            "no_photography": "on",
            "legal_name": "이영희",
            "contact_phone": "010-1234-5678",
        },
    )

    assert response["Location"] == reverse("participants:vendor_home")
    vendor = Vendor.objects.get(owner=user)
    assert (vendor.display_name_ko, vendor.visibility, vendor.no_photography, vendor.is_listed) == (
        "회령 옷가게",
        "anonymous",
        True,
        False,
    )


def test_vendor_profile_missing_name_shows_the_error_and_saves_nothing(client):
    client.force_login(UserFactory())

    response = client.post(reverse("participants:vendor_profile"), {"visibility": "named"})

    assert response.status_code == 200
    assert "display_name_ko" in response.context["form"].errors
    assert Vendor.objects.count() == 0


# --- application -----------------------------------------------------------------------------


def test_vendor_application_submit_from_the_form(vendor_client):
    edition = open_market_edition()

    response = vendor_client.post(
        reverse("participants:vendor_application"),
        {
            "categories": ["food", "liquor"],
            "stall_size": "large",
            "needs_power": "on",
            "action": "submit",
        },
    )

    assert response["Location"] == reverse("participants:vendor_home")
    application = StallApplication.objects.get(vendor=vendor_client.vendor, edition=edition)
    assert (application.status, application.categories, application.needs_power) == (
        "submitted",
        ["food", "liquor"],
        True,
    )


def test_vendor_application_form_asks_what_is_sold_first_with_labels_as_on_other_forms(
    vendor_client,
):
    open_market_edition()

    content = vendor_client.get(reverse("participants:vendor_application")).content.decode()

    form = content[content.index("<form") :]
    assert form.index("What will you sell?") < form.index("Stall size")
    assert "Stall size</label>" in form
    assert ":</label>" not in form


def test_vendor_application_save_draft_keeps_it_a_draft(vendor_client):
    open_market_edition()

    vendor_client.post(
        reverse("participants:vendor_application"),
        {"categories": ["crafts"], "stall_size": "small", "action": "draft"},
    )

    assert StallApplication.objects.get().status == "draft"


def test_vendor_application_without_category_shows_a_message(vendor_client):
    open_market_edition()

    response = vendor_client.post(
        reverse("participants:vendor_application"), {"stall_size": "small", "action": "submit"}
    )

    assert response.context["form"].errors["categories"] == [
        "Choose at least one category of goods."
    ]
    assert StallApplication.objects.count() == 0


def test_vendor_application_closed_edition_offers_no_form(vendor_client):
    EditionFactory(year=2025)  # its day has passed

    response = vendor_client.post(
        reverse("participants:vendor_application"),
        {"categories": ["crafts"], "stall_size": "small", "action": "submit"},
    )

    assert response.status_code == 200
    assert response.context["open"] is False
    assert "Stall applications for 2025 are closed." in [
        str(e) for e in response.context["form"].non_field_errors()
    ]
    assert StallApplication.objects.count() == 0


def test_vendor_home_shows_status_and_organiser_note(vendor_client):
    StallApplicationFactory(
        vendor=vendor_client.vendor,
        edition=open_market_edition(),
        status="info_requested",
        organiser_note="Which liquor do you sell?",
    )

    response = vendor_client.get(reverse("participants:vendor_home"))

    content = response.content.decode()
    assert "Which liquor do you sell?" in content
    assert 'class="status status-info_requested">Information requested<' in content
    year = timezone.now().year + 1
    assert f'<h2 id="application-heading">Your stall at the {year} market</h2>' in content


def test_vendor_permits_table_scrolls_on_its_own_on_a_phone(vendor_client):
    PermitFactory(vendor=vendor_client.vendor, number="P-1")

    content = vendor_client.get(reverse("participants:vendor_permits")).content.decode()

    wrapper = '<div class="table-scroll" role="region" tabindex="0" aria-label="Your permits">'
    assert content.index(wrapper) < content.index("<table>")
    assert "</table>\n</div>" in content


def test_vendor_application_withdraw(vendor_client):
    application = StallApplicationFactory(
        vendor=vendor_client.vendor, edition=open_market_edition()
    )

    vendor_client.post(reverse("participants:vendor_application_withdraw"))

    application.refresh_from_db()
    assert application.status == "withdrawn"


def test_vendor_application_withdraw_without_one_is_404(vendor_client):
    open_market_edition()

    response = vendor_client.post(reverse("participants:vendor_application_withdraw"))

    assert response.status_code == 404


# --- permits ---------------------------------------------------------------------------------


def test_vendor_permit_upload_from_the_form(vendor_client):
    response = vendor_client.post(
        reverse("participants:vendor_permits"),
        {
            "kind": "liquor_licence",
            "number": "L-77",
            "expires_on": "2099-01-01",
            "scan": SimpleUploadedFile("l.pdf", b"%PDF-1.7 licence", "application/pdf"),
        },
    )

    assert response["Location"] == reverse("participants:vendor_permits")
    assert list(Permit.objects.values_list("vendor", "kind", "status")) == [
        (vendor_client.vendor.pk, "liquor_licence", "pending")
    ]


def test_vendor_permit_upload_expired_shows_the_error(vendor_client):
    response = vendor_client.post(
        reverse("participants:vendor_permits"),
        {
            "kind": "food_report",
            "number": "F-1",
            "expires_on": "2020-01-01",
            "scan": SimpleUploadedFile("f.pdf", b"%PDF-1.7", "application/pdf"),
        },
    )

    assert response.context["form"].errors == {"expires_on": ["This permit has already expired."]}
    assert Permit.objects.count() == 0


def test_vendor_permit_upload_wrong_type_shows_the_error(vendor_client):
    response = vendor_client.post(
        reverse("participants:vendor_permits"),
        {
            "kind": "food_report",
            "number": "F-1",
            "expires_on": "2099-01-01",
            "scan": SimpleUploadedFile("f.txt", b"hello", "text/plain"),
        },
    )

    assert response.context["form"].errors == {
        "scan": ["Upload the scan as a PDF or as a JPEG, PNG, WebP or HEIC image."]
    }


def test_vendor_permit_scan_served_to_its_vendor(vendor_client):
    permit = PermitFactory(vendor=vendor_client.vendor)

    response = vendor_client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert b"".join(response.streaming_content) == b"%PDF-1.4 test scan"
    assert (
        response["Content-Type"],
        response["Cache-Control"],
        response["Content-Security-Policy"],
    ) == ("application/pdf", "private, no-store", "sandbox")


def test_vendor_permit_scan_of_another_vendor_is_404(vendor_client):
    permit = PermitFactory()

    response = vendor_client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 404


def test_vendor_permit_scan_for_an_organiser_is_audited(client):
    from django.contrib.auth.models import Permission

    organiser = UserFactory(is_staff=True)
    organiser.user_permissions.add(Permission.objects.get(codename="view_permit_private"))
    permit = PermitFactory()
    client.force_login(organiser)

    response = client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 200
    assert list(
        AuditEntry.objects.exclude(action="admin_login").values_list(
            "action", "target", "object_id", "user"
        )
    ) == [("private_file", "participants.Permit", str(permit.pk), organiser.pk)]


def test_vendor_permit_scan_for_staff_without_permission_is_404(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("participants:vendor_permit_scan", args=[PermitFactory().pk]))

    assert response.status_code == 404


def test_vendor_permit_delete_of_another_vendor_is_404(vendor_client):
    permit = PermitFactory(status="pending")

    response = vendor_client.post(reverse("participants:vendor_permit_delete", args=[permit.pk]))

    assert response.status_code == 404
    assert Permit.objects.count() == 1


# --- products --------------------------------------------------------------------------------


def _product_post(**overrides):
    return {
        "name_ko": "인조고기밥",
        "name_en": "Injogogi-bap",
        "category": "food",
        "price_won": "4000",
        "provenance": "north_style",
        "is_available": "on",
        **overrides,
    }


def test_vendor_product_add_for_an_approved_vendor(vendor_client):
    approved_application(vendor=vendor_client.vendor)

    response = vendor_client.post(reverse("participants:vendor_product_add"), _product_post())

    assert response["Location"] == reverse("participants:vendor_products")
    assert list(Product.objects.values_list("vendor", "name_ko", "price_won")) == [
        (vendor_client.vendor.pk, "인조고기밥", 4000)
    ]


def test_vendor_product_add_not_approved_shows_the_message(vendor_client):
    StallApplicationFactory(vendor=vendor_client.vendor, edition=open_market_edition())

    response = vendor_client.post(reverse("participants:vendor_product_add"), _product_post())

    assert response.context["form"].non_field_errors() == [
        "You can add products once your stall application is approved."
    ]
    assert Product.objects.count() == 0


@pytest.mark.parametrize(
    ("price", "message"),
    [
        ("-100", "The price cannot be below zero."),
        ("오천원", "Enter the price as a whole number of won, for example 5000."),
        ("12.5", "Enter the price as a whole number of won, for example 5000."),
    ],
)
def test_vendor_product_add_bad_price_shows_the_message(vendor_client, price, message):
    approved_application(vendor=vendor_client.vendor)

    response = vendor_client.post(
        reverse("participants:vendor_product_add"), _product_post(price_won=price)
    )

    assert response.context["form"].errors == {"price_won": [message]}
    assert Product.objects.count() == 0


def test_vendor_product_form_asks_for_allergens_in_korean_and_english(vendor_client):
    approved_application(vendor=vendor_client.vendor)

    form = vendor_client.get(reverse("participants:vendor_product_add")).context["form"]

    assert [form[name].label for name in ("allergens_ko", "allergens_en")] == [
        "Allergens (Korean)",
        "Allergens (English, optional)",
    ]
    assert (form["allergens_ko"].field.required, form["allergens_en"].field.required) == (
        False,
        False,
    )


def test_vendor_product_add_stores_allergens_in_both_languages(vendor_client):
    approved_application(vendor=vendor_client.vendor)

    vendor_client.post(
        reverse("participants:vendor_product_add"),
        _product_post(allergens_ko="대두, 밀", allergens_en="Soy, wheat"),
    )

    assert list(Product.objects.values_list("allergens_ko", "allergens_en")) == [
        ("대두, 밀", "Soy, wheat")
    ]


def test_vendor_product_add_english_allergens_alone_shows_the_message(vendor_client):
    approved_application(vendor=vendor_client.vendor)

    response = vendor_client.post(
        reverse("participants:vendor_product_add"), _product_post(allergens_en="Soy")
    )

    assert response.context["form"].errors == {
        "allergens_ko": ["Give the allergens in Korean as well."]
    }
    assert Product.objects.count() == 0


def test_vendor_product_edit_own_product(vendor_client):
    approved_application(vendor=vendor_client.vendor)
    product = ProductFactory(vendor=vendor_client.vendor)

    vendor_client.post(
        reverse("participants:vendor_product_edit", args=[product.pk]),
        _product_post(price_won="9000", is_available=""),
    )

    product.refresh_from_db()
    assert (product.price_won, product.is_available, product.category) == (9000, False, "food")


def test_vendor_product_of_another_vendor_is_404_to_see_edit_and_delete(vendor_client):
    product = ProductFactory(price_won=3000)

    seen = vendor_client.get(reverse("participants:vendor_product_edit", args=[product.pk]))
    edited = vendor_client.post(
        reverse("participants:vendor_product_edit", args=[product.pk]), _product_post()
    )
    deleted = vendor_client.post(reverse("participants:vendor_product_delete", args=[product.pk]))

    assert (seen.status_code, edited.status_code, deleted.status_code) == (404, 404, 404)
    product.refresh_from_db()
    assert product.price_won == 3000


def test_vendor_product_delete_own_product(vendor_client):
    product = ProductFactory(vendor=vendor_client.vendor)

    vendor_client.post(reverse("participants:vendor_product_delete", args=[product.pk]))

    assert Product.objects.count() == 0


def test_vendor_products_page_warns_when_liquor_is_hidden(vendor_client):
    approved_application(vendor=vendor_client.vendor)
    ProductFactory(vendor=vendor_client.vendor, category="liquor", alcohol_percent=23)

    response = vendor_client.get(reverse("participants:vendor_products"))

    assert "Hidden until your liquor licence is verified" in response.content.decode()


def test_vendor_profile_of_another_user_is_never_shown(vendor_client):
    other = VendorFactory(legal_name="Secret Person")

    response = vendor_client.get(reverse("participants:vendor_profile"))

    assert response.context["form"].instance == vendor_client.vendor
    assert "Secret Person" not in response.content.decode()
    assert other.pk != vendor_client.vendor.pk


def test_vendor_permit_list_shows_expired_as_unverified(vendor_client):
    PermitFactory(vendor=vendor_client.vendor, expires_on=dt.date(2020, 1, 1))

    response = vendor_client.get(reverse("participants:vendor_permits"))

    assert "Expired (counts as unverified)" in response.content.decode()


def test_vendor_application_second_submission_changes_nothing(vendor_client):
    application = StallApplicationFactory(
        vendor=vendor_client.vendor, edition=open_market_edition(), status="submitted", note="First"
    )

    response = vendor_client.post(
        reverse("participants:vendor_application"),
        {"categories": ["food"], "stall_size": "large", "note": "Second", "action": "submit"},
    )

    assert response.status_code == 200
    assert response.context["editable"] is False
    application.refresh_from_db()
    assert (application.note, application.sells_food, StallApplication.objects.count()) == (
        "First",
        False,
        1,
    )
