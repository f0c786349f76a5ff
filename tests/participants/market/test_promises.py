"""The market keeps the promises its pages and emails make (issue 17, item 3)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from participants.market.selectors import product_public_list
from participants.market.services import (
    product_create,
    product_update,
    stall_application_approve,
    stall_assign,
)
from participants.models import Product, Reminder
from participants.outbox.services import reminder_message
from tests.factories import (
    EditionFactory,
    PermitFactory,
    ProductFactory,
    StallApplicationFactory,
    StallFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    open_market_edition,
    png_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

JUNE = dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)


# --- placing a stall emails the vendor ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "subject", "lines"),
    [
        (
            "en",
            "Your stall at the 2025 market: stall 42",
            [
                "The organisers have placed your stall: you have stall number 42.",
                "Stall number: 42",
                "Zone: Food",
                "Setup from: 7:30 AM",
                "See where your stall is on the plan: http://127.0.0.1:8000/en/market/plan/",
            ],
        ),
        (
            "ko",
            "2025년 장터 매대 배정: 42번 매대",
            [
                "주최 측이 매대를 배정했습니다. 매대 번호는 42번입니다.",
                "매대 번호: 42",
                "구역: 음식",
                "설치 시작: 오전 7:30",
                "배치도에서 매대 위치 보기: http://127.0.0.1:8000/market/plan/",
            ],
        ),
    ],
)
def test_stall_assign_emails_number_zone_setup_time_and_plan_link(language, subject, lines):
    application = approved_application(
        edition=EditionFactory(year=2025),
        vendor=VendorFactory(owner__preferred_language=language),
        sells_crafts=False,
        sells_food=True,
    )
    stall = StallFactory(
        stage__edition=application.edition, number=42, zone="food", setup_at=dt.time(7, 30)
    )

    stall_assign(application=application, stall=stall, now=JUNE)

    reminder = Reminder.objects.get(kind="vendor_stall_placed")
    message = reminder_message(reminder=reminder, now=JUNE)
    assert (reminder.due_at, reminder.recipient) == (JUNE, application.vendor.owner)
    assert message.subject == subject
    for line in lines:
        assert line in message.body
    [(html, _mimetype)] = message.alternatives
    plan = lines[-1].rsplit(" ", 1)[-1]
    assert f'href="{plan}"' in html


def test_stall_assign_moving_emails_the_new_stall_and_the_old_number():
    application = approved_application(
        edition=EditionFactory(year=2025), vendor=VendorFactory(owner__preferred_language="en")
    )
    first = StallFactory(stage__edition=application.edition, number=3)
    second = StallFactory(stage=first.stage, number=8)
    stall_assign(application=application, stall=first, now=JUNE)

    stall_assign(application=application, stall=second, now=JUNE)

    placed = Reminder.objects.filter(kind="vendor_stall_placed").order_by("id")
    assert [r.context["stall_number"] for r in placed] == [3, 8]
    message = reminder_message(reminder=placed.last(), now=JUNE)
    assert message.subject == "Your stall has moved: now stall 8 at the 2025 market"
    assert "The organisers have moved your stall from number 3 to number 8." in message.body


def test_stall_assign_the_same_stall_again_sends_nothing_new():
    application = approved_application()
    stall = StallFactory(stage__edition=application.edition)
    stall_assign(application=application, stall=stall, now=JUNE)

    stall_assign(application=application, stall=stall, now=JUNE)

    assert Reminder.objects.filter(kind="vendor_stall_placed").count() == 1


# --- alcohol only in liquor -----------------------------------------------------------------


def _product_fields(**overrides):
    return {
        "name_ko": "두부밥",
        "category": "food",
        "price_won": 5000,
        "provenance": "north_style",
        **overrides,
    }


def test_product_create_food_with_alcohol_is_refused():
    application = approved_application()

    with pytest.raises(ValidationError) as error:
        product_create(
            vendor=application.vendor, fields=_product_fields(alcohol_percent=Decimal("40"))
        )

    assert error.value.message_dict == {
        "alcohol_percent": [
            "Only liquor has an alcohol content. Choose the category “Liquor” or leave the "
            "alcohol content empty."
        ]
    }
    assert Product.objects.count() == 0


def test_product_liquor_with_alcohol_is_accepted():
    application = approved_application()

    product = product_create(
        vendor=application.vendor,
        fields=_product_fields(category="liquor", alcohol_percent=Decimal("40")),
    )

    assert product.alcohol_percent == Decimal("40")


def test_product_alcohol_outside_liquor_is_refused_by_the_database():
    product = ProductFactory(category="food")

    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.filter(pk=product.pk).update(alcohol_percent=Decimal("40"))


# --- goods from the North need an import approval ---------------------------------------------


@pytest.mark.parametrize("status", [None, "pending", "rejected"])
def test_product_create_north_imported_without_verified_import_approval_is_refused(status):
    application = approved_application()
    if status:
        PermitFactory(vendor=application.vendor, kind="import_approval", status=status)

    with pytest.raises(ValidationError) as error:
        product_create(
            vendor=application.vendor, fields=_product_fields(provenance="north_imported")
        )

    assert error.value.message_dict == {
        "provenance": [
            "Goods made in the North and imported need a verified import approval (반입승인) on "
            "file. Upload it under Permits; an organiser will check it."
        ]
    }
    assert Product.objects.count() == 0


def test_product_create_north_imported_with_an_expired_approval_is_refused():
    application = approved_application()
    PermitFactory(vendor=application.vendor, kind="import_approval", expires_on=dt.date(2020, 1, 1))

    with pytest.raises(ValidationError):
        product_create(
            vendor=application.vendor, fields=_product_fields(provenance="north_imported")
        )


def test_product_create_north_imported_with_verified_import_approval_is_accepted():
    application = approved_application()
    PermitFactory(vendor=application.vendor, kind="import_approval")

    product = product_create(
        vendor=application.vendor, fields=_product_fields(provenance="north_imported")
    )

    assert product.provenance == "north_imported"


def test_product_update_to_north_imported_without_approval_is_refused():
    application = approved_application()
    product = ProductFactory(vendor=application.vendor, provenance="north_style")

    with pytest.raises(ValidationError):
        product_update(product=product, fields={"provenance": "north_imported"})

    product.refresh_from_db()
    assert product.provenance == "north_style"


# --- a health certificate per person handling food -------------------------------------------


def _food_application(handlers: int):
    application = StallApplicationFactory(
        sells_crafts=False, sells_food=True, food_handlers=handlers
    )
    PermitFactory(vendor=application.vendor, kind="food_report")
    return application


def test_stall_application_approve_food_with_fewer_health_certificates_than_handlers_is_refused():
    application = _food_application(handlers=2)
    PermitFactory(vendor=application.vendor, kind="health_certificate")
    PermitFactory(vendor=application.vendor, kind="health_certificate", status="pending")

    with pytest.raises(ValidationError) as error:
        stall_application_approve(application=application, by=UserFactory(), now=JUNE)

    assert error.value.messages == [
        "Food needs a verified health certificate (보건증) valid on the day for each of the 2 "
        "people handling food; 1 on file."
    ]
    application.refresh_from_db()
    assert application.status == "submitted"


def test_stall_application_approve_food_with_a_certificate_per_handler_is_accepted():
    application = _food_application(handlers=2)
    PermitFactory.create_batch(2, vendor=application.vendor, kind="health_certificate")

    approved = stall_application_approve(application=application, by=UserFactory(), now=JUNE)

    assert approved.status == "approved"


def test_stall_application_food_handlers_above_the_maximum_is_refused_by_the_database():
    application = StallApplicationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        type(application).objects.filter(pk=application.pk).update(food_handlers=500)


# --- the vendor's forms -----------------------------------------------------------------------


@pytest.fixture
def vendor_client(client):
    vendor = VendorFactory()
    client.force_login(vendor.owner)
    client.vendor = vendor
    return client


def _photo(data: bytes, name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, "image/png")


def test_vendor_product_add_bad_photo_is_reported_with_the_other_errors(vendor_client):
    approved_application(vendor=vendor_client.vendor)

    response = vendor_client.post(
        reverse("participants:vendor_product_add"),
        {
            "name_ko": "",
            "category": "food",
            "price_won": "4000",
            "provenance": "north_style",
            "photo": _photo(b"not an image at all", "menu.png"),
        },
    )

    errors = response.context["form"].errors
    assert sorted(errors) == ["name_ko", "photo"]
    assert Product.objects.count() == 0


def test_vendor_product_add_good_photo_with_other_errors_asks_for_it_again(vendor_client):
    approved_application(vendor=vendor_client.vendor)

    response = vendor_client.post(
        reverse("participants:vendor_product_add"),
        {
            "name_ko": "",
            "category": "food",
            "price_won": "4000",
            "provenance": "north_style",
            "photo": _photo(png_bytes()),
        },
    )

    assert response.context["form"].errors["photo"] == [
        "Your photo was fine, but the form had other errors: please choose the photo again "
        "before saving."
    ]


def test_vendor_application_without_a_category_shows_the_error_once(vendor_client):
    open_market_edition()

    response = vendor_client.post(
        reverse("participants:vendor_application"), {"stall_size": "small", "action": "submit"}
    )

    html = response.content.decode()
    assert html.count("Choose at least one category of goods.") == 1
    assert response.context["form"].errors == {
        "categories": ["Choose at least one category of goods."]
    }


def test_vendor_application_submit_is_primary_and_draft_secondary(vendor_client):
    open_market_edition()

    html = vendor_client.get(reverse("participants:vendor_application")).content.decode()

    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"([^>]*)>', html)
    assert buttons == [("submit", ""), ("draft", ' class="button button-secondary"')]


def test_vendor_application_checkboxes_have_their_labels_beside_them(vendor_client):
    open_market_edition()

    html = vendor_client.get(reverse("participants:vendor_application")).content.decode()

    assert (
        '<div class="checkbox-row"><input type="checkbox" name="needs_power" id="id_needs_power">'
        '<label for="id_needs_power">Needs electricity</label></div>'
    ) in html


def test_vendor_products_edit_is_primary_and_remove_secondary(vendor_client):
    approved_application(vendor=vendor_client.vendor)
    product = ProductFactory(vendor=vendor_client.vendor, name_en="Tofu rice")

    html = vendor_client.get(reverse("participants:vendor_products")).content.decode()

    edit = reverse("participants:vendor_product_edit", args=[product.pk])
    remove = reverse("participants:vendor_product_delete", args=[product.pk])
    assert f'<a class="button" href="{edit}">Edit' in html
    assert f'<a class="button button-secondary" href="{remove}">Remove' in html


def test_vendor_product_delete_asks_first_and_removes_only_on_confirmation(vendor_client):
    product = ProductFactory(vendor=vendor_client.vendor, name_en="Tofu rice")
    url = reverse("participants:vendor_product_delete", args=[product.pk])

    asked = vendor_client.get(url)

    assert "Remove “Tofu rice” from your products?" in asked.content.decode()
    assert Product.objects.count() == 1
    vendor_client.post(url)
    assert Product.objects.count() == 0


def test_product_public_list_hides_imports_once_the_approval_has_expired():
    vendor = VendorFactory()
    PermitFactory(vendor=vendor, kind="import_approval", expires_on=dt.date(2025, 6, 30))
    imported = ProductFactory(vendor=vendor, provenance="north_imported")
    made_here = ProductFactory(vendor=vendor, provenance="north_style")

    before = list(product_public_list(on=dt.date(2025, 6, 30)))
    after = list(product_public_list(on=dt.date(2025, 7, 1)))

    assert (before, after) == ([imported, made_here], [made_here])
