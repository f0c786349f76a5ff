"""What the market's services share: the fields each writer accepts, status names."""

from typing import Any

from participants.models import Reminder, StallApplication

Status = StallApplication.Status

# What a vendor is told about a stall: cancelled together when the stall is freed.
STALL_REMINDER_KINDS = [Reminder.Kind.VENDOR_DAY_BEFORE, Reminder.Kind.VENDOR_STALL_PLACED]


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
    "food_handlers",
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
