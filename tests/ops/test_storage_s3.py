"""Files on S3-compatible object storage (MEDIA_STORAGE=s3), against moto's real S3 server."""

import datetime as dt
import io
import urllib.request
from unittest import mock
from urllib.parse import parse_qs, parse_qsl, urlsplit, urlunsplit

import botocore.auth
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from PIL import Image

from events.common.storage import PrivateMediaStorage, check_object_storage
from events.models import AuditEntry
from exhibits.services import exhibit_image_add
from participants.market.services import product_create, product_update
from participants.models import Permit, Product
from tests.factories import (
    ExhibitFactory,
    PermitFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    jpeg_with_gps,
)
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, free_port

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _upload_permit(client) -> object:
    return client.post(
        reverse("participants:vendor_permits"),
        {
            "kind": "liquor_licence",
            "number": "L-77",
            "expires_on": "2099-01-01",
            "scan": SimpleUploadedFile("l.pdf", b"%PDF-1.7 licence", "application/pdf"),
        },
    )


@pytest.fixture
def vendor_client(client):
    vendor = VendorFactory()
    client.force_login(vendor.owner)
    client.vendor = vendor
    return client


def test_permit_upload_goes_to_the_private_bucket_only(s3, vendor_client):
    response = _upload_permit(vendor_client)

    assert response["Location"] == reverse("participants:vendor_permits")
    permit = Permit.objects.get()
    assert s3.keys(s3.private_bucket) == [permit.scan.name]
    assert s3.keys(s3.public_bucket) == []
    assert s3.read(s3.private_bucket, permit.scan.name) == b"%PDF-1.7 licence"
    with pytest.raises(ValueError, match="no public URL"):
        permit.scan.url  # noqa: B018


def test_permit_scan_streamed_to_its_vendor_from_the_bucket(s3, settings, vendor_client):
    settings.PRIVATE_MEDIA_DELIVERY = "stream"
    _upload_permit(vendor_client)
    permit = Permit.objects.get()

    response = vendor_client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 200
    assert response.block_size == 256 * 1024
    assert b"".join(response.streaming_content) == b"%PDF-1.7 licence"
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox"


def test_permit_scan_of_another_vendor_is_a_404_with_s3(s3, vendor_client, client):
    _upload_permit(vendor_client)
    permit = Permit.objects.get()
    client.force_login(UserFactory())

    response = client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 404


def test_permit_scan_presigned_redirect_issued_after_the_check(s3, settings, vendor_client):
    settings.PRIVATE_MEDIA_DELIVERY = "presigned"
    _upload_permit(vendor_client)
    permit = Permit.objects.get()

    response = vendor_client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    location = response["Location"]
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(f"{s3.url}/{s3.private_bucket}/{permit.scan.name}?")
    assert query["X-Amz-Expires"] == ["60"]
    assert query["response-cache-control"] == ["private, no-store"]
    with urllib.request.urlopen(location, timeout=5) as fetched:  # noqa: S310 — loopback
        assert fetched.read() == b"%PDF-1.7 licence"
        assert fetched.headers["Cache-Control"] == "private, no-store"


def _s3_accepts(url: str, *, now: dt.datetime) -> bool:
    """S3's rule for a presigned GET: the SigV4 signature over the URL holds, and ``now`` is
    within X-Amz-Expires seconds of X-Amz-Date. The signature is computed again by botocore."""
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    signed_at = dt.datetime.strptime(query["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    lifetime = int(query["X-Amz-Expires"])
    request = AWSRequest(
        method="GET",
        url=urlunsplit(parts._replace(query="")),
        params={name: value for name, value in query.items() if not name.startswith("X-Amz-")},
    )
    signer = botocore.auth.S3SigV4QueryAuth(
        Credentials(ACCESS_KEY, SECRET_KEY), "s3", REGION, expires=lifetime
    )
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=signed_at):
        signer.add_auth(request)
    resigned = dict(parse_qsl(urlsplit(request.url).query))["X-Amz-Signature"]
    in_time = signed_at <= now <= signed_at + dt.timedelta(seconds=lifetime)
    return resigned == query["X-Amz-Signature"] and in_time


def test_permit_scan_presigned_url_expires_and_a_later_request_gets_a_fresh_one(
    s3, settings, vendor_client
):
    # moto's server (5.2) does not check presigned GETs: it serves any URL with "Signature=" in
    # it, expired or tampered. So the expiry is checked by S3's own rule (_s3_accepts), and
    # botocore's clock, which dates the URL, is moved instead of waiting a minute.
    settings.PRIVATE_MEDIA_DELIVERY = "presigned"
    settings.PRIVATE_MEDIA_URL_SECONDS = 60
    _upload_permit(vendor_client)
    scan = reverse("participants:vendor_permit_scan", args=[Permit.objects.get().pk])
    issued = dt.datetime(2026, 12, 5, 9, 0, 0, tzinfo=dt.UTC)
    expired = issued + dt.timedelta(seconds=61)
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=issued):
        first = vendor_client.get(scan)["Location"]
    lengthened = first.replace("X-Amz-Expires=60", "X-Amz-Expires=3600")

    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=expired):
        again = vendor_client.get(scan)

    assert parse_qs(urlsplit(first).query)["X-Amz-Expires"] == ["60"]
    assert _s3_accepts(first, now=issued) is True
    assert _s3_accepts(first, now=expired) is False
    assert _s3_accepts(lengthened, now=expired) is False  # the lifetime is under the signature
    assert again.status_code == 302
    assert again["Cache-Control"] == "private, no-store"
    second = again["Location"]
    assert parse_qs(urlsplit(second).query)["X-Amz-Date"] == ["20261205T090101Z"]
    assert _s3_accepts(second, now=expired) is True
    with urllib.request.urlopen(second, timeout=5) as fetched:  # noqa: S310 — loopback
        assert fetched.read() == b"%PDF-1.7 licence"


