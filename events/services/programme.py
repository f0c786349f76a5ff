"""Writes of the programme's items: create, change, move, publish and delete, with their
performers and running order. Every rule of ``ProgramItem.clean`` and the database constraints
holds under concurrency here (stage and performer locks)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.common.formatting import local_time
from events.live.models import Segment
from events.live.services.running_order import (
    program_item_check_running_order,
    running_order_check_changes,
    segments_write,
)
from events.models import Appearance, Edition, Performer, ProgramItem, Stage
from events.services.capacity import capacity_change_validate, capacity_changed_announce
from events.signals import program_item_rescheduled, program_item_withdrawn

# The PostgreSQL exclusion constraint added by migration 0003.
STAGE_OVERLAP_CONSTRAINT = "item_stage_no_overlap"


@dataclass(frozen=True)
class AppearanceData:
    """One performer's part in an item, as the admin inline or an import gives it."""

    performer: Performer
    role_ko: str = ""
    role_en: str = ""
    order: int = 0
    call_time: dt.datetime | None = None


def _lock_performers(performer_ids: Iterable[int]) -> None:
    # Two bookings of one performer at the same time must not both pass the overlap check: the
    # second waits here until the first commits, then its check sees the first's appearance.
    # Ordered by id so that two transactions locking the same performers cannot deadlock.
    ids = sorted({pk for pk in performer_ids if pk})
    if ids:
        list(Performer.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))


def _lock_stage(stage_id: int | None) -> None:
    # Serialises bookings of one stage, so the overlap check in clean() sees the other booking;
    # the exclusion constraint on PostgreSQL stays the backstop.
    if stage_id:
        list(
            Stage.objects.select_for_update(of=("self",))
            .filter(pk=stage_id)
            .order_by()
            .values("pk")
        )


def program_item_check_performers(
    *, item: ProgramItem, performer_ids: Iterable[int], exclude_item_id: int | None = None
) -> None:
    """Raise a ValidationError naming the first performer already booked at ``item``'s time."""
    if not (item.starts_at and item.ends_at):
        return
    performers = Performer.objects.filter(pk__in=set(performer_ids))
    for performer in performers.order_by("pk"):
        clash = (
            ProgramItem.objects.filter(appearances__performer=performer)
            .exclude(pk=exclude_item_id if exclude_item_id is not None else item.pk)
            .overlapping(item.starts_at, item.ends_at)
            .select_related("stage")
            .first()
        )
        if clash:
            start = local_time(clash.starts_at)
            end = local_time(clash.ends_at)
            raise ValidationError(
                _("%(performer)s is already booked for “%(title)s” from %(start)s to %(end)s.")
                % {
                    "performer": performer.display_name,
                    "title": clash.title,
                    "start": start,
                    "end": end,
                },
                code="performer_overlap",
            )


def _save_checked(item: ProgramItem) -> None:
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as error:
        if STAGE_OVERLAP_CONSTRAINT in str(error):
            raise ValidationError(
                {"starts_at": _("The stage is already booked at this time.")},
                code="stage_overlap",
            ) from error
        if "item_ends_after_start" in str(error):
            raise ValidationError(
                {"ends_at": _("An item must end after it starts.")}, code="invalid_times"
            ) from error
        raise


def _set_appearances(item: ProgramItem, appearances: Sequence[AppearanceData]) -> None:
    wanted = {data.performer.pk: data for data in appearances}
    item.appearances.exclude(performer_id__in=wanted).delete()
    existing = {a.performer_id: a for a in item.appearances.all()}
    for performer_id, data in wanted.items():
        appearance = existing.get(performer_id) or Appearance(item=item, performer=data.performer)
        appearance.role_ko = data.role_ko
        appearance.role_en = data.role_en
        appearance.order = data.order
        appearance.call_time = data.call_time
        appearance.save()


