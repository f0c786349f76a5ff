"""Reads of the programme for public pages and feeds: published rows only, related rows fetched.

Performers come with ``public_name`` only ever computed by events.privacy; private fields are
deferred so that a template cannot render them even by mistake.
"""

import copy
import datetime as dt
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation

from events.common.caching import local_pages
from events.common.formatting import local_time
from events.models import Appearance, Edition, ProgramItem, Stage
from events.privacy import public_name

# Private columns of a performer, never loaded for a public page (privacy rules).
PERFORMER_PRIVATE_FIELDS = ("legal_name", "contact_email", "contact_phone", "preferred_language")


def edition_current() -> Edition | None:
    """The latest published edition, or None before any is published.

    Read on every attendee page and every booking: it comes from the published editions kept
    per public-page version (publishing or editing an edition makes them stale at once), as a
    copy, so that a caller changing it never changes what the next request sees."""
    editions = _published_editions()
    return copy.copy(editions[0]) if editions else None


def edition_get(*, year: int | None = None) -> Edition:
    """A published edition by year (the current one without a year); Http404 otherwise."""
    edition = (
        edition_current() if year is None else Edition.objects.published().filter(year=year).first()
    )
    if edition is None:
        raise Http404
    return edition


def edition_list_published() -> QuerySet[Edition]:
    return Edition.objects.published().order_by("-year")


@dataclass
class EditionChoice:
    """A published edition chosen by year (or the current one), with the others, in one query."""

    edition: Edition
    is_current: bool
    others: list[Edition]


def _published_editions() -> list[Edition]:
    """The published editions, newest first, kept in this process's memory until any public
    page changes (publishing or editing an edition bumps that version) and at most
    PUBLIC_PAGE_CACHE_SECONDS: every public page reads them, signed in or not."""
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return list(edition_list_published())
    version = local_pages.version_now(getattr(settings, "PUBLIC_PAGE_VERSION_CHECK_SECONDS", 1.0))
    cached = _editions_cache.get("published")
    if cached is not None and cached[0] == version and time.monotonic() - cached[1] < seconds:
        return cached[2]
    editions = list(edition_list_published())
    _editions_cache["published"] = (version, time.monotonic(), editions)
    return editions


_editions_cache: dict = {}


def edition_choose(*, year: int | None = None) -> EditionChoice:
    """The published edition of ``year`` (the current one without a year); Http404 otherwise."""
    editions = _published_editions()
    if not editions:
        raise Http404
    edition = editions[0] if year is None else next((e for e in editions if e.year == year), None)
    if edition is None:
        raise Http404
    return EditionChoice(
        edition=edition,
        is_current=edition.pk == editions[0].pk,
        others=[e for e in editions if e.pk != edition.pk],
    )


def _public_appearances() -> Prefetch:
    return Prefetch(
        "appearances",
        queryset=Appearance.objects.filter(performer__is_published=True)
        .select_related("performer")
        .defer(*(f"performer__{name}" for name in PERFORMER_PRIVATE_FIELDS))
        .order_by("order", "pk"),
        to_attr="public_appearances",
    )


def program_item_list(*, edition: Edition, kind: str | None = None) -> QuerySet[ProgramItem]:
    """Published items of a published edition, in time order, with stage and public performers."""
    items = (
        ProgramItem.objects.published()
        .filter(edition=edition)
        .select_related("stage", "edition", "live", "live__stage")
        .prefetch_related(_public_appearances())
        .order_by("starts_at", "stage__order", "pk")
    )
    if kind:
        items = items.filter(kind=kind)
    return items