def test_permit_scan_from_the_bucket_is_presigned_by_default(s3, settings, vendor_client):
    settings.PRIVATE_MEDIA_DELIVERY = "auto"
    _upload_permit(vendor_client)
    permit = Permit.objects.get()

    response = vendor_client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    assert response["Location"].startswith(f"{s3.url}/{s3.private_bucket}/{permit.scan.name}?")


def test_permit_scan_on_disk_is_streamed_whatever_the_delivery(settings, vendor_client, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_DELIVERY = "presigned"
    _upload_permit(vendor_client)
    permit = Permit.objects.get()

    response = vendor_client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 licence"
    assert response["Cache-Control"] == "private, no-store"


def test_permit_scan_presigned_not_issued_to_another_user(s3, settings, vendor_client, client):
    settings.PRIVATE_MEDIA_DELIVERY = "presigned"
    _upload_permit(vendor_client)
    permit = Permit.objects.get()
    client.force_login(UserFactory())

    response = client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert response.status_code == 404
    assert "Location" not in response


def test_staff_fetch_of_a_permit_scan_is_audited_with_s3(s3, settings, client):
    settings.PRIVATE_MEDIA_DELIVERY = "stream"
    permit = PermitFactory()
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)

    response = client.get(reverse("participants:vendor_permit_scan", args=[permit.pk]))

    assert b"".join(response.streaming_content) == b"%PDF-1.4 test scan"
    assert list(
        AuditEntry.objects.filter(action="private_file").values_list("target", "object_id")
    ) == [("participants.Permit", str(permit.pk))]


