"""Writes of the programme: every create, change, move and deletion of an edition's items.

Views, the admin, imports and management commands all come through here, so the rules of
``ProgramItem.clean`` and the database constraints are never bypassed. A capacity changes only
through ``program_item_save``/``edition_save``, which ask the apps holding seats first
(``capacity_changing``) and let them fill freed seats after (``capacity_changed``).
"""

import datetime as dt
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.common.formatting import local_time
from events.common.images import SanitisedContent, image_sanitise
from events.edition_move import edition_date_change_check as edition_date_change_check
from events.edition_move import edition_programme_move
from events.live.models import Segment
from events.live.services.running_order import (
    program_item_check_running_order,
    running_order_check_changes,
    running_order_copy,
    segments_write,
)
from events.models import (
    Appearance,
    Edition,
    Performer,
    ProgramItem,
    Stage,
    defectors_day,
    performer_photo_storage,
)
from events.signals import (
    capacity_changed,
    capacity_changing,
    edition_rescheduled,
    performer_language_changed,
    program_item_rescheduled,
    program_item_withdrawn,
)

logger = logging.getLogger(__name__)

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


def _capacity_changed(*, edition: Edition, item: ProgramItem | None) -> None:
    target = item if item is not None else edition
    capacity_changed.send(sender=type(target), edition=edition, item=item)


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
        _capacity_changed(edition=item.edition, item=item)

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


@transaction.atomic
def edition_save(*, edition: Edition) -> Edition:
    """Create or change an edition after full validation.

    A new date takes the programme with it in the same transaction: every item (and its
    performers' call times, and the live times beside it) keeps its hour on the new day, and
    each item's and the day's reminders move (program_item_rescheduled, edition_rescheduled).
    Raises a translated ValidationError, moving nothing, once the day has begun on a stage.
    A new capacity is asked and filled as for an item (``capacity_change_validate``).
    """
    previous = (
        Edition.objects.select_for_update().filter(pk=edition.pk).values("date", "capacity").first()
        if edition.pk
        else None
    )
    edition.full_clean()
    capacity_moved = previous is not None and previous["capacity"] != edition.capacity
    if capacity_moved:
        capacity_change_validate(edition=edition, capacity=edition.capacity)
    edition.save()
    if capacity_moved:
        _capacity_changed(edition=edition, item=None)
    if previous is not None and previous["date"] != edition.date:
        edition_programme_move(edition=edition, old_date=previous["date"])
        edition_rescheduled.send(sender=Edition, edition=edition, old_date=previous["date"])
    public_pages_changed()
    return edition


@transaction.atomic
def edition_delete(*, edition: Edition) -> None:
    """Delete an edition (the admin's delete); every public page and the current edition, kept
    per public-page version, are stale at once."""
    edition.delete()
    public_pages_changed()


@transaction.atomic
def stage_save(*, stage: Stage) -> Stage:
    """Create or change a stage after full validation."""
    stage.full_clean()
    stage.save()
    public_pages_changed()
    return stage


def _delete_photo_on_commit(name: str) -> None:
    # A replaced or removed photo leaves no face behind in storage, once the change is committed.
    def delete() -> None:
        try:
            performer_photo_storage.delete(name)
        except OSError:
            logger.warning("A performer's former photo could not be deleted.", exc_info=True)

    if name:
        transaction.on_commit(delete)


@transaction.atomic
def performer_save(
    *, performer: Performer, by: Any = None, now: dt.datetime | None = None
) -> Performer:
    """Save a performer; publishing records who decided and when (privacy rules).

    A new photo is stored without its metadata (ValidationError on the photo if it is not an
    image we take); a replaced or removed photo's file is deleted. A change of language is
    announced so that reminders not yet sent follow it.
    """
    before = (
        Performer.objects.filter(pk=performer.pk)
        .values("is_published", "photo", "preferred_language")
        .first()
        if performer.pk
        else None
    ) or {"is_published": False, "photo": "", "preferred_language": None}
    performer.full_clean()
    photo = performer.photo
    if photo and not getattr(photo, "_committed", True):
        # A new upload: store only its pixels, never its EXIF/GPS metadata, under a random name
        # (the admin's form has usually sanitised it already, to show its errors on the field).
        content = photo.file
        if not isinstance(content, SanitisedContent):
            try:
                content = image_sanitise(content, name="photo").content
            except ValidationError as error:
                raise ValidationError({"photo": error.messages}) from error
        photo.save(content.name, content, save=False)
    if performer.is_published and not before["is_published"]:
        performer.published_at = now or timezone.now()
        performer.published_by = by if getattr(by, "pk", None) else None
    elif not performer.is_published:
        performer.published_at = None
        performer.published_by = None
    performer.save()
    if before["photo"] != (performer.photo.name or ""):
        _delete_photo_on_commit(before["photo"])
    if before["preferred_language"] not in (None, performer.preferred_language):
        performer_language_changed.send(sender=Performer, performer=performer)
    public_pages_changed()
    return performer


@transaction.atomic
def performer_delete(*, performer: Performer) -> None:
    """Delete a performer (their appearances go with them) and, once committed, their photo."""
    name = performer.photo.name or ""
    performer.delete()
    _delete_photo_on_commit(name)
    public_pages_changed()


# "제4회": how Korean titles count editions. English titles count in words or with a suffix.
ORDINAL_KO = re.compile(r"제\s*(\d+)\s*회")
ORDINAL_WORDS_EN = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
]
ORDINAL_EN = re.compile(r"\b(" + "|".join(ORDINAL_WORDS_EN) + r"|\d+(?:st|nd|rd|th))\b", re.I)