@transaction.atomic
def program_item_save(
    *,
    item: ProgramItem,
    appearances: Sequence[AppearanceData] | None = None,
    segments: tuple[Sequence[Segment], Sequence[Segment]] | None = None,
) -> ProgramItem:
    """Create or change ``item`` (its unsaved field values) and, if given, set its performers
    and apply ``segments`` = (new or changed segments, deleted segments) to its running order,
    which must fit the item's slot.

    Guarantees every rule of the programme under concurrency (stage and performer locks, the
    PostgreSQL exclusion constraint as backstop); raises a translated ValidationError and saves
    nothing otherwise. A new capacity is asked of the apps holding seats first and freed seats
    are filled after (``capacity_change_validate``). Inside the transaction, announces a move or
    a withdrawal (events.signals), so what other apps hold moves with the item or not at all.
    """
    previous = None
    if item.pk:
        previous = (
            ProgramItem.objects.select_for_update(of=("self",))
            .filter(pk=item.pk)
            .order_by()
            .values("starts_at", "ends_at", "is_published", "stage_id", "capacity")
            .first()
        )
    _lock_stage(item.stage_id)
    current_performers = (
        list(item.appearances.values_list("performer_id", flat=True)) if item.pk else []
    )
    new_performers = [data.performer.pk for data in appearances] if appearances is not None else []
    _lock_performers([*current_performers, *new_performers])

    item.full_clean()
    if segments is None:
        program_item_check_running_order(item=item)
    else:
        running_order_check_changes(item=item, segments=segments[0], deleted=segments[1])
    performer_ids = new_performers if appearances is not None else current_performers
    program_item_check_performers(item=item, performer_ids=performer_ids)
    if len(set(new_performers)) != len(new_performers):
        raise ValidationError(_("A performer can appear only once in an item."), code="duplicate")
    capacity_moved = previous is not None and previous["capacity"] != item.capacity
    if capacity_moved:
        capacity_change_validate(edition=item.edition, item=item, capacity=item.capacity)
    _save_checked(item)
    if appearances is not None:
        _set_appearances(item, appearances)
    if segments is not None:
        segments_write(item=item, segments=segments[0], deleted=segments[1])
    if capacity_moved:
        capacity_changed_announce(edition=item.edition, item=item)

    public_pages_changed()
    if previous is not None:
        moved = (previous["starts_at"], previous["ends_at"]) != (item.starts_at, item.ends_at)
        if moved:
            old_starts_at, old_ends_at = previous["starts_at"], previous["ends_at"]
            # Inside the transaction: the reminders move with the item, or neither does.
            program_item_rescheduled.send(
                sender=ProgramItem,
                item=item,
                old_starts_at=old_starts_at,
                old_ends_at=old_ends_at,
            )
        if previous["is_published"] and not item.is_published:
            program_item_withdrawn.send(sender=ProgramItem, item=item)
    return item


def program_item_create(
    *,
    edition: Edition,
    stage: Stage,
    title_ko: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str = ProgramItem.Kind.OTHER,
    title_en: str = "",
    description_ko: str = "",
    description_en: str = "",
    capacity: int | None = None,
    is_published: bool = False,
    appearances: Sequence[AppearanceData] = (),
) -> ProgramItem:
    """Create a programme item with its performers; raises ValidationError on any broken rule."""
    item = ProgramItem(
        edition=edition,
        stage=stage,
        kind=kind,
        title_ko=title_ko,
        title_en=title_en,
        description_ko=description_ko,
        description_en=description_en,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        is_published=is_published,
    )
    return program_item_save(item=item, appearances=list(appearances))


# The fields of an item that writers set, in the order the admin form and the spreadsheet
# columns show them (events/admin/programme.py and events/resources.py read this list).
PROGRAM_ITEM_FIELDS = (
    "stage",
    "kind",
    "title_ko",
    "title_en",
    "description_ko",
    "description_en",
    "starts_at",
    "ends_at",
    "capacity",
    "is_published",
)
UPDATABLE_FIELDS = frozenset(PROGRAM_ITEM_FIELDS)


def program_item_update(
    *, item: ProgramItem, appearances: Sequence[AppearanceData] | None = None, **changes: Any
) -> ProgramItem:
    """Change some fields of an item (and optionally its performers) under the same rules."""
    unknown = set(changes) - UPDATABLE_FIELDS
    if unknown:
        raise TypeError(f"Not updatable: {', '.join(sorted(unknown))}")
    for field, value in changes.items():
        setattr(item, field, value)
    return program_item_save(item=item, appearances=appearances)


def program_item_reschedule(
    *, item: ProgramItem, starts_at: dt.datetime, ends_at: dt.datetime, stage: Stage | None = None
) -> ProgramItem:
    """Move an item in time (and optionally to another stage); its reminders follow it."""
    changes: dict[str, Any] = {"starts_at": starts_at, "ends_at": ends_at}
    if stage is not None:
        changes["stage"] = stage
    return program_item_update(item=item, **changes)


@transaction.atomic
def program_item_delete(*, item: ProgramItem) -> None:
    """Delete an item and, in the same transaction, announce its withdrawal (with its former id).

    An item that still has RSVPs cannot be deleted (RSVPs restrict it): unpublish it instead,
    so that its attendees are not lost without a word."""
    item_id = item.pk
    list(
        ProgramItem.objects.select_for_update(of=("self",))
        .filter(pk=item_id)
        .order_by()
        .values("pk")
    )
    try:
        with transaction.atomic():
            item.delete()
    except RestrictedError as error:
        raise ValidationError(
            _("This item has reservations. Unpublish it instead, so attendees are told."),
            code="has_rsvps",
        ) from error
    item.pk = item_id  # receivers look up what they hold about the item by its id
    public_pages_changed()
    program_item_withdrawn.send(sender=ProgramItem, item=item)


def program_item_set_published(*, item: ProgramItem, is_published: bool) -> ProgramItem:
    """Publish or withdraw an item (withdrawing voids the reminders about it)."""
    return program_item_update(item=item, is_published=is_published)
