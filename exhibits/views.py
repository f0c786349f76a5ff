from urllib.parse import urlencode

from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from events.common.caching import public_cache
from events.common.exports import audit_log
from events.common.images import image_content_type
from events.common.storage import private_file_response
from events.models import AuditEntry, Edition
from exhibits import selectors
from exhibits.models import ExhibitImage, Province

PAGE_SIZE = 24

# A schematic tile map of the DPRK: (column, row) of each province, north at the top.
PROVINCE_TILES = {
    Province.CHAGANG: (2, 0),
    Province.RYANGGANG: (3, 0),
    Province.NORTH_HAMGYONG: (4, 0),
    Province.RASON: (5, 0),
    Province.NORTH_PYONGAN: (1, 1),
    Province.SOUTH_PYONGAN: (2, 1),
    Province.SOUTH_HAMGYONG: (3, 1),
    Province.NAMPO: (0, 2),
    Province.PYONGYANG: (1, 2),
    Province.KANGWON: (2, 2),
    Province.SOUTH_HWANGHAE: (0, 3),
    Province.NORTH_HWANGHAE: (1, 3),
}
TILE = 96
CACHEABLE_PARAMETERS = {"q", "category", "province", "decade", "edition", "page"}


def _chosen(filters: selectors.CatalogueFilters) -> dict[str, list]:
    return {
        "category": list(filters.categories),
        "province": list(filters.provinces),
        "decade": list(filters.decades),
        "edition": list(filters.editions),
    }


def _query_string(query: str, chosen: dict[str, list]) -> str:
    """The catalogue's address for these filters, from the cleaned filters (never raw input)."""
    params = [("q", query)] if query else []
    for name, values in chosen.items():
        params += [(name, value) for value in values]
    return urlencode(params)


def _toggle_url(filters: selectors.CatalogueFilters, name: str, value) -> str:
    chosen = _chosen(filters)
    values = chosen[name]
    chosen[name] = [v for v in values if v != value] if value in values else [*values, value]
    return "?" + _query_string(filters.query, chosen)


def _province_map(options: list[dict]) -> dict:
    top = max((option["count"] for option in options), default=0) or 1
    tiles = []
    for option in options:
        column, row = PROVINCE_TILES[option["value"]]
        tiles.append(
            {
                **option,
                "x": column * TILE,
                "y": row * TILE,
                "cx": column * TILE + TILE // 2,
                "cy": row * TILE + TILE // 2 - 6,
                "r": 6 + round(26 * option["count"] / top) if option["count"] else 0,
            }
        )
    return {"tiles": tiles, "width": 6 * TILE, "height": 4 * TILE, "tile": TILE - 4}


@require_GET
@public_cache(query=CACHEABLE_PARAMETERS)
def catalogue(request: HttpRequest) -> HttpResponse:
    """The public catalogue: search, facets with counts, a page of thumbnails, a province map."""
    filters = selectors.catalogue_search_resolve(selectors.catalogue_filters_from(request.GET))
    paginator = Paginator(selectors.exhibit_public_list(filters=filters), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    facets = selectors.catalogue_facets(filters=filters)
    # Labels translated once per page rather than once per card (get_FOO_display is slow).
    labels = {
        name: {option["value"]: option["label"] for option in facets[name].options}
        for name in ("category", "province")
    }
    for exhibit in page.object_list:
        exhibit.category_label = labels["category"].get(exhibit.category, "")
        exhibit.province_label = labels["province"].get(exhibit.province, "")
    chosen = _chosen(filters)
    for facet in facets.values():
        for option in facet.options:
            option["selected"] = option["value"] in chosen[facet.name]
            option["url"] = _toggle_url(filters, facet.name, option["value"])
    page_query = _query_string(filters.query, chosen)
    return render(
        request,
        "exhibits/exhibit_list.html",
        {
            "filters": filters,
            "page": page,
            "paginator": paginator,
            "facets": facets,
            "province_map": _province_map(facets["province"].options),
            "page_query": page_query,
            "search_max": selectors.SEARCH_MAX_CHARS,
        },
    )


@require_GET
@public_cache
def detail(request: HttpRequest, object_number: str) -> HttpResponse:
    """One published object: images with alt text, description, story, credit line."""
    exhibit = selectors.exhibit_public_get(object_number=object_number)
    return render(request, "exhibits/exhibit_detail.html", {"exhibit": exhibit})


@require_GET
def image(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """An image file. Renditions of public images for everyone; the rest for staff with rights.

    Originals are never public; an unpublished exhibit's or an uncleared image's renditions are
    a 404 for anyone without exhibits.view_exhibitimage.
    """
    image = get_object_or_404(ExhibitImage.objects.select_related("exhibit"), pk=pk)
    field = {"thumb": image.thumbnail, "display": image.display, "original": image.original}.get(
        size
    )
    if not field:
        raise Http404
    public = size != "original" and image.is_public
    if not public and not request.user.has_perm("exhibits.view_exhibitimage"):
        raise Http404
    if size == "original":
        audit_log(
            user=request.user,
            action=AuditEntry.Action.PRIVATE_FILE,
            target=ExhibitImage._meta.label,
            object_id=str(image.pk),
        )
    # Only the visitor's own browser may keep a public image, and briefly: no shared cache would
    # go on serving it after the exhibit is unpublished.
    return private_file_response(field, content_type=image_content_type(field.name), public=public)


@staff_member_required
@permission_required("exhibits.view_display", raise_exception=True)
def labels(request: HttpRequest, year: int) -> HttpResponse:
    """Printable A4 exhibition labels for an edition's displays (staff only)."""
    edition = get_object_or_404(Edition, year=year)
    return render(
        request,
        "exhibits/display_labels.html",
        {"edition": edition, "displays": selectors.display_label_list(year=year)},
    )