def edition_ordinal(title_ko: str) -> int | None:
    """The N of "제N회" in a Korean title, if it has one."""
    match = ORDINAL_KO.search(title_ko or "")
    return int(match.group(1)) if match else None


def ordinal_en(number: int) -> str:
    if 1 <= number <= len(ORDINAL_WORDS_EN):
        return ORDINAL_WORDS_EN[number - 1]
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def edition_copy_suggestion(*, edition: Edition) -> dict[str, Any]:
    """What the copy form proposes: the next free year and ordinal (one more than the highest
    제N회 of any edition) and the source's titles with that ordinal written in."""
    years = Edition.objects.values_list("year", flat=True)
    titles = Edition.objects.values_list("title_ko", flat=True)
    ordinals = [edition_ordinal(title) for title in titles]
    ordinal = max([n for n in ordinals if n] or [Edition.objects.count()]) + 1
    title_ko = edition.title_ko or ""
    if ORDINAL_KO.search(title_ko):
        title_ko = ORDINAL_KO.sub(f"제{ordinal}회", title_ko, count=1)
    else:
        title_ko = f"제{ordinal}회 {title_ko}".strip()
    title_en = edition.title_en or ""
    match = ORDINAL_EN.search(title_en)
    if match:
        word = ordinal_en(ordinal)
        word = word.capitalize() if match.group(1)[0].isupper() else word
        title_en = title_en[: match.start()] + word + title_en[match.end() :]
    return {
        "year": max(max(years, default=edition.year), edition.year) + 1,
        "ordinal": ordinal,
        "title_ko": title_ko,
        "title_en": title_en,
    }


def _check_copy_title(*, year: int, ordinal: int | None, title_ko: str) -> None:
    errors: dict[str, list] = {}
    if Edition.objects.filter(year=year).exists():
        errors["year"] = [_("There is already an edition for %(year)s.") % {"year": year}]
    if ordinal is not None:
        if edition_ordinal(title_ko) != ordinal:
            errors["title_ko"] = [
                _("Write the ordinal in the Korean title: 제%(ordinal)s회.") % {"ordinal": ordinal}
            ]
        taken = [
            edition.year
            for edition in Edition.objects.only("year", "title_ko")
            if edition_ordinal(edition.title_ko) == ordinal
        ]
        if taken:
            errors["ordinal"] = [
                _("The %(year)s edition is already number %(ordinal)s (제%(ordinal)s회).")
                % {"ordinal": ordinal, "year": taken[0]}
            ]
    if errors:
        raise ValidationError(errors, code="exists")


@transaction.atomic
def edition_copy(
    *,
    edition: Edition,
    year: int,
    ordinal: int | None = None,
    title_ko: str | None = None,
    title_en: str | None = None,
) -> Edition:
    """Copy an edition, its stages and its programme (with performers) to 14 July of ``year``,
    under new titles when given (the Korean one naming ``ordinal``: 제N회).

    Times keep their hour on the new day; the copy and its items are unpublished, so nothing
    appears in public until an organiser publishes it. Raises ValidationError if ``year`` exists,
    if the ordinal is another edition's or if the Korean title does not name it.
    """
    _check_copy_title(year=year, ordinal=ordinal, title_ko=title_ko or edition.title_ko or "")
    new_date = defectors_day(year)
    shift = new_date - edition.date
    translated = {
        f"{field}_{lang}": getattr(edition, f"{field}_{lang}")
        for field in ("title", "theme", "venue", "address", "summary", "how_to_attend")
        for lang in ("ko", "en")
    }
    if title_ko is not None:
        translated["title_ko"] = title_ko.strip()
    if title_en is not None:
        translated["title_en"] = title_en.strip()
    copy = Edition(
        year=year,
        date=new_date,
        capacity=edition.capacity,
        max_party_size=edition.max_party_size,
        registration_opens_at=edition.registration_opens_at + shift
        if edition.registration_opens_at
        else None,
        registration_closes_at=edition.registration_closes_at + shift
        if edition.registration_closes_at
        else None,
        is_published=False,
        **translated,
    )
    edition_save(edition=copy)

    stage_map: dict[int, Stage] = {}
    for stage in edition.stages.all():
        stage_map[stage.pk] = stage_save(
            stage=Stage(
                edition=copy,
                name_ko=stage.name_ko,
                name_en=stage.name_en,
                kind=stage.kind,
                capacity=stage.capacity,
                accessibility_notes_ko=stage.accessibility_notes_ko,
                accessibility_notes_en=stage.accessibility_notes_en,
                order=stage.order,
            )
        )
    items = edition.items.select_related("stage").prefetch_related("appearances__performer")
    for item in items.order_by("starts_at", "pk"):
        item_copy = program_item_create(
            edition=copy,
            stage=stage_map[item.stage_id],
            kind=item.kind,
            title_ko=item.title_ko,
            title_en=item.title_en or "",
            description_ko=item.description_ko or "",
            description_en=item.description_en or "",
            starts_at=item.starts_at + shift,
            ends_at=item.ends_at + shift,
            capacity=item.capacity,
            is_published=False,
            appearances=[
                AppearanceData(
                    performer=appearance.performer,
                    role_ko=appearance.role_ko or "",
                    role_en=appearance.role_en or "",
                    order=appearance.order,
                    call_time=appearance.call_time + shift if appearance.call_time else None,
                )
                for appearance in appearance_list(item)
            ],
        )
        running_order_copy(source=item, target=item_copy)
    return copy


def appearance_list(item: ProgramItem) -> list[Appearance]:
    return sorted(item.appearances.all(), key=lambda a: (a.order, a.pk))
