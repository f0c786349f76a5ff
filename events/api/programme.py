"""Editions, stages and programme items."""

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Path, Query, Router

from events import selectors
from events.api.http import language_parameter, public_get
from events.api.pagination import MAX_ID, PAGE_QUERY, PageIn, page
from events.api.schemas import (
    ERRORS,
    EditionOut,
    EditionPage,
    ItemKind,
    ItemOut,
    ItemPage,
    Language,
    StagePage,
)
from events.common.site import site_url
from events.models import Edition, ProgramItem, Stage
from events.opendata.selectors import program_item_guid

LANG = language_parameter()
router = Router(tags=["programme"])
YEAR = Path(..., ge=1, le=9999, description="The edition's year, e.g. 2025.")


def edition_or_404(year: int) -> Edition:
    edition = selectors.edition_list_published().filter(year=year).first()
    if edition is None:
        raise Http404
    return edition


def _edition(edition: Edition) -> dict:
    year = {"year": edition.year}
    return {
        "year": edition.year,
        "date": edition.date,
        "title": edition.title,
        "theme": edition.theme or "",
        "venue": edition.venue or "",
        "address": edition.address or "",
        "summary": edition.summary or "",
        "how_to_attend": edition.how_to_attend or "",
        "url": site_url(reverse("events:edition_home", kwargs=year)),
        "schedule_xml": site_url(reverse("events:edition_schedule_xml", kwargs=year)),
        "schedule_json": site_url(reverse("events:edition_schedule_json", kwargs=year)),
        "calendar": site_url(reverse("events:edition_programme_ics", kwargs=year)),
    }


def _stage(stage: Stage) -> dict:
    return {
        "id": stage.pk,
        "name": stage.name,
        "kind": stage.kind,
        "kind_label": str(stage.get_kind_display()),
        "capacity": stage.capacity,
        "accessibility_notes": stage.accessibility_notes or "",
    }


def _item(item: ProgramItem) -> dict:
    return {
        "id": item.pk,
        "guid": program_item_guid(item.pk),
        "edition": item.edition.year,
        "kind": item.kind,
        "kind_label": str(item.get_kind_display()),
        "title": item.title,
        "description": item.description or "",
        "starts_at": timezone.localtime(item.starts_at),
        "ends_at": timezone.localtime(item.ends_at),
        "stage": {"id": item.stage_id, "name": item.stage.name},
        "performers": [
            {
                "name": appearance.performer.public_name,
                "role": appearance.role or "",
                "photo_url": site_url(appearance.performer.public_photo_url)
                if appearance.performer.public_photo_url
                else "",
            }
            for appearance in item.public_appearances
        ],
        "seat_booking": item.has_seat_booking,
        "url": site_url(item.get_absolute_url()),
        "calendar": site_url(reverse("events:programme_item_ics", kwargs={"pk": item.pk})),
    }


@public_get(
    router,
    "/editions",
    query=PAGE_QUERY,
    response={200: EditionPage, **ERRORS},
    summary="Published editions, the latest first",
)
def edition_list(request: HttpRequest, paging: Query[PageIn], lang: Language | None = LANG):
    return page(selectors.edition_list_published(), paging, _edition)


@public_get(
    router,
    "/editions/{year}",
    response={200: EditionOut, **ERRORS},
    summary="One published edition",
)
def edition_detail(request: HttpRequest, year: int = YEAR, lang: Language | None = LANG):
    return _edition(edition_or_404(year))


@public_get(
    router,
    "/editions/{year}/stages",
    query=PAGE_QUERY,
    response={200: StagePage, **ERRORS},
    summary="The stages (rooms) of an edition",
)
def stage_list(
    request: HttpRequest, paging: Query[PageIn], year: int = YEAR, lang: Language | None = LANG
):
    return page(selectors.stage_list(edition=edition_or_404(year)), paging, _stage)


@public_get(
    router,
    "/editions/{year}/items",
    query=("kind", "stage", *PAGE_QUERY),
    response={200: ItemPage, **ERRORS},
    summary="The published programme of an edition, in time order",
)
def item_list(
    request: HttpRequest,
    paging: Query[PageIn],
    year: int = YEAR,
    kind: ItemKind | None = None,
    stage: int | None = Query(None, ge=1, le=MAX_ID, description="A stage's id."),
    lang: Language | None = LANG,
):
    items = selectors.program_item_list(
        edition=edition_or_404(year), kind=kind.value if kind else None
    )
    if stage is not None:
        items = items.filter(stage_id=stage)
    return page(items, paging, _item)


@public_get(
    router,
    "/items/{item_id}",
    response={200: ItemOut, **ERRORS},
    summary="One published programme item",
)
def item_detail(
    request: HttpRequest, item_id: int = Path(..., ge=1, le=MAX_ID), lang: Language | None = LANG
):
    return _item(selectors.program_item_get(pk=item_id))
