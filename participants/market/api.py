"""The market in the open-data API (/api/v1/editions/{year}/vendors): listed vendors with an
approved stall and their public products. Registered on events' API object from
ParticipantsConfig.ready(), since events imports no other app."""

from decimal import Decimal
from enum import Enum

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Path, Query, Router, Schema

from events.api.http import language_parameter, public_get
from events.api.pagination import MAX_ID, PAGE_QUERY, PageIn, page
from events.api.programme import YEAR, edition_or_404
from events.api.schemas import ERRORS, Language, PageMeta
from events.common.site import site_url
from participants.market.models import Category
from participants.market.selectors import market_application_list
from participants.models import Product, StallApplication

LANG = language_parameter()
router = Router(tags=["market"])

CategoryIn = Enum("CategoryIn", {value: value for value in Category.values}, type=str)
ProvenanceIn = Enum("ProvenanceIn", {value: value for value in Product.Provenance.values}, type=str)


class ProductOut(Schema):
    id: int
    name: str
    description: str
    category: str
    category_label: str
    price_won: int
    is_available: bool
    provenance: str
    provenance_label: str
    allergens: str
    alcohol_percent: Decimal | None
    photo_url: str


class StallOut(Schema):
    number: int
    area: str


class VendorOut(Schema):
    id: int
    name: str
    description: str
    categories: list[str]
    no_photography: bool
    stall: StallOut | None
    products: list[ProductOut]
    url: str


class VendorPage(PageMeta):
    results: list[VendorOut]


def _product(product: Product) -> dict:
    return {
        "id": product.pk,
        "name": product.name,
        "description": product.description or "",
        "category": product.category,
        "category_label": str(product.get_category_display()),
        "price_won": product.price_won,
        "is_available": product.is_available,
        "provenance": product.provenance,
        "provenance_label": str(product.get_provenance_display()),
        "allergens": product.allergens or "",
        "alcohol_percent": product.alcohol_percent,
        "photo_url": site_url(product.thumbnail_url) if product.thumbnail else "",
    }


def _vendor(application: StallApplication) -> dict:
    vendor = application.vendor
    stall = application.stall
    return {
        "id": vendor.pk,
        "name": vendor.public_name,
        "description": vendor.description or "",
        "categories": application.categories,
        "no_photography": vendor.no_photography,
        "stall": {"number": stall.number, "area": stall.stage.name} if stall else None,
        "products": [_product(product) for product in vendor.public_products],
        "url": site_url(reverse("participants:market_vendor", kwargs={"pk": vendor.pk})),
    }


@public_get(
    router,
    "/editions/{year}/vendors",
    query=("category", "provenance", *PAGE_QUERY),
    response={200: VendorPage, **ERRORS},
    summary="The market of an edition: listed vendors, their stall and products",
)
def vendor_list(
    request: HttpRequest,
    paging: Query[PageIn],
    year: int = YEAR,
    category: CategoryIn | None = None,
    provenance: ProvenanceIn | None = None,
    lang: Language | None = LANG,
):
    applications = market_application_list(
        edition=edition_or_404(year),
        category=category.value if category else "",
        provenance=provenance.value if provenance else "",
    )
    return page(applications, paging, _vendor)


@public_get(
    router,
    "/editions/{year}/vendors/{vendor_id}",
    response={200: VendorOut, **ERRORS},
    summary="One vendor of an edition's market",
)
def vendor_detail(
    request: HttpRequest,
    year: int = YEAR,
    vendor_id: int = Path(..., ge=1, le=MAX_ID),
    lang: Language | None = LANG,
):
    application = (
        market_application_list(edition=edition_or_404(year)).filter(vendor_id=vendor_id).first()
    )
    if application is None:
        raise Http404
    return _vendor(application)
