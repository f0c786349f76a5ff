"""The catalogue in the open-data API (/api/v1/exhibits): published exhibits, their public
images and the lender's credit line for the web (consent per use). Registered on events' API
object from ExhibitsConfig.ready(), since events imports no other app."""

from enum import Enum

from django.http import Http404, HttpRequest
from ninja import Path, Query, Router, Schema

from events.api.http import language_parameter, public_get
from events.api.pagination import PAGE_QUERY, PageIn, page
from events.api.schemas import ERRORS, Language, PageMeta
from events.common.site import site_url
from exhibits import selectors
from exhibits.models import OBJECT_NUMBER_PATTERN, Category, Exhibit, Province

LANG = language_parameter()
router = Router(tags=["exhibits"])

CategoryIn = Enum("CategoryIn", {value: value for value in Category.values}, type=str)
ProvinceIn = Enum("ProvinceIn", {value: value for value in Province.values}, type=str)


class ImageOut(Schema):
    alt: str
    width: int
    height: int
    thumbnail_url: str
    display_url: str


class ExhibitOut(Schema):
    object_number: str
    title: str
    description: str
    story: str
    category: str
    category_label: str
    materials: str
    dimensions: str
    period_made: str
    province: str
    province_label: str
    year_left: int | None
    credit_line: str
    editions: list[int]
    images: list[ImageOut]
    url: str


class ExhibitPage(PageMeta):
    results: list[ExhibitOut]


def _exhibit(exhibit: Exhibit) -> dict:
    return {
        "object_number": exhibit.object_number,
        "title": exhibit.title,
        "description": exhibit.description or "",
        "story": exhibit.story or "",
        "category": exhibit.category,
        "category_label": str(exhibit.get_category_display()),
        "materials": exhibit.materials or "",
        "dimensions": exhibit.dimensions or "",
        "period_made": exhibit.period_made or "",
        # Never place_of_origin: the public sees a place no finer than its province.
        "province": exhibit.province or "",
        "province_label": str(exhibit.get_province_display()) if exhibit.province else "",
        "year_left": exhibit.year_left,
        "credit_line": exhibit.web_credit_line,
        "editions": [display.edition.year for display in exhibit.public_displays],
        "images": [
            {
                "alt": image.alt_text or "",
                "width": image.width,
                "height": image.height,
                "thumbnail_url": site_url(image.thumbnail_url),
                "display_url": site_url(image.display_url),
            }
            for image in exhibit.public_images
        ],
        "url": site_url(exhibit.get_absolute_url()),
    }


@public_get(
    router,
    "/exhibits",
    query=("category", "province", "edition", *PAGE_QUERY),
    response={200: ExhibitPage, **ERRORS},
    summary="Published exhibits, by object number",
)
def exhibit_list(
    request: HttpRequest,
    paging: Query[PageIn],
    category: CategoryIn | None = None,
    province: ProvinceIn | None = None,
    edition: int | None = Query(None, ge=1, le=9999, description="Shown at this year's edition."),
    lang: Language | None = LANG,
):
    filters = selectors.CatalogueFilters(
        categories=(category.value,) if category else (),
        provinces=(province.value,) if province else (),
        editions=(edition,) if edition else (),
    )
    return page(selectors.exhibit_open_list(filters=filters), paging, _exhibit)


@public_get(
    router,
    "/exhibits/{object_number}",
    response={200: ExhibitOut, **ERRORS},
    summary="One published exhibit",
)
def exhibit_detail(
    request: HttpRequest,
    object_number: str = Path(..., pattern=OBJECT_NUMBER_PATTERN, max_length=40),
    lang: Language | None = LANG,
):
    exhibit = (
        selectors.exhibit_open_list(filters=selectors.CatalogueFilters())
        .filter(object_number=object_number)
        .first()
    )
    if exhibit is None:
        raise Http404
    return _exhibit(exhibit)
