"""Products a vendor lists, with sanitised photos. Only the vendor's own are touched."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.common.images import image_rendition, image_sanitise
from participants.market.services._common import PRODUCT_FIELDS, THUMBNAIL_SIDE, _assign
from participants.market.services.vendors import vendor_is_approved
from participants.models import Product, Vendor


def _store_photo(product: Product, photo: Any) -> None:
    image = image_sanitise(photo, name=f"product-{uuid.uuid4().hex}")
    data = image.content.read()
    image.content.seek(0)
    product.photo.save(image.content.name, image.content, save=False)
    product.thumbnail.save(
        f"product-{uuid.uuid4().hex}-thumb.webp",
        image_rendition(data, max_side=THUMBNAIL_SIDE),
        save=False,
    )


@transaction.atomic
def product_create(*, vendor: Vendor, fields: dict[str, Any], photo: Any = None) -> Product:
    """Add a product for a vendor approved at the current edition; the photo loses metadata."""
    if not vendor_is_approved(vendor=vendor):
        raise ValidationError(
            _("You can add products once your stall application is approved."),
            code="not_approved",
        )
    product = Product(vendor=vendor)
    _assign(product, fields, PRODUCT_FIELDS)
    product.full_clean(exclude=["photo", "thumbnail"])
    if photo:
        _store_with_field_error(product, photo)
    product.save()
    public_pages_changed()
    return product


def _store_with_field_error(product: Product, photo: Any) -> None:
    try:
        _store_photo(product, photo)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error


@transaction.atomic
def product_update(
    *, product: Product, fields: dict[str, Any], photo: Any = None, remove_photo: bool = False
) -> Product:
    """Edit a product; a new photo replaces the old one, stripped of metadata."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _assign(product, fields, PRODUCT_FIELDS)
    product.full_clean(exclude=["photo", "thumbnail"])
    old = [product.photo.name, product.thumbnail.name] if (photo or remove_photo) else []
    if photo:
        _store_with_field_error(product, photo)
    elif remove_photo:
        product.photo = ""
        product.thumbnail = ""
    product.save()
    transaction.on_commit(lambda: _delete_public_files(old))
    public_pages_changed()
    return product


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Remove a product and its photos."""
    files = [product.photo.name, product.thumbnail.name]
    product.delete()
    transaction.on_commit(lambda: _delete_public_files(files))
    public_pages_changed()


def _delete_public_files(names: list[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)
