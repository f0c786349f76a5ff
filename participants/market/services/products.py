"""Products a vendor lists, with sanitised photos. Only the vendor's own are touched."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.common.images import SanitisedImage, image_rendition, image_sanitise
from participants.market.models import private_storage
from participants.market.selectors import seoul_today
from participants.market.services._common import PRODUCT_FIELDS, THUMBNAIL_SIDE, _assign
from participants.market.services.vendors import vendor_is_approved
from participants.models import Permit, Product, Vendor


def product_photo_check(photo: Any) -> None:
    """Raise the photo's ValidationError now, so that a form with other errors reports it too
    (the services sanitise again when they store it)."""
    image_sanitise(photo, name=f"check-{uuid.uuid4().hex}")
    photo.seek(0)


def _validate(product: Product, photo: Any) -> SanitisedImage | None:
    """The model's rules, the import approval and the photo, all reported at once; returns the
    photo re-encoded without metadata."""
    errors: dict[str, list] = {}
    try:
        product.full_clean(exclude=["photo", "thumbnail"])
    except ValidationError as error:
        errors.update(error.message_dict)
    if (
        product.provenance == Product.Provenance.NORTH_IMPORTED
        and product.vendor.valid_permit(Permit.Kind.IMPORT_APPROVAL, on=seoul_today()) is None
    ):
        errors.setdefault("provenance", []).append(
            _(
                "Goods made in the North and imported need a verified import approval (반입승인) "
                "on file. Upload it under Permits; an organiser will check it."
            )
        )
    image = None
    if photo:
        try:
            image = image_sanitise(photo, name=f"product-{uuid.uuid4().hex}")
        except ValidationError as error:
            errors.setdefault("photo", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return image


def _store_photo(product: Product, image: SanitisedImage) -> None:
    """Save the photo and its thumbnail; a store that cannot take them is the photo's error."""
    try:
        _save_photo_files(product, image)
    except ValidationError as error:
        raise ValidationError({"photo": error.messages}) from error


def _save_photo_files(product: Product, image: SanitisedImage) -> None:
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
    """Add a product for a vendor approved at the current edition; the photo loses metadata.
    Goods made in the North need a verified import approval (반입승인)."""
    if not vendor_is_approved(vendor=vendor):
        raise ValidationError(
            _("You can add products once your stall application is approved."),
            code="not_approved",
        )
    product = Product(vendor=vendor)
    _assign(product, fields, PRODUCT_FIELDS)
    image = _validate(product, photo)
    if image:
        _store_photo(product, image)
    product.save()
    public_pages_changed()
    return product


@transaction.atomic
def product_update(
    *, product: Product, fields: dict[str, Any], photo: Any = None, remove_photo: bool = False
) -> Product:
    """Edit a product; a new photo replaces the old one, stripped of metadata."""
    product = Product.objects.select_for_update().get(pk=product.pk)
    _assign(product, fields, PRODUCT_FIELDS)
    image = _validate(product, photo)
    old = [product.photo.name, product.thumbnail.name] if (photo or remove_photo) else []
    if image:
        _store_photo(product, image)
    elif remove_photo:
        product.photo = ""
        product.thumbnail = ""
    product.save()
    transaction.on_commit(lambda: _delete_files(old))
    public_pages_changed()
    return product


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Remove a product and its photos."""
    files = [product.photo.name, product.thumbnail.name]
    product.delete()
    transaction.on_commit(lambda: _delete_files(files))
    public_pages_changed()


def _delete_files(names: list[str]) -> None:
    for name in names:
        if name:
            private_storage.delete(name)
