"""Market services: permits (private scans, verification) and products, stall ranges."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from participants.market.services import (
    permit_delete,
    permit_reject,
    permit_upload,
    permit_verify,
    product_create,
    product_delete,
    product_update,
    stall_assign,
    stall_range_create,
)
from participants.models import Permit, Product, StallApplication
from tests.factories import (
    PermitFactory,
    ProductFactory,
    StallApplicationFactory,
    StallFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    jpeg_with_gps,
    open_market_edition,
    permit_pdf,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# 1 June 2025, Seoul: a month and a half before the 2025 edition, applications open.
JUNE = dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)


# --- permits ---------------------------------------------------------------------------------


def test_permit_upload_pdf_goes_to_private_storage(settings):
    vendor = VendorFactory()

    permit = permit_upload(
        vendor=vendor,
        kind="food_report",
        number=" F-1 ",
        expires_on=dt.date(2025, 12, 31),
        scan=permit_pdf(),
        now=JUNE,
    )

    assert (permit.status, permit.number, permit.scan_content_type) == (
        "pending",
        "F-1",
        "application/pdf",
    )
    assert permit.scan.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    with pytest.raises(ValueError, match="no public URL"):
        permit.scan.url  # noqa: B018


def test_permit_upload_image_loses_its_metadata():
    scan = SimpleUploadedFile("scan.jpg", jpeg_with_gps(), "image/jpeg")

    permit = permit_upload(
        vendor=VendorFactory(),
        kind="health_certificate",
        number="H-1",
        expires_on=dt.date(2025, 12, 31),
        scan=scan,
        now=JUNE,
    )

    stored = permit.scan.open("rb").read()
    assert permit.scan_content_type == "image/jpeg"
    assert b"SecretPhone" not in stored
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}


def test_permit_upload_refuses_an_expiry_in_the_past():
    with pytest.raises(ValidationError) as error:
        permit_upload(
            vendor=VendorFactory(),
            kind="food_report",
            number="F-1",
            expires_on=dt.date(2025, 5, 31),
            scan=permit_pdf(),
            now=JUNE,
        )

    assert error.value.message_dict == {"expires_on": ["This permit has already expired."]}
    assert Permit.objects.count() == 0


def test_permit_upload_refuses_a_file_that_is_neither_pdf_nor_image():
    scan = SimpleUploadedFile("permit.exe", b"MZ\x90\x00 not a document", "application/pdf")

    with pytest.raises(ValidationError) as error:
        permit_upload(
            vendor=VendorFactory(),
            kind="food_report",
            number="F-1",
            expires_on=dt.date(2025, 12, 31),
            scan=scan,
            now=JUNE,
        )

    assert error.value.message_dict == {
        "scan": ["Upload the scan as a PDF or as a JPEG, PNG, WebP or HEIC image."]
    }
    assert Permit.objects.count() == 0


def test_permit_upload_refuses_a_file_too_large(settings):
    settings.PERMIT_SCAN_MAX_BYTES = 1_048_576

    with pytest.raises(ValidationError) as error:
        permit_upload(
            vendor=VendorFactory(),
            kind="food_report",
            number="F-1",
            expires_on=dt.date(2025, 12, 31),
            scan=permit_pdf(size=2_000_000),
            now=JUNE,
        )

    assert error.value.message_dict == {
        "scan": ["The file is too large (1.9 MB); the limit is 1 MB."]
    }
    assert Permit.objects.count() == 0


def test_permit_verify_and_reject_record_the_organiser_and_note():
    organiser = UserFactory(is_staff=True)
    good = PermitFactory(status="pending")
    bad = PermitFactory(status="pending")

    permit_verify(permit=good, by=organiser, now=JUNE)
    permit_reject(permit=bad, by=organiser, note="The scan is unreadable.", now=JUNE)

    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, good.verified_by, good.verified_at) == ("verified", organiser, JUNE)
    assert (bad.status, bad.organiser_note) == ("rejected", "The scan is unreadable.")


def test_permit_verify_refuses_an_expired_permit():
    permit = PermitFactory(status="pending", expires_on=dt.date(2025, 5, 1))

    with pytest.raises(ValidationError) as error:
        permit_verify(permit=permit, by=UserFactory(), now=JUNE)

    assert error.value.code == "expired"


def test_permit_expired_counts_as_unverified():
    permit = PermitFactory(status="verified", expires_on=dt.date(2025, 5, 1))

    assert permit.effective_status(on=dt.date(2025, 6, 1)) == "expired"
    assert permit.vendor.valid_permit("food_report", on=dt.date(2025, 6, 1)) is None


def test_permit_delete_refuses_a_verified_permit():
    permit = PermitFactory(status="verified")

    with pytest.raises(ValidationError):
        permit_delete(permit=permit)

    assert Permit.objects.count() == 1


# --- products --------------------------------------------------------------------------------

PRODUCT = {"name_ko": "두부밥", "category": "food", "price_won": 5000, "provenance": "north_style"}


def test_product_create_for_an_approved_vendor_strips_the_photo(settings):
    application = approved_application()
    photo = SimpleUploadedFile("rice.jpg", jpeg_with_gps(), "image/jpeg")

    product = product_create(vendor=application.vendor, fields=PRODUCT, photo=photo)

    stored = product.photo.open("rb").read()
    assert b"SecretPhone" not in stored
    assert Image.open(product.thumbnail.open("rb")).format == "WEBP"
    assert (product.name_ko, product.price_won) == ("두부밥", 5000)


def test_product_create_refuses_a_vendor_not_approved():
    application = StallApplicationFactory(edition=open_market_edition(), status="submitted")

    with pytest.raises(ValidationError) as error:
        product_create(vendor=application.vendor, fields=PRODUCT)

    assert error.value.messages == ["You can add products once your stall application is approved."]
    assert Product.objects.count() == 0


def test_product_create_refuses_a_negative_price():
    application = approved_application()

    with pytest.raises(ValidationError) as error:
        product_create(vendor=application.vendor, fields={**PRODUCT, "price_won": -1})

    assert "price_won" in error.value.message_dict
    assert Product.objects.count() == 0


def test_product_create_liquor_needs_its_alcohol_content():
    application = approved_application()

    with pytest.raises(ValidationError) as error:
        product_create(vendor=application.vendor, fields={**PRODUCT, "category": "liquor"})

    assert error.value.message_dict == {
        "alcohol_percent": ["Give the alcohol content of a liquor product."]
    }


def test_product_create_refuses_a_photo_that_is_not_an_image():
    application = approved_application()
    photo = SimpleUploadedFile("x.jpg", b"not an image", "image/jpeg")

    with pytest.raises(ValidationError) as error:
        product_create(vendor=application.vendor, fields=PRODUCT, photo=photo)

    assert list(error.value.message_dict) == ["photo"]
    assert Product.objects.count() == 0


def test_product_update_and_delete():
    product = ProductFactory(vendor=approved_application().vendor)

    product_update(
        product=product,
        fields={"price_won": 7000, "category": "liquor", "alcohol_percent": Decimal("25.0")},
    )
    product.refresh_from_db()
    assert (product.price_won, product.alcohol_percent) == (7000, Decimal("25.0"))

    product_delete(product=product)
    assert Product.objects.count() == 0


def test_stall_range_create_refuses_a_stage_that_is_not_a_market():
    from tests.factories import StageFactory

    with pytest.raises(ValidationError) as error:
        stall_range_create(stage=StageFactory(), first=1, last=3, zone="food", size="small")

    assert error.value.message_dict == {"stage": ["Stalls belong in a market area."]}


def test_stall_range_create_refuses_a_reversed_range():
    from tests.factories import MarketStageFactory

    with pytest.raises(ValidationError) as error:
        stall_range_create(stage=MarketStageFactory(), first=9, last=3, zone="food", size="small")

    assert list(error.value.message_dict) == ["last"]


def test_stall_held_cannot_be_deleted_but_its_edition_can():
    from django.db.models import RestrictedError

    application = approved_application()
    stall = StallFactory(stage__edition=application.edition)
    stall_assign(application=application, stall=stall)

    with pytest.raises(RestrictedError):
        stall.delete()
    application.edition.delete()

    assert StallApplication.objects.count() == 0
