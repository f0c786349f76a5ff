"""Moving an edition to another date takes its programme with it (called by
events.services.edition_save inside its transaction): items, performers' call times and live
times keep their hour on the new day; each item's reminders follow through
program_item_rescheduled. Refused once the day has begun on a stage."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from events.live.models import ItemLive, LiveAction
from events.models import Appearance, Edition, ProgramItem
from events.signals import program_item_rescheduled


def edition_date_change_check(*, edition: Edition) -> None:
    """Raise a translated ValidationError if ``edition``'s day has begun on a stage (an item
    started, cancelled or moved live): its date can no longer change."""
    if not edition.pk:
        return
    begun = (
        ItemLive.objects.filter(item__edition=edition)
        .exclude(status=ItemLive.Status.PLANNED)
        .exists()
        or LiveAction.objects.filter(stage__edition=edition).exists()
    )
    if begun:
        raise ValidationError(
            {
                "date": _(
                    "The day has already begun on a stage (items were started, cancelled or "
                    "moved): its date can no longer change."
                )
            },
            code="day_begun",
        )


def edition_programme_move(*, edition: Edition, old_date: dt.date) -> None:
    edition_date_change_check(edition=edition)
    shift = dt.timedelta(days=(edition.date - old_date).days)
    items = ProgramItem.objects.filter(edition=edition)
    old_times = {
        row["pk"]: row
        for row in items.select_for_update(of=("self",)).values("pk", "starts_at", "ends_at")
    }
    # Every item moves by whole days, so no moved item can meet one not moved yet: the stage
    # exclusion constraint holds row by row.
    items.update(starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift)
    Appearance.objects.filter(item__edition=edition, call_time__isnull=False).update(
        call_time=F("call_time") + shift
    )
    ItemLive.objects.filter(item__edition=edition).update(
        starts_at=F("starts_at") + shift, ends_at=F("ends_at") + shift
    )
    for item in items.select_related("stage", "edition"):
        before = old_times[item.pk]
        program_item_rescheduled.send(
            sender=ProgramItem,
            item=item,
            old_starts_at=before["starts_at"],
            old_ends_at=before["ends_at"],
        )
