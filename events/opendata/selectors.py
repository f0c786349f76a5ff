"""Reads for the open data: the published programme of an edition as plain rows, in a fixed
number of queries whatever its size, with performers by their public name only."""

import datetime as dt
import hashlib
import json
import uuid
from dataclasses import dataclass, field

from events.models import Appearance, Edition, ProgramItem, Stage
from events.privacy import public_name

# Every GUID of our open data lives in this namespace, so a GUID never changes when the site
# moves to another address, and two items never share one.
GUID_NAMESPACE = uuid.UUID("6f1e5c1e-3d0b-5b7a-9c55-0a5d1f7e14d7")


def program_item_guid(pk: int) -> str:
    """The item's GUID: derived from its id only, so that it survives every edit."""
    return str(uuid.uuid5(GUID_NAMESPACE, f"programme-item:{pk}"))


def stage_guid(pk: int) -> str:
    return str(uuid.uuid5(GUID_NAMESPACE, f"stage:{pk}"))


@dataclass(frozen=True, slots=True)
class _Person:
    display_name: str
    visibility: str


@dataclass(slots=True)
class OpenItem:
    """A published item as the open data shows it: public values, no model instance."""

    pk: int
    stage_id: int
    kind: str
    title_ko: str
    title_en: str
    description_ko: str
    description_en: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    performers: list[str] = field(default_factory=list)
    running_order: list[dict] = field(default_factory=list)

    @property
    def guid(self) -> str:
        return program_item_guid(self.pk)

    def title_in(self, language: str) -> tuple[str, str]:
        """The title in ``language`` and the language it is really in (Korean when no English)."""
        if language == "en" and self.title_en:
            return self.title_en, "en"
        return self.title_ko, "ko"

    def description_in(self, language: str) -> str:
        if language == "en":
            return self.description_en or self.description_ko
        return self.description_ko


@dataclass
class OpenProgramme:
    edition: Edition
    stages: list[Stage]
    items: list[OpenItem]
    version: str


def _published_items(edition: Edition, *, stage_id: int | None, kind: str | None):
    items = ProgramItem.objects.rewrite(False).published().filter(edition=edition)
    if stage_id is not None:
        items = items.filter(stage_id=stage_id)
    if kind:
        items = items.filter(kind=kind)
    return items.order_by("starts_at", "stage__order", "pk")


def _public_performers(item_ids: list[int]) -> dict[int, list[str]]:
    names: dict[int, list[str]] = {}
    if not item_ids:
        return names
    rows = (
        Appearance.objects.rewrite(False)
        .filter(item_id__in=item_ids, performer__is_published=True)
        .order_by("item_id", "order", "pk")
        .values_list("item_id", "performer__display_name", "performer__visibility")
    )
    for item_id, display_name, visibility in rows:
        names.setdefault(item_id, []).append(public_name(_Person(display_name, visibility)))
    return names


def programme_version(*, edition: Edition, items: list[OpenItem]) -> str:
    """The schedule's version: a digest of the published programme, so it changes exactly when
    what the schedule says changes."""
    digest = hashlib.sha256(
        json.dumps(
            [
                (
                    i.pk,
                    i.stage_id,
                    i.kind,
                    i.title_ko,
                    i.title_en,
                    i.description_ko,
                    i.description_en,
                    i.starts_at.isoformat(),
                    i.ends_at.isoformat(),
                    i.performers,
                )
                for i in items
            ],
            ensure_ascii=False,
        ).encode()
    ).hexdigest()
    return f"{edition.year}.{digest[:12]}"


def open_programme(
    *, edition: Edition, stage_id: int | None = None, kind: str | None = None
) -> OpenProgramme:
    """The published programme of ``edition`` (optionally one stage or one kind): three queries
    (stages, items, performers) whatever the number of items."""
    rows = list(
        _published_items(edition, stage_id=stage_id, kind=kind).values_list(
            "pk",
            "stage_id",
            "kind",
            "title_ko",
            "title_en",
            "description_ko",
            "description_en",
            "starts_at",
            "ends_at",
        )
    )
    names = _public_performers([row[0] for row in rows])
    items = [
        OpenItem(
            pk=pk,
            stage_id=stage,
            kind=kind_value,
            title_ko=title_ko or "",
            title_en=title_en or "",
            description_ko=description_ko or "",
            description_en=description_en or "",
            starts_at=starts_at,
            ends_at=ends_at,
            performers=names.get(pk, []),
        )
        for (
            pk,
            stage,
            kind_value,
            title_ko,
            title_en,
            description_ko,
            description_en,
            starts_at,
            ends_at,
        ) in rows
    ]
    stages = list(Stage.objects.filter(edition=edition).order_by("order", "pk"))
    return OpenProgramme(
        edition=edition,
        stages=stages,
        items=items,
        version=programme_version(edition=edition, items=items),
    )