def test_product_photo_replaced_deletes_the_old_objects(s3, django_capture_on_commit_callbacks):
    vendor = approved_application().vendor
    fields = {"name_ko": "상품", "name_en": "Product", "category": "crafts", "price_won": 5000}
    fields["provenance"] = "north_style"
    first = SimpleUploadedFile("a.jpg", jpeg_with_gps(), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        product = product_create(vendor=vendor, fields=fields, photo=first)
    old = sorted([product.photo.name, product.thumbnail.name])
    assert s3.keys(s3.private_bucket) == old

    second = SimpleUploadedFile("b.jpg", jpeg_with_gps(), "image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        product = product_update(product=product, fields=fields, photo=second)

    assert s3.keys(s3.private_bucket) == sorted([product.photo.name, product.thumbnail.name])
    assert not set(old) & set(s3.keys(s3.private_bucket))
    assert s3.keys(s3.public_bucket) == []


def test_product_photo_in_the_private_bucket_without_metadata_served_by_the_view(
    s3, client, settings
):
    settings.PRIVATE_MEDIA_DELIVERY = "stream"  # the presigned default is tested with permits
    vendor = approved_application().vendor
    fields = {"name_ko": "상품", "name_en": "Product", "category": "crafts", "price_won": 5000}
    fields["provenance"] = "north_style"
    photo = SimpleUploadedFile("a.jpg", jpeg_with_gps(), "image/jpeg")

    product = product_create(vendor=vendor, fields=fields, photo=photo)
    response = client.get(product.photo_url("photo"))

    with pytest.raises(ValueError, match="no public URL"):
        product.photo.url  # noqa: B018
    stored = s3.read(s3.private_bucket, product.photo.name)
    assert b"SecretPhone" not in stored
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
    assert s3.keys(s3.public_bucket) == []
    assert b"".join(response.streaming_content) == stored


def test_exhibit_image_original_in_the_private_bucket_without_exif(s3):
    exhibit = ExhibitFactory()

    image = exhibit_image_add(exhibit=exhibit, upload=jpeg_with_gps(), by=None)

    assert s3.keys(s3.private_bucket) == sorted(
        f"exhibits/{name}"
        for name in (image.original.name, image.thumbnail.name, image.display.name)
    )
    stored = s3.read(s3.private_bucket, f"exhibits/{image.original.name}")
    assert b"SecretPhone" not in stored
    assert dict(Image.open(io.BytesIO(stored)).getexif()) == {}
    assert s3.keys(s3.public_bucket) == []


def test_permit_upload_with_the_store_down_says_so_and_saves_nothing(s3, settings, vendor_client):
    settings.S3_ENDPOINT_URL = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    settings.S3_CONNECT_TIMEOUT_SECONDS = 0.5

    response = _upload_permit(vendor_client)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The file could not be stored just now. Nothing was saved; please try again later."
    ]
    assert Permit.objects.count() == 0
    assert s3.keys(s3.private_bucket) == []


def test_product_add_with_the_store_down_writes_no_row(s3, settings):
    settings.S3_ENDPOINT_URL = f"http://127.0.0.1:{free_port()}"
    settings.S3_CONNECT_TIMEOUT_SECONDS = 0.5
    settings.STORAGES = {**settings.STORAGES}  # a new default storage with the new endpoint
    vendor = approved_application().vendor
    fields = {"name_ko": "상품", "name_en": "Product", "category": "crafts", "price_won": 5000}
    fields["provenance"] = "north_style"
    photo = SimpleUploadedFile("a.jpg", jpeg_with_gps(), "image/jpeg")

    with pytest.raises(Exception, match="could not be stored") as refused:
        product_create(vendor=vendor, fields=fields, photo=photo)

    assert refused.value.message_dict == {
        "photo": [
            "The file could not be stored just now. Nothing was saved; please try again later."
        ]
    }
    assert Product.objects.count() == 0


def test_private_storage_follows_the_settings_at_each_use(s3, settings, tmp_path):
    storage = PrivateMediaStorage("performers")
    s3_name = storage.save("a.txt", io.BytesIO(b"in the bucket"))
    settings.MEDIA_STORAGE = "local"

    local_name = storage.save("b.txt", io.BytesIO(b"on disk"))

    assert s3.keys(s3.private_bucket) == [f"performers/{s3_name}"]
    assert (settings.PRIVATE_MEDIA_ROOT / "performers" / local_name).read_bytes() == b"on disk"


def test_copy_media_to_s3_copies_every_file_and_reports_missing(settings, s3, tmp_path):
    # Files written while the site still ran on local disk...
    settings.MEDIA_STORAGE = "local"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    present = PermitFactory()
    gone = PermitFactory()
    (settings.PRIVATE_MEDIA_ROOT / gone.scan.name).unlink()
    out = io.StringIO()
    settings.MEDIA_STORAGE = "s3"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "events.common.storage.PublicMediaStorage"},
    }

    call_command("copy_media_to_object_store", stdout=out)

    assert s3.keys(s3.private_bucket) == [present.scan.name]
    report = out.getvalue()
    assert f"participants.Permit {gone.pk} scan: {gone.scan.name} not found" in report
    assert "copied 1, already there 0, missing 1" in report


def test_object_storage_check_needs_two_different_buckets(settings):
    settings.MEDIA_STORAGE = "s3"
    settings.S3_PUBLIC_BUCKET, settings.S3_PRIVATE_BUCKET = "media", ""
    assert [error.id for error in check_object_storage(None)] == ["events.E101"]

    settings.S3_PRIVATE_BUCKET = "media"
    assert [error.id for error in check_object_storage(None)] == ["events.E102"]

    settings.S3_PRIVATE_BUCKET = "media-private"
    assert check_object_storage(None) == []


def test_permit_upload_with_the_store_down_says_so_in_korean(s3, settings, client):
    vendor = VendorFactory()
    client.force_login(vendor.owner)
    settings.S3_ENDPOINT_URL = f"http://127.0.0.1:{free_port()}"
    settings.S3_CONNECT_TIMEOUT_SECONDS = 0.5

    with translation.override("ko"):
        response = _upload_permit(client)

    assert response.status_code == 200
    assert (
        "지금은 파일을 저장할 수 없습니다. 아무것도 저장되지 않았으니 잠시 후 다시 시도해 주세요."
        in response.content.decode()
    )
    assert Permit.objects.count() == 0


def test_permit_removed_deletes_its_object_from_the_private_bucket(
    s3, vendor_client, django_capture_on_commit_callbacks
):
    _upload_permit(vendor_client)
    permit = Permit.objects.get()
    assert s3.keys(s3.private_bucket) == [permit.scan.name]

    with django_capture_on_commit_callbacks(execute=True):
        response = vendor_client.post(
            reverse("participants:vendor_permit_delete", args=[permit.pk])
        )

    assert response["Location"] == reverse("participants:vendor_permits")
    assert Permit.objects.count() == 0
    assert s3.keys(s3.private_bucket) == []
