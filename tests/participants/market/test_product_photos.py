"""Product photos are private files until the vendor is approved and listed: the public reaches
them only through participants:product_photo, which asks product_photo_public first."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import AuditEntry
from participants.market.product_photos import product_photos_make_private
from participants.market.services import (
    stall_application_approve,
    stall_application_withdraw,
    vendor_listing_set,
)
from participants.models import Product
from tests.factories import (
    EditionFactory,
    ProductFactory,
    StallApplicationFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    open_market_edition,
    png_bytes,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def with_photo(product: Product) -> Product:
    product.photo.save("rice.png", ContentFile(png_bytes()), save=False)
    product.thumbnail.save("rice-thumb.png", ContentFile(png_bytes((8, 8))), save=False)
    product.save()
    return product


def product_of(status: str, *, listed: bool = True, edition=None) -> Product:
    application = StallApplicationFactory(
        edition=edition or open_market_edition(),
        vendor=VendorFactory(is_listed=listed),
        status=status,
    )
    return with_photo(ProductFactory(vendor=application.vendor))


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.mark.parametrize("status", ["draft", "submitted", "waitlisted", "rejected", "withdrawn"])
@pytest.mark.parametrize("size", ["photo", "thumb"])
def test_product_photo_of_a_vendor_not_approved_is_a_404(client, status, size):
    product = product_of(status)

    response = client.get(product.photo_url(size))

    assert response.status_code == 404


@pytest.mark.parametrize("size", ["photo", "thumb"])
def test_product_photo_of_an_approved_but_unlisted_vendor_is_a_404(client, size):
    product = product_of("approved", listed=False)

    response = client.get(product.photo_url(size))

    assert response.status_code == 404


def test_product_photo_of_an_unpublished_edition_is_a_404(client):
    product = product_of("approved", edition=EditionFactory(year=2031, is_published=False))

    response = client.get(product.photo_url("photo"))

    assert response.status_code == 404


def test_product_photo_of_liquor_without_a_licence_is_a_404(client):
    product = product_of("approved")
    Product.objects.filter(pk=product.pk).update(category="liquor", alcohol_percent=16)

    response = client.get(product.photo_url("photo"))

    assert response.status_code == 404


def test_product_photo_has_no_media_url_and_is_not_under_media_root(settings):
    product = product_of("approved")

    with pytest.raises(ValueError, match="no public URL"):
        product.photo.url  # noqa: B018
    assert not default_storage.exists(product.photo.name)
    assert not (settings.MEDIA_ROOT / product.photo.name).exists()
    assert (settings.PRIVATE_MEDIA_ROOT / product.photo.name).read_bytes() == png_bytes()


def test_product_photo_unknown_size_or_product_is_a_404(client):
    product = product_of("approved")

    assert client.get(product.photo_url("original")).status_code == 404
    missing = reverse("participants:product_photo", kwargs={"pk": 999_999, "size": "photo"})
    assert client.get(missing).status_code == 404


def test_product_photo_shown_after_approval_and_listing_hidden_after_withdrawal(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    edition = open_market_edition()
    application = StallApplicationFactory(
        edition=edition, vendor=VendorFactory(is_listed=False), status="submitted"
    )
    product = with_photo(ProductFactory(vendor=application.vendor))
    organiser = UserFactory(is_staff=True, is_superuser=True)
    page = application.vendor.get_absolute_url()
    assert client.get(product.photo_url("thumb")).status_code == 404

    stall_application_approve(application=application, by=organiser)
    assert client.get(product.photo_url("thumb")).status_code == 404  # approved, not yet listed
    vendor_listing_set(vendor=application.vendor, listed=True, by=organiser)
    shown_page = client.get(page)
    shown_photo = client.get(product.photo_url("thumb"))

    assert product.thumbnail_url in shown_page.content.decode()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page).content == shown_page.content
    assert len(queries) == 0  # served from the public page cache
    assert body(shown_photo) == png_bytes((8, 8))
    assert shown_photo["Content-Type"] == "image/png"
    assert shown_photo["Cache-Control"] == "private, max-age=300"

    stall_application_withdraw(application=application)
    hidden_page = client.get(page)
    hidden_photo = client.get(product.photo_url("thumb"))

    assert hidden_page.status_code == 404  # the cached page went stale with the withdrawal
    assert hidden_photo.status_code == 404


def test_product_photo_hidden_again_when_the_vendor_is_unlisted_even_from_the_cached_list(
    client, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    application = approved_application()
    product = with_photo(ProductFactory(vendor=application.vendor))
    organiser = UserFactory(is_staff=True, is_superuser=True)
    listing = client.get(reverse("participants:market"))
    assert product.thumbnail_url in listing.content.decode()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("participants:market"))
    assert len(queries) == 0  # served from the public page cache

    vendor_listing_set(vendor=application.vendor, listed=False, by=organiser)
    listing_after = client.get(reverse("participants:market"))

    assert product.thumbnail_url not in listing_after.content.decode()
    assert client.get(product.photo_url("photo")).status_code == 404


def test_product_photo_of_a_pending_vendor_shown_to_that_vendor_only_without_caching(client):
    product = product_of("submitted")
    client.force_login(product.vendor.owner)

    response = client.get(product.photo_url("photo"))

    assert body(response) == png_bytes()
    assert response["Cache-Control"] == "private, no-store"
    client.force_login(VendorFactory().owner)
    assert client.get(product.photo_url("photo")).status_code == 404


def test_product_photo_of_a_pending_vendor_for_staff_who_may_view_products_is_audited(client):
    product = product_of("rejected")
    client.force_login(UserFactory(is_staff=True))
    assert client.get(product.photo_url("photo")).status_code == 404  # staff without view_product
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    response = client.get(product.photo_url("photo"))

    assert body(response) == png_bytes()
    assert list(
        AuditEntry.objects.filter(action="private_file").values_list("user", "target", "object_id")
    ) == [(staff.pk, "participants.Product", str(product.pk))]


def test_vendor_products_page_shows_the_thumbnail_through_the_view(client):
    product = product_of("submitted")
    client.force_login(product.vendor.owner)

    response = client.get(reverse("participants:vendor_products"))

    assert f'src="{product.thumbnail_url}"' in response.content.decode()


def test_product_admin_links_the_photo_through_the_view(client):
    product = product_of("submitted")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(reverse("admin:participants_product_change", args=[product.pk]))

    assert response.status_code == 200
    assert f'href="{product.photo_url("photo")}"' in response.content.decode()


def test_product_photos_make_private_moves_old_public_files(
    settings, django_capture_on_commit_callbacks
):
    product = ProductFactory()
    default_storage.save("products/2025/old.png", ContentFile(png_bytes()))
    Product.objects.filter(pk=product.pk).update(
        photo="products/2025/old.png", thumbnail="gone.png"
    )

    with django_capture_on_commit_callbacks(execute=True):
        counts = product_photos_make_private(products=Product.objects.all())
    again = product_photos_make_private(products=Product.objects.all())

    assert (counts.moved, counts.already_private, counts.missing) == (1, 0, 1)
    assert (again.moved, again.already_private, again.missing) == (0, 1, 1)
    assert not default_storage.exists("products/2025/old.png")
    assert (settings.PRIVATE_MEDIA_ROOT / "products/2025/old.png").read_bytes() == png_bytes()


def test_make_product_photos_private_command_reports_counts(capsys):
    ProductFactory()

    call_command("make_product_photos_private")

    assert capsys.readouterr().out.strip() == (
        "0 files moved to private storage, 0 already private, 0 missing (in neither storage)."
    )
