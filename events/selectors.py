"""Reads of the programme for public pages and feeds: published rows only, related rows fetched.

Performers come with ``public_name`` only ever computed by events.privacy; private fields are
deferred so that a template cannot render them even by mistake.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from events.models import Appearance, Edition, ProgramItem, Stage

# Private columns of a performer, never loaded for a public page (privacy rules).
PERFORMER_PRIVATE_FIELDS = ("legal_name", "contact_email", "contact_phone")


def edition_current() -> Edition | None:
    """The latest published edition, or None before any is published."""
    return Edition.objects.published().order_by("-year").first()


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
        .select_related("stage", "edition")
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
        .select_related("stage", "edition")
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
    items: list[ProgramItem] = field(default_factory=list)


def timetable_columns(
    *, stages: QuerySet[Stage] | list[Stage], items: list[ProgramItem]
) -> list[StageColumn]:
    """Items grouped by stage, stages in their order; stages with nothing to show are left out."""
    columns = {stage.pk: StageColumn(stage=stage) for stage in stages}
    for item in items:
        column = columns.get(item.stage_id)
        if column is not None:
            column.items.append(item)
    return [column for column in columns.values() if column.items]


def edition_timeline(*, edition: Edition) -> list[StageColumn]:
    """Every item of an edition (published or not) by stage, for the organisers' timeline."""
    items = list(
        edition.items.select_related("stage")
        .prefetch_related("appearances__performer")
        .order_by("starts_at", "pk")
    )
    return timetable_columns(stages=list(stage_list(edition=edition)), items=items)
