"""A capacity changes in two steps around its save: the apps holding seats may refuse it first
(``capacity_changing``), and fill the seats it frees after (``capacity_changed``). Called by the
programme's and the editions' saves, and by admin forms to show a refusal on the field."""

from django.core.exceptions import ValidationError
from django.db import transaction

from events.models import Edition, ProgramItem
from events.signals import capacity_changed, capacity_changing


@transaction.atomic
def capacity_change_validate(
    *, edition: Edition, item: ProgramItem | None = None, capacity: int | None
) -> None:
    """Raise a ValidationError on ``capacity`` if an app holding seats refuses it as the new
    capacity of ``item`` (or, without an item, of the ``edition``'s day). The receivers lock the
    row, so inside the caller's transaction (the admin's request) nothing slips in before the
    save. An unsaved row passes. Admin forms call this to show the error on the field."""
    target = item if item is not None else edition
    if not target.pk:
        return
    try:
        capacity_changing.send(sender=type(target), edition=edition, item=item, capacity=capacity)
    except ValidationError as error:
        raise ValidationError({"capacity": error.messages}, code="capacity") from error


def capacity_changed_announce(*, edition: Edition, item: ProgramItem | None) -> None:
    """Tell the apps holding seats that ``item``'s (or the day's) capacity changed, so they can
    fill freed seats; called inside the saving transaction."""
    target = item if item is not None else edition
    capacity_changed.send(sender=type(target), edition=edition, item=item)