def program_item_get(*, pk: int) -> ProgramItem:
    """One published item of a published edition; Http404 otherwise."""
    item = (
        ProgramItem.objects.published()
        .select_related("stage", "edition", "live", "live__stage")
        .prefetch_related(_public_appearances())
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def stage_list(*, edition: Edition) -> QuerySet[Stage]:
    return edition.stages.order_by("order", "pk")


@dataclass
class StageColumn:
    stage: Stage
    items: list = field(default_factory=list)


@dataclass(slots=True)
class _Person:
    display_name: str
    visibility: str


@dataclass(slots=True)
class TimetableEntry:
    """One published item as the timetable shows it: plain values, no model instances.

    It answers the ProgramItem attributes that templates use (pk, title, kind, starts_at,
    capacity, has_seat_booking, get_absolute_url, get_kind_display, …), so an include such as
    events/_item_actions.html works with either. Performers are their public names only.
    """

    pk: int
    edition_id: int
    stage_id: int
    kind: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int | None
    performer_names: list[str]
    url: str
    kind_label: str
    start_label: str
    end_label: str
    stage_name: str = ""
    # Where the desktop time grid puts it (see timetable_grid): column, first row, rows spanned.
    grid_column: int = 0
    grid_row: int = 0
    grid_span: int = 0

    @property
    def id(self) -> int:
        return self.pk

    @property
    def has_seat_booking(self) -> bool:
        return self.capacity is not None

    def get_absolute_url(self) -> str:
        return self.url

    def get_kind_display(self) -> str:
        return self.kind_label

    @property
    def start_iso(self) -> str:
        return self.starts_at.isoformat(timespec="minutes")

    @property
    def end_iso(self) -> str:
        return self.ends_at.isoformat(timespec="minutes")


def timetable_entries(
    *, edition: Edition, kind: str | None = None, limit: int | None = None, order_by=None
) -> list[TimetableEntry]:
    """The published items of an edition as TimetableEntry rows, in time order.

    Three queries whatever the number of items (items, then their published performers),
    and no model instances: the timetable is the site's busiest page.
    """
    language = translation.get_language() or "ko"
    # rewrite(False): the columns are named per language already, so modeltranslation's
    # per-row fallback processing is not needed (it doubles the cost of this query).
    items = ProgramItem.objects.rewrite(False).published().filter(edition=edition)
    if kind:
        items = items.filter(kind=kind)
    items = items.order_by(*(order_by or ("starts_at", "stage__order", "pk")))
    if limit:
        items = items[:limit]
    rows = list(
        items.values_list(
            "pk",
            "stage_id",
            "kind",
            "title_ko",
            "title_en",
            "starts_at",
            "ends_at",
            "capacity",
        )
    )
    names: dict[int, list[str]] = {}
    if rows:
        appearances = (
            Appearance.objects.rewrite(False)
            .filter(item_id__in=[row[0] for row in rows])
            .filter(performer__is_published=True)
            .order_by("item_id", "order", "pk")
            .values_list("item_id", "performer__display_name", "performer__visibility")
        )
        for item_id, display_name, visibility in appearances:
            names.setdefault(item_id, []).append(public_name(_Person(display_name, visibility)))
    tz = timezone.get_current_timezone()
    kind_labels = {value: str(label) for value, label in ProgramItem.Kind.choices}
    marker = 2147483647
    url_pattern = reverse("events:programme_detail", kwargs={"pk": marker})
    return [
        TimetableEntry(
            pk=pk,
            edition_id=edition.pk,
            stage_id=stage_id,
            kind=kind_value,
            title=(title_en or title_ko) if language == "en" else title_ko,
            starts_at=(start := starts_at.astimezone(tz)),
            ends_at=(end := ends_at.astimezone(tz)),
            kind_label=kind_labels[kind_value],
            start_label=local_time(start),
            end_label=local_time(end),
            capacity=capacity,
            performer_names=names.get(pk, []),
            url=url_pattern.replace(str(marker), str(pk)),
        )
        for pk, stage_id, kind_value, title_ko, title_en, starts_at, ends_at, capacity in rows
    ]


def program_item_count(*, edition: Edition) -> int:
    return ProgramItem.objects.published().filter(edition=edition).count()


def timetable_columns(*, stages: QuerySet[Stage] | list[Stage], items: list) -> list[StageColumn]:
    """Items grouped by stage, stages in their order; stages with nothing to show are left out."""
    columns = {stage.pk: StageColumn(stage=stage) for stage in stages}
    for item in items:
        column = columns.get(item.stage_id)
        if column is not None:
            column.items.append(item)
    return [column for column in columns.values() if column.items]


def stage_get(*, pk: int) -> Stage:
    """A stage of a published edition; Http404 otherwise."""
    stage = (
        Stage.objects.select_related("edition").filter(pk=pk, edition__is_published=True).first()
    )
    if stage is None:
        raise Http404
    return stage


# The desktop timetable is a grid of five-minute rows (static/css/timegrid.css has classes for
# 16 hours of them), row 1 for the stages' names, column 1 for the hours.
GRID_SLOT_MINUTES = 5
GRID_MAX_SLOTS = 16 * 60 // GRID_SLOT_MINUTES


def timetable_grid(*, columns: list[StageColumn]) -> list[dict]:
    """Place each item of ``columns`` on the time grid (sets grid_column, grid_row, grid_span)
    and return the hour labels as {"label", "row"}: stages as columns, time running down, so
    items at the same time share a row, as pretalx shows a schedule."""
    entries = [item for column in columns for item in column.items]
    if not entries:
        return []
    first = min(item.starts_at for item in entries).replace(minute=0, second=0, microsecond=0)
    last = max(item.ends_at for item in entries)

    def row(moment: dt.datetime) -> int:
        slots = int((moment - first).total_seconds() // 60 // GRID_SLOT_MINUTES)
        return 2 + min(max(slots, 0), GRID_MAX_SLOTS - 1)

    for number, column in enumerate(columns, start=2):
        for item in column.items:
            item.grid_column = number
            item.grid_row = row(item.starts_at)
            item.grid_span = max(1, min(row(item.ends_at), GRID_MAX_SLOTS + 1) - item.grid_row)
    hours = []
    moment = first
    while moment < last and row(moment) <= GRID_MAX_SLOTS:
        hours.append({"label": local_time(moment), "row": row(moment)})
        moment += dt.timedelta(hours=1)
    return hours
