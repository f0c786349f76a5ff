import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from events.common.images import image_rendition, image_sanitise
from tests.factories import jpeg_with_gps


def test_image_sanitise_strips_exif_and_gps():
    clean = image_sanitise(jpeg_with_gps(), name="coat")

    reopened = Image.open(io.BytesIO(clean.content.read()))
    assert (clean.format, clean.content.name, reopened.size) == ("JPEG", "coat.jpg", (64, 48))
    assert dict(reopened.getexif()) == {}
    assert b"SecretPhone" not in clean.content.file.getvalue()


def test_image_sanitise_refuses_a_file_that_is_not_an_image():
    with pytest.raises(ValidationError) as error:
        image_sanitise(b"%PDF-1.4 not an image")
    assert error.value.code == "image_invalid"


def test_image_sanitise_refuses_too_many_pixels_before_decoding(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    out = io.BytesIO()
    Image.new("L", (2000, 1000)).save(out, format="PNG")

    with pytest.raises(ValidationError) as error:
        image_sanitise(out.getvalue())
    assert error.value.code == "image_too_many_pixels"


def test_image_sanitise_keeps_png_transparency():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(out, format="PNG")

    clean = image_sanitise(out.getvalue())

    assert (clean.format, Image.open(io.BytesIO(clean.content.read())).mode) == ("PNG", "RGBA")


def test_image_rendition_fits_the_longest_side():
    clean = image_sanitise(jpeg_with_gps())

    thumb = Image.open(
        io.BytesIO(image_rendition(clean.content.file.getvalue(), max_side=16).read())
    )

    assert (thumb.format, thumb.size) == ("WEBP", (16, 12))
