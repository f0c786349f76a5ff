"""What the market's services share: the fields each writer accepts (the one list that the
vendor area's forms use too), status names."""

from typing import Any

from participants.market.models import Category
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


# What a vendor tells about a stall (the form asks for these; the categories are ticked
# separately and stored as one flag each).
APPLICATION_DETAIL_FIELDS = ("stall_size", "needs_power", "needs_water", "note")
APPLICATION_CATEGORY_FIELDS = tuple(f"sells_{category}" for category in Category.values)
APPLICATION_FIELDS = (*APPLICATION_CATEGORY_FIELDS, *APPLICATION_DETAIL_FIELDS)


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
