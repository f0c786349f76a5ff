"""Writes of an item's running order (식순): the segments' durations must fit the item's slot.

The admin's inline, the copy of an edition and the demo all save segments through here; the
programme service calls ``running_order_check_fit`` when an item's slot changes, so a slot can
never shrink below its running order either.
"""

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.live.models import MAX_SEGMENT_MINUTES, Segment
from events.models import ProgramItem


def _minutes(value: object) -> int:
    if value is None or value == "":
        raise ValidationError(_("Every segment needs a duration in minutes."), code="no_duration")
    try:
        minutes = int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            _("A duration is a whole number of minutes."), code="bad_duration"
        ) from error
    if minutes < 1 or minutes > MAX_SEGMENT_MINUTES:
        raise ValidationError(
            _("A segment lasts between 1 and %(max)d minutes, not %(minutes)d.")
            % {"max": MAX_SEGMENT_MINUTES, "minutes": minutes},
            code="bad_duration",
        )
    return minutes


def running_order_check_fit(
    *, starts_at: dt.datetime | None, ends_at: dt.datetime | None, durations: Iterable[object]
) -> int:
    """Raise a translated ValidationError unless every duration is 1..1440 minutes and together
    they fit the slot [starts_at, ends_at); returns the total in minutes."""
    total = sum(_minutes(value) for value in durations)
    if starts_at is None or ends_at is None or total == 0:
        return total
    slot = int((ends_at - starts_at).total_seconds() // 60)
    if total > slot:
        raise ValidationError(
            _(
                "The segments last %(total)d minutes but the item's slot is only %(slot)d "
                "minutes (%(over)d too many). Shorten a segment or lengthen the item."
            )
            % {"total": total, "slot": slot, "over": total - slot},
            code="overflow",
        )
    return total


def program_item_check_running_order(*, item: ProgramItem) -> None:
    """The item's saved segments still fit its (possibly new) slot."""
    if not item.pk:
        return
    durations = list(
        Segment.objects.filter(item_id=item.pk).values_list("duration_minutes", flat=True)
    )
    if not durations:
        return
    try:
        running_order_check_fit(starts_at=item.starts_at, ends_at=item.ends_at, durations=durations)
    except ValidationError as error:
        raise ValidationError({"ends_at": error.messages}, code="overflow") from error


def _durations_after(
    item: ProgramItem, segments: Sequence[Segment], deleted: Sequence[Segment]
) -> list[int]:
    dropped = {segment.pk for segment in deleted if segment.pk}
    dropped |= {segment.pk for segment in segments if segment.pk}
    kept = Segment.objects.filter(item_id=item.pk).exclude(pk__in=dropped) if item.pk else []
    durations = [segment.duration_minutes for segment in kept]
    return durations + [segment.duration_minutes for segment in segments]


def running_order_check_changes(
    *, item: ProgramItem, segments: Sequence[Segment], deleted: Sequence[Segment] = ()
) -> None:
    """The running order as it will be after these changes fits ``item``'s (new) slot."""
    running_order_check_fit(
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        durations=_durations_after(item, segments, deleted),
    )


def segments_write(
    *, item: ProgramItem, segments: Sequence[Segment], deleted: Sequence[Segment] = ()
) -> list[Segment]:
    """Write checked changes (the caller holds the item's lock and checked the fit)."""
    Segment.objects.filter(
        item_id=item.pk, pk__in=[segment.pk for segment in deleted if segment.pk]
    ).delete()
    saved = []
    for segment in segments:
        segment.item = item
        segment.full_clean(exclude=["item"])
        segment.save()
        saved.append(segment)
    public_pages_changed()
    return saved


@transaction.atomic
def segments_save(
    *, item: ProgramItem, segments: Sequence[Segment], deleted: Sequence[Segment] = ()
) -> list[Segment]:
    """Save ``segments`` (new or changed) and delete ``deleted`` for ``item``.

    The item row is locked so that two organisers editing one running order cannot together
    overflow its slot; raises ValidationError (nothing saved) when the result does not fit.
    """
    locked = ProgramItem.objects.select_for_update(of=("self",)).only("starts_at", "ends_at")
    slot = locked.get(pk=item.pk)
    running_order_check_fit(
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        durations=_durations_after(item, segments, deleted),
    )
    return segments_write(item=item, segments=segments, deleted=deleted)


# What a copy of a segment takes along (not its live times: a copy has not happened yet).
COPIED_FIELDS = (
    "order",
    "title_ko",
    "title_en",
    "kind",
    "duration_minutes",
    "performer_id",
    "responsible",
    "mc_script_ko",
    "mc_script_en",
    "cue_microphones",
    "cue_music",
    "cue_lighting",
    "cue_screen",
    "sign_language",
)


def running_order_copy(*, source: ProgramItem, target: ProgramItem) -> list[Segment]:
    """Copy ``source``'s segments onto ``target`` (an edition's copy), under the same rules."""
    copies = [
        Segment(**{field: getattr(segment, field) for field in COPIED_FIELDS})
        for segment in Segment.objects.filter(item=source).order_by("order", "pk")
    ]
    return segments_save(item=target, segments=copies) if copies else []
