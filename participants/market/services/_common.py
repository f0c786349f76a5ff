"""What the market's services share: the fields each writer accepts, status names."""

from typing import Any

from participants.models import StallApplication

Status = StallApplication.Status


VENDOR_PROFILE_FIELDS = (
    "display_name_ko",
    "display_name_en",
    "description_ko",
    "description_en",
    "visibility",
    "no_photography",
    "legal_name",
    "contact_phone",
    "contact_email",
)


APPLICATION_FIELDS = (
    "sells_food",
    "sells_liquor",
    "sells_clothing",
    "sells_crafts",
    "sells_other",
    "stall_size",
    "needs_power",
    "needs_water",
    "note",
)


PRODUCT_FIELDS = (
    "name_ko",
    "name_en",
    "description_ko",
    "description_en",
    "category",
    "price_won",
    "is_available",
    "provenance",
    "allergens_ko",
    "allergens_en",
    "alcohol_percent",
)


PDF_MAGIC = b"%PDF-"


THUMBNAIL_SIDE = 480


def _assign(instance: Any, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(instance, name, value)
