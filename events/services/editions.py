"""Writes of editions and their stages: saving (a new date moves the programme with it) and
copying an edition, with its stages and programme, to another year."""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.edition_move import edition_programme_move
from events.live.services.running_order import running_order_copy
from events.models import Appearance, Edition, ProgramItem, Stage, defectors_day
from events.services.capacity import capacity_change_validate, capacity_changed_announce
from events.services.programme import AppearanceData, program_item_create
from events.signals import edition_rescheduled


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
        capacity_changed_announce(edition=edition, item=None)
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
