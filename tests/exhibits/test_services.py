import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from events.common.images import image_sanitise
from events.models import SEOUL, AuditEntry
from exhibits import services
from exhibits.models import Display, Exhibit, ExhibitImage
from tests.factories import (
    DisplayFactory,
    EditionFactory,
    ExhibitFactory,
    ExhibitImageFactory,
    LenderFactory,
    jpeg_with_gps,
    png_bytes,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2025, 7, 1, 9, 30, tzinfo=SEOUL)


def test_exhibit_image_add_strips_metadata_and_makes_renditions(curator):
    exhibit = ExhibitFactory(is_published=False, published_at=None)

    image = services.exhibit_image_add(
        exhibit=exhibit,
        upload=jpeg_with_gps(size=(640, 480)),
        by=curator,
        alt_text_ko="외투",
        now=NOW,
    )

    original = image.original.read()
    image.original.seek(0)
    assert b"SecretPhone" not in original
    assert dict(Image.open(io.BytesIO(original)).getexif()) == {}
    thumb = Image.open(image.thumbnail.open("rb"))
    display = Image.open(image.display.open("rb"))
    assert (thumb.format, thumb.size, display.size) == ("WEBP", (480, 360), (640, 480))
    assert (image.uploaded_by, image.uploaded_at, image.width, image.height) == (
        curator,
        NOW,
        640,
        480,
    )


def test_exhibit_image_add_refuses_a_file_that_is_not_an_image_and_saves_nothing(curator):
    exhibit = ExhibitFactory()

    with pytest.raises(ValidationError) as error:
        services.exhibit_image_add(exhibit=exhibit, upload=b"%PDF-1.7 a loan form", by=curator)

    assert error.value.messages == [
        "This file is not an image we can read. Upload a JPEG, PNG, WebP or HEIC image."
    ]
    assert ExhibitImage.objects.count() == 0


def test_exhibit_image_add_refuses_a_100_megapixel_png_before_decoding(curator):
    exhibit = ExhibitFactory()
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, format="PNG")  # 100 MP, a few kB: a bomb

    with pytest.raises(ValidationError) as error:
        services.exhibit_image_add(exhibit=exhibit, upload=out.getvalue(), by=curator)

    assert error.value.messages == ["The image has too many pixels (100.0 megapixels; at most 40)."]
    assert ExhibitImage.objects.count() == 0


def test_exhibit_publish_records_who_and_when_and_audits(curator):
    exhibit = ExhibitFactory(is_published=False, published_at=None)
    ExhibitImageFactory(exhibit=exhibit)

    services.exhibit_publish(exhibit=exhibit, by=curator, now=NOW)

    exhibit.refresh_from_db()
    assert (exhibit.is_published, exhibit.published_at, exhibit.published_by) == (
        True,
        NOW,
        curator,
    )
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target, entry.object_id, entry.user) == (
        "publish",
        "exhibits.Exhibit",
        str(exhibit.pk),
        curator,
    )


def test_exhibit_publish_refuses_images_without_alt_text_in_both_languages(curator):
    exhibit = ExhibitFactory(is_published=False, published_at=None)
    ExhibitImageFactory(exhibit=exhibit, order=1, alt_text_en="")

    with pytest.raises(ValidationError) as error:
        services.exhibit_publish(exhibit=exhibit, by=curator, now=NOW)

    assert error.value.messages == ["Image 1 needs alt text in English."]
    assert Exhibit.objects.get(pk=exhibit.pk).is_published is False


def test_exhibit_publish_refuses_a_flagged_image_not_yet_cleared(curator):
    exhibit = ExhibitFactory(is_published=False, published_at=None)
    ExhibitImageFactory(exhibit=exhibit, order=2, shows_identifying=True, uploaded_by=curator)

    with pytest.raises(ValidationError) as error:
        services.exhibit_publish(exhibit=exhibit, by=curator, now=NOW)

    assert error.value.messages == [
        "Image 2 shows faces or identifying documents: a second organiser must clear it first."
    ]


def test_exhibit_image_clear_by_the_uploader_is_refused(curator):
    image = ExhibitImageFactory(shows_identifying=True, uploaded_by=curator)

    with pytest.raises(ValidationError) as error:
        services.exhibit_image_clear(image=image, by=curator, now=NOW)

    assert error.value.messages == [
        "A second organiser must clear this image: not the person who uploaded it."
    ]
    assert ExhibitImage.objects.get(pk=image.pk).cleared_at is None


