import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import Performer
from events.services import performer_save
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {2: (37.0, 33.0, 0.0), 4: (126.0, 58.0, 0.0)}  # GPS latitude / longitude
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_performer_save_strips_photo_metadata():
    raw = _jpeg_with_gps()
    assert Image.open(io.BytesIO(raw)).getexif()  # the upload carries EXIF and GPS
    performer = Performer(display_name="가수", photo=SimpleUploadedFile("me.jpeg", raw))

    performer_save(performer=performer)

    performer.refresh_from_db()
    with performer.photo.open("rb") as stored, Image.open(stored) as image:
        assert dict(image.getexif()) == {}
        assert image.size == (40, 30)
    assert performer.photo.name.endswith(".jpg")


def test_performer_save_refuses_a_file_that_is_not_an_image():
    performer = Performer(
        display_name="가수", photo=SimpleUploadedFile("me.jpg", b"not an image at all")
    )

    with pytest.raises(ValidationError) as error:
        performer_save(performer=performer)

    assert "photo" in error.value.message_dict
    assert Performer.objects.count() == 0


def test_performer_save_publishing_records_who_and_when():
    organiser = UserFactory(is_staff=True)
    performer = Performer(display_name="가수", is_published=True)

    performer_save(performer=performer, by=organiser)

    performer.refresh_from_db()
    assert performer.published_by == organiser
    assert performer.published_at is not None
