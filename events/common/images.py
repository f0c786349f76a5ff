"""Uploaded images, made safe: validated, metadata stripped, re-encoded; renditions.

Every app that accepts a photo (exhibits, performers, vendors' products) calls ``image_sanitise``
before storing anything. A photo's EXIF can carry GPS coordinates and the device's serial
number: for a defector that can lead back to a place or a person, so nothing of it is kept.
"""

import contextlib
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pillow_heif
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from events.common.bad_input import validate_file_size

pillow_heif.register_heif_opener()

# Source format -> (format we store, file extension). HEIC from iPhones is stored as JPEG.
STORED_FORMATS = {
    "JPEG": ("JPEG", "jpg"),
    "MPO": ("JPEG", "jpg"),
    "PNG": ("PNG", "png"),
    "WEBP": ("WEBP", "webp"),
    "HEIF": ("JPEG", "jpg"),
}


class SanitisedContent(ContentFile):
    """Bytes that ``image_sanitise`` wrote: safe to store as they are, without a second pass."""


@dataclass(frozen=True)
class SanitisedImage:
    content: SanitisedContent
    width: int
    height: int
    format: str


def _limits() -> tuple[int, int]:
    return (
        getattr(settings, "IMAGE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
        getattr(settings, "IMAGE_MAX_PIXELS", 40_000_000),
    )


_truncated_lock = threading.Lock()


@contextlib.contextmanager
def _truncated_images_refused() -> Iterator[None]:
    # WeasyPrint (the PDFs) turns on Pillow's LOAD_TRUNCATED_IMAGES for the whole process when it
    # is imported: an upload cut short would then be stored padded with grey. The flag is
    # process-wide, and Celery workers run threads: one decode at a time sets and restores it,
    # so two never leave each other's setting behind.
    with _truncated_lock:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _open_checked(data: bytes) -> Image.Image:
    max_bytes, max_pixels = _limits()
    validate_file_size(len(data), max_bytes, code="image_too_large")
    try:
        image = Image.open(io.BytesIO(data))
        # The header gives the size before any pixel is decoded: a decompression bomb is refused
        # here, without allocating its memory.
        width, height = image.size
        if width * height > max_pixels:
            raise ValidationError(
                _("The image has too many pixels (%(megapixels)s megapixels; at most %(limit)s)."),
                code="image_too_many_pixels",
                params={
                    "megapixels": round(width * height / 1_000_000, 1),
                    "limit": max_pixels // 1_000_000,
                },
            )
        if image.format not in STORED_FORMATS:
            raise ValidationError(_("Upload a JPEG, PNG, WebP or HEIC image."), code="image_format")
        with _truncated_images_refused():
            image.load()
    except ValidationError:
        raise
    except Image.DecompressionBombError as error:
        # Pillow refuses an image over twice its own limit before our check sees its size.
        raise ValidationError(
            _("The image has too many pixels (at most %(limit)s megapixels)."),
            code="image_too_many_pixels",
            params={"limit": max_pixels // 1_000_000},
        ) from error
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
    ) as error:
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, WebP or HEIC image."),
            code="image_invalid",
        ) from error
    return image


def _strip(image: Image.Image, stored_format: str) -> Image.Image:
    # Apply the EXIF orientation to the pixels, then copy only the pixels into a new image so
    # that no metadata (EXIF, GPS, XMP, ICC, text chunks) can travel along.
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    mode = "RGBA" if has_alpha and stored_format != "JPEG" else "RGB"
    pixels = image.convert(mode)
    return Image.frombytes(mode, pixels.size, pixels.tobytes())


def _encode(image: Image.Image, stored_format: str) -> bytes:
    out = io.BytesIO()
    options = {"JPEG": {"quality": 88, "optimize": True}, "WEBP": {"quality": 85}}
    image.save(out, format=stored_format, **options.get(stored_format, {}))
    return out.getvalue()


def image_sanitise(uploaded, *, name: str = "image") -> SanitisedImage:
    """Validate an uploaded image and return it re-encoded without any metadata.

    Raises a translated ValidationError for a file that is not an image, too large, with too
    many pixels (decompression bombs included) or in a format we do not take.
    """
    data = uploaded.read() if hasattr(uploaded, "read") else bytes(uploaded)
    image = _open_checked(data)
    stored_format, extension = STORED_FORMATS[image.format]
    clean = _strip(image, stored_format)
    return SanitisedImage(
        content=SanitisedContent(_encode(clean, stored_format), name=f"{name}.{extension}"),
        width=clean.width,
        height=clean.height,
        format=stored_format,
    )


def image_rendition(source, *, max_side: int, name: str = "rendition") -> ContentFile:
    """A smaller copy (longest side ``max_side``) of an already sanitised image, as WebP."""
    data = source.read() if hasattr(source, "read") else bytes(source)
    image = Image.open(io.BytesIO(data))
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGB")
    return ContentFile(_encode(image, "WEBP"), name=f"{name}.webp")


CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
}


def image_content_type(name: str) -> str:
    """The MIME type of a stored (sanitised) image, from the extension its name was given."""
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
