"""Uploaded photos lose their metadata (EXIF, GPS position, device) before they are stored:
a photo's location could reveal where a defector lives (privacy rules, DESIGN.md)."""

import io
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

try:  # iPhone photos (HEIC); the package is a project dependency.
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover
    pass


def strip_metadata(upload) -> ContentFile:
    """A copy of an uploaded image with only its pixels (turned upright), as JPEG or PNG."""
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            if image.mode not in ("RGB", "RGBA", "L"):
                image = image.convert(
                    "RGBA" if "A" in image.getbands() or image.mode == "P" else "RGB"
                )
            # A new image from the pixels alone: no EXIF, XMP, ICC or text chunks survive.
            clean = Image.frombytes(image.mode, image.size, image.tobytes())
        buffer = io.BytesIO()
        if clean.mode == "RGBA":
            clean.save(buffer, format="PNG")
            suffix = ".png"
        else:
            clean.save(buffer, format="JPEG", quality=90)
            suffix = ".jpg"
    except (UnidentifiedImageError, OSError) as error:
        raise ValidationError(
            {"photo": _("This file is not an image we can read (JPEG, PNG, HEIC).")}
        ) from error
    name = Path(upload.name).with_suffix(suffix).name
    return ContentFile(buffer.getvalue(), name=name)