def test_exhibit_publish_after_a_second_organiser_clears_the_image(curator, second_curator):
    exhibit = ExhibitFactory(is_published=False, published_at=None)
    image = ExhibitImageFactory(exhibit=exhibit, shows_identifying=True, uploaded_by=curator)

    services.exhibit_image_clear(image=image, by=second_curator, now=NOW)
    services.exhibit_publish(exhibit=exhibit, by=curator, now=NOW)

    image.refresh_from_db()
    exhibit.refresh_from_db()
    assert (image.cleared_by, image.cleared_at, exhibit.is_published) == (
        second_curator,
        NOW,
        True,
    )


def test_exhibit_publish_by_the_organiser_who_cleared_the_image_is_refused(curator, second_curator):
    exhibit = ExhibitFactory(is_published=False, published_at=None)
    image = ExhibitImageFactory(
        exhibit=exhibit, order=1, shows_identifying=True, uploaded_by=curator
    )
    services.exhibit_image_clear(image=image, by=second_curator, now=NOW)

    with pytest.raises(ValidationError) as error:
        services.exhibit_publish(exhibit=exhibit, by=second_curator, now=NOW)

    assert error.value.messages == [
        "You cleared image 1 yourself; another organiser must publish this exhibit."
    ]


def test_exhibit_image_clear_of_an_unflagged_image_is_refused(curator, second_curator):
    image = ExhibitImageFactory(shows_identifying=False, uploaded_by=curator)

    with pytest.raises(ValidationError) as error:
        services.exhibit_image_clear(image=image, by=second_curator, now=NOW)

    assert error.value.messages == ["This image is not flagged; it needs no clearance."]


def test_exhibit_unpublish_takes_it_out_and_audits(curator):
    exhibit = ExhibitFactory()

    services.exhibit_unpublish(exhibit=exhibit, by=curator)

    exhibit.refresh_from_db()
    assert (exhibit.is_published, exhibit.published_at, exhibit.published_by) == (False, None, None)
    assert AuditEntry.objects.get().detail == {"event": "unpublished"}


def test_lender_consent_set_withdraws_and_dates_one_use():
    lender = LenderFactory(display_name="김은희")

    services.lender_consent_set(lender=lender, use="web", granted=False, on=dt.date(2025, 7, 2))

    lender.refresh_from_db()
    assert (lender.consent_web, lender.consent_web_on, lender.consent_label) == (
        False,
        dt.date(2025, 7, 2),
        True,
    )
    assert (lender.credit_line("web"), lender.credit_line("label")) == (
        "Anonymous lender",
        "김은희",
    )


def test_lender_consent_set_for_an_unknown_use_is_refused():
    lender = LenderFactory()

    with pytest.raises(ValidationError):
        services.lender_consent_set(
            lender=lender, use="ceremony", granted=True, on=dt.date(2025, 1, 1)
        )


def test_display_add_appends_in_order_and_never_twice():
    edition = EditionFactory(year=2025)
    DisplayFactory(edition=edition, order=7)
    first, second = ExhibitFactory(), ExhibitFactory()

    services.display_add(exhibits=[first, second], edition=edition)
    services.display_add(exhibits=[first], edition=edition)

    assert list(
        Display.objects.filter(exhibit__in=[first, second]).values_list("exhibit_id", "order")
    ) == [(first.pk, 8), (second.pk, 9)]


def test_exhibit_image_factory_files_are_real_images():
    image = ExhibitImageFactory()

    assert Image.open(image.thumbnail.open("rb")).format == "WEBP"
    assert len(png_bytes()) > 0


def test_exhibit_image_delete_removes_its_files(django_capture_on_commit_callbacks):
    image = ExhibitImageFactory()
    paths = [image.original.path, image.thumbnail.path, image.display.path]

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert [Path(path).exists() for path in paths] == [False, False, False]


def test_exhibit_image_store_on_an_existing_image_removes_the_old_files(
    django_capture_on_commit_callbacks,
):
    image = ExhibitImageFactory()
    old = image.original.path

    with django_capture_on_commit_callbacks(execute=True):
        services.exhibit_image_store(
            image=image, sanitised=image_sanitise(png_bytes((32, 32)), name="new")
        )
        image.save()

    assert (Path(old).exists(), Path(image.original.path).exists(), image.width) == (
        False,
        True,
        32,
    )
