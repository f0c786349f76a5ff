"""Reads of the running order, the live day and programme versions.

Public reads show published items of the published edition only, people by their public name
(events.privacy) and never the MC script or technical cues; the staff reads (cue sheets, live
control) add those.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.common.formatting import local_time, local_time_range
from events.live.models import ItemLive, ProgrammeVersion, Segment, StageLive
from events.models import Edition, ProgramItem, Stage
from events.selectors import PERFORMER_PRIVATE_FIELDS


@dataclass
class SegmentRow:
    segment: Segment
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def responsible(self) -> str:
        return self.segment.public_responsible


@dataclass
class RunningOrder:
    item: ProgramItem
    rows: list[SegmentRow]
    total_minutes: int
    slot_minutes: int

    @property
    def spare_minutes(self) -> int:
        return self.slot_minutes - self.total_minutes


def _segments_queryset():
    return Segment.objects.select_related("performer").defer(
        *(f"performer__{name}" for name in PERFORMER_PRIVATE_FIELDS)
    )


def running_order_rows(*, item: ProgramItem, segments: list[Segment] | None = None) -> RunningOrder:
    """The item's segments in order with their computed planned start and end."""
    if segments is None:
        segments = list(_segments_queryset().filter(item=item).order_by("order", "pk"))
    rows, start = [], item.starts_at
    for segment in segments:
        rows.append(SegmentRow(segment, start, start + segment.duration))
        start += segment.duration
    slot = int((item.ends_at - item.starts_at).total_seconds() // 60)
    total = sum(segment.duration_minutes for segment in segments)
    return RunningOrder(item=item, rows=rows, total_minutes=total, slot_minutes=slot)


def stage_items_on_the_day(*, stage_id: int) -> QuerySet[ProgramItem]:
    """The items a stage holds on the day: its own, less those moved to another stage on the
    day, plus those moved to it."""
    return ProgramItem.objects.filter(
        Q(stage_id=stage_id, live__stage__isnull=True) | Q(live__stage_id=stage_id)
    )


def stage_items_with_running_order(
    *, stage: Stage, published_only: bool, on_the_day: bool = False
) -> list[RunningOrder]:
    """Every item of a stage in time order with its running order: as planned (the stage's run
    sheet) or, ``on_the_day``, with the items moved to it and without those moved away."""
    items = (
        stage_items_on_the_day(stage_id=stage.pk)
        if on_the_day
        else ProgramItem.objects.filter(stage=stage)
    )
    items = items.select_related("stage", "edition")
    if published_only:
        items = items.published()
    items = items.prefetch_related(
        Prefetch("segments", queryset=_segments_queryset().order_by("order", "pk"))
    ).order_by("starts_at", "pk")
    return [running_order_rows(item=item, segments=list(item.segments.all())) for item in items]


# --- The live day ----------------------------------------------------------------------------


@dataclass
class LiveItem:
    item: ProgramItem
    state: ItemLive | None
    order: RunningOrder

    @property
    def status(self) -> str:
        return self.state.status if self.state else ItemLive.Status.PLANNED

    @property
    def live_starts_at(self) -> dt.datetime:
        return (self.state.starts_at if self.state else None) or self.item.starts_at

    @property
    def live_ends_at(self) -> dt.datetime:
        return (self.state.ends_at if self.state else None) or self.item.ends_at

    @property
    def delay_minutes(self) -> int:
        return int((self.live_starts_at - self.item.starts_at).total_seconds() // 60)

    @property
    def status_label(self) -> str:
        return str(ItemLive.Status(self.status).label)

    @property
    def running_segment(self) -> Segment | None:
        for row in self.order.rows:
            if row.segment.live_started_at and not row.segment.live_ended_at:
                return row.segment
        return None

    @property
    def next_segment(self) -> Segment | None:
        for row in self.order.rows:
            if not row.segment.live_started_at:
                return row.segment
        return None


@dataclass
class LiveStage:
    stage: Stage
    stage_live: StageLive | None
    items: list[LiveItem] = field(default_factory=list)
    # Planned here, moved to another stage on the day: run there, only listed here.
    moved_away: list[ItemLive] = field(default_factory=list)

    @property
    def version(self) -> int:
        return self.stage_live.version if self.stage_live else 0

    @property
    def delay_minutes(self) -> int:
        return self.stage_live.delay_minutes if self.stage_live else 0

    def current(self, now: dt.datetime) -> LiveItem | None:
        running = [entry for entry in self.items if entry.status == ItemLive.Status.RUNNING]
        if running:
            return running[0]
        for entry in self.items:
            if entry.status in (ItemLive.Status.PLANNED, ItemLive.Status.MOVED) and (
                entry.live_starts_at <= now < entry.live_ends_at
            ):
                return entry
        return None

    def upcoming(self, now: dt.datetime) -> list[LiveItem]:
        current = self.current(now)
        return [
            entry
            for entry in sorted(self.items, key=lambda e: e.live_starts_at)
            if entry is not current
            and entry.status in (ItemLive.Status.PLANNED, ItemLive.Status.MOVED)
            and entry.live_starts_at >= (current.live_starts_at if current else now)
        ]


def live_stage(*, stage: Stage, published_only: bool = False) -> LiveStage:
    """A stage's day as it runs: the items it holds on the day (with those moved to it) with
    their live state and running order, and those moved away from it."""
    orders = stage_items_with_running_order(
        stage=stage, published_only=published_only, on_the_day=True
    )
    states = {s.item_id: s for s in ItemLive.objects.filter(item__in=[o.item for o in orders])}
    moved_away = (
        ItemLive.objects.filter(item__stage=stage, stage__isnull=False)
        .exclude(stage=stage)
        .select_related("item", "stage")
        .order_by("starts_at", "item_id")
    )
    if published_only:
        moved_away = moved_away.filter(item__in=ProgramItem.objects.published())
    return LiveStage(
        stage=stage,
        stage_live=StageLive.objects.filter(stage=stage).first(),
        items=[LiveItem(order.item, states.get(order.item.pk), order) for order in orders],
        moved_away=list(moved_away),
    )


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def now_data(*, edition: Edition, stage_id: int | None = None) -> dict:
    """What /now/ and the venue screens show, as plain JSON: every stage's published items with
    planned and live times, so the page can tell what is on now and next by its own clock, also
    while the server is briefly unreachable. Three queries whatever the size of the day."""
    language = translation.get_language() or "ko"
    english = language == "en"
    stages = list(Stage.objects.filter(edition=edition).order_by("order", "pk"))
    if stage_id is not None:
        stages = [stage for stage in stages if stage.pk == stage_id]
    # Each item under the stage it is on that day (moved ones under their new stage).
    items = list(
        ProgramItem.objects.published()
        .filter(edition=edition)
        .filter(Q(stage__in=stages, live__stage__isnull=True) | Q(live__stage__in=stages))
        .select_related("live", "live__stage")
        .order_by("starts_at", "pk")
    )
    segments: dict[int, list[Segment]] = {}
    for segment in Segment.objects.filter(item__in=items).order_by("item_id", "order", "pk"):
        segments.setdefault(segment.item_id, []).append(segment)
    delays = dict(
        StageLive.objects.filter(stage__in=stages).values_list("stage_id", "delay_minutes")
    )
    by_stage: dict[int, list[dict]] = {stage.pk: [] for stage in stages}

    def title(row) -> str:
        return (row.title_en or row.title_ko) if english else row.title_ko

    for item in items:
        state = getattr(item, "live", None)
        status = state.status if state else ItemLive.Status.PLANNED
        starts_at = (state.starts_at if state else None) or item.starts_at
        ends_at = (state.ends_at if state else None) or item.ends_at
        moved_to = state.stage if state and state.stage_id else None
        start, rows = item.starts_at, []
        for segment in segments.get(item.pk, []):
            rows.append(
                {
                    "title": title(segment),
                    "kind": segment.kind,
                    "start": _iso(start),
                    "started": _iso(segment.live_started_at),
                    "ended": _iso(segment.live_ended_at),
                }
            )
            start += segment.duration
        by_stage[moved_to.pk if moved_to else item.stage_id].append(
            {
                "id": item.pk,
                "title": title(item),
                "kind": item.kind,
                "planned_start": _iso(item.starts_at),
                # What people read (오후 2:00 / 2:00 PM); the scripts show these, not the ISO times.
                "planned_label": local_time(item.starts_at),
                "start_label": local_time(starts_at),
                "end_label": local_time(ends_at),
                "time_label": local_time_range(starts_at, ends_at, day=False),
                "delay": int((starts_at - item.starts_at).total_seconds() // 60),
                "planned_end": _iso(item.ends_at),
                "start": _iso(starts_at),
                "end": _iso(ends_at),
                "status": status,
                "status_label": str(ItemLive.Status(status).label),
                "moved_to": (
                    ((moved_to.name_en or moved_to.name_ko) if english else moved_to.name_ko)
                    if moved_to
                    else ""
                ),
                "url": item.get_absolute_url(),
                "segments": rows,
            }
        )
    return {
        "edition": edition.year,
        "language": language,
        "stages": [
            {
                "id": stage.pk,
                "name": (stage.name_en or stage.name_ko) if english else stage.name_ko,
                "delay": delays.get(stage.pk, 0),
                "items": by_stage[stage.pk],
            }
            for stage in stages
        ],
    }


OPEN_STATUSES = (ItemLive.Status.PLANNED, ItemLive.Status.MOVED)


def now_next(*, data: dict, now: dt.datetime) -> list[dict]:
    """Per stage of ``data`` (now_data), the item on now and the next one, by ``now``.

    static/js/now.js applies the same rule in the browser, by its own clock.
    """
    result = []
    for stage in data["stages"]:
        items = stage["items"]
        current = next((i for i in items if i["status"] == ItemLive.Status.RUNNING), None)
        if current is None:
            current = next(
                (
                    i
                    for i in items
                    if i["status"] in OPEN_STATUSES
                    and dt.datetime.fromisoformat(i["start"])
                    <= now
                    < dt.datetime.fromisoformat(i["end"])
                ),
                None,
            )
        after = dt.datetime.fromisoformat(current["start"]) if current else now
        upcoming = sorted(
            (
                i
                for i in items
                if i is not current
                and i["status"] in OPEN_STATUSES
                and dt.datetime.fromisoformat(i["start"]) >= after
            ),
            key=lambda i: i["start"],
        )
        segment = None
        if current:
            segment = next(
                (s["title"] for s in current["segments"] if s["started"] and not s["ended"]), None
            )
        result.append(
            {
                "stage": stage,
                "current": current,
                "next": upcoming[0] if upcoming else None,
                "segment": segment,
            }
        )
    return result


# --- Versions --------------------------------------------------------------------------------


def programme_version_list(*, edition: Edition) -> list[ProgrammeVersion]:
    return list(ProgrammeVersion.objects.filter(edition=edition).order_by("-number"))


def _when(place: dict | None, english: bool) -> str:
    if not place:
        return ""
    start = dt.datetime.fromisoformat(place["starts_at"])
    end = dt.datetime.fromisoformat(place["ends_at"])
    stage = (place["stage_en"] or place["stage_ko"]) if english else place["stage_ko"]
    # One day's programme: the times alone, written as everywhere else (오후 3:00~오후 4:00).
    return f"{local_time_range(start, end, day=False)} · {stage}"


def changelog_display(*, entries: list[dict], item_ids: set[int] | None = None) -> list[dict]:
    """Changelog entries ready for a page or an email in the active language: the change's
    label, the title, the old and the new time and stage."""
    english = (translation.get_language() or "ko") == "en"
    labels = {
        "added": gettext("Added"),
        "moved": gettext("Moved"),
        "cancelled": gettext("Cancelled"),
        "changed": gettext("Changed"),
    }
    field_labels = {
        "title_ko": gettext("title"),
        "title_en": gettext("title"),
        "kind": gettext("kind"),
        "description": gettext("description"),
    }
    shown = []
    for entry in entries:
        if item_ids is not None and entry["item"] not in item_ids:
            continue
        fields = list(dict.fromkeys(field_labels[name] for name in entry.get("fields", [])))
        shown.append(
            {
                "change": entry["change"],
                "label": labels[entry["change"]],
                "item": entry["item"],
                "title": (entry["title_en"] or entry["title_ko"]) if english else entry["title_ko"],
                "old": _when(entry["old"], english),
                "new": _when(entry["new"], english),
                "fields": ", ".join(fields),
            }
        )
    return shown
