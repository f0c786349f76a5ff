"""How the admin names the organiser who did something ("decided by", "checked by"): by name,
else by email, never "user #1". Only staff read these columns; logs keep ids (events.privacy)."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin


def staff_display(user: Any) -> str:
    """An organiser's name as the admin shows it; "-" when nobody is recorded."""
    if user is None:
        return "-"
    return (getattr(user, "name", "") or "").strip() or user.email


def staff_column(field: str, description: Any) -> Callable[[Any, Any], str]:
    """An admin display method for the user in ``field`` (a ForeignKey to the user model)."""

    @admin.display(description=description, ordering=f"{field}__name")
    def show(model_admin: Any, obj: Any) -> str:
        return staff_display(getattr(obj, field))

    show.__name__ = f"{field}_name"
    return show
