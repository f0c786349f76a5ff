"""Reads for the market: ready querysets with related rows fetched and privacy applied."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from events.models import SEOUL, Edition
from participants.models import Permit, Product, Stall, StallApplication


def seoul_today(now: dt.datetime | None = None) -> dt.date:
    return timezone.localtime(now or timezone.now(), SEOUL).date()


def _valid_liquor_licence(*, on: dt.date, vendor_ref: str) -> Exists:
    return _valid_permit(Permit.Kind.LIQUOR_LICENCE, on=on, vendor_ref=vendor_ref)


def _valid_permit(kind: str, *, on: dt.date, vendor_ref: str) -> Exists:
    return Exists(
        Permit.objects.filter(
            vendor_id=OuterRef(vendor_ref),
            kind=kind,
            status=Permit.Status.VERIFIED,
            expires_on__gte=on,
        )
    )


def product_public_list(*, on: dt.date) -> QuerySet[Product]:
    """Products the public may see: liquor only while its vendor holds a valid liquor licence,
    goods made in the North only while it holds a valid import approval."""
    return (
        Product.objects.annotate(
            vendor_may_sell_liquor=_valid_liquor_licence(on=on, vendor_ref="vendor_id"),
            vendor_may_sell_imports=_valid_permit(
                Permit.Kind.IMPORT_APPROVAL, on=on, vendor_ref="vendor_id"
            ),
        )
        .filter(~Q(category="liquor") | Q(vendor_may_sell_liquor=True))
        .filter(~Q(provenance="north_imported") | Q(vendor_may_sell_imports=True))
        .order_by("category", "name", "id")
    )


def product_photo_public(*, product_id: int, now: dt.datetime | None = None) -> bool:
    """Whether anyone may see the product's photos: the product is shown in the public market of
    a published edition (its vendor listed and approved there, liquor and imports permitted).
    One query."""
    return (
        product_public_list(on=seoul_today(now))
        .filter(
            pk=product_id,
            vendor__is_listed=True,
            vendor__applications__status=StallApplication.Status.APPROVED,
            vendor__applications__edition__is_published=True,
        )
        .exists()
    )


def market_application_list(
    *,
    edition: Edition,
    category: str = "",
    provenance: str = "",
    for_listing: bool = False,
    now: dt.datetime | None = None,
) -> QuerySet[StallApplication]:
    """Approved applications of listed vendors at ``edition``, each with its vendor, stall and
    publicly visible products (``vendor.public_products``), in stall order. Three queries.

    ``for_listing`` leaves out what the listing page does not show (product descriptions,
    original photos), which is most of the bytes fetched."""
    products = product_public_list(on=seoul_today(now))
    if for_listing:
        products = products.defer(
            "description", "description_ko", "description_en", "photo", "created_at", "updated_at"
        )
    applications = StallApplication.objects.filter(
        edition=edition, status=StallApplication.Status.APPROVED, vendor__is_listed=True
    )
    if category:
        products = products.filter(category=category)
        applications = applications.filter(**{f"sells_{category}": True})
    if provenance:
        products = products.filter(provenance=provenance)
        applications = applications.filter(Exists(products.filter(vendor_id=OuterRef("vendor_id"))))
    return (
        applications.select_related("vendor", "stall", "stall__stage")
        .prefetch_related(
            Prefetch("vendor__products", queryset=products, to_attr="public_products")
        )
        .order_by("stall__number", "vendor__display_name", "id")
    )


def market_application_get(*, edition: Edition, vendor_id: int) -> StallApplication | None:
    return market_application_list(edition=edition).filter(vendor_id=vendor_id).first()


def stall_plan(*, edition: Edition, for_staff: bool) -> list[dict]:
    """Every stall of the edition's market areas with its occupant's name, as a staff member
    or the public may see it: the public sees a trading name only for listed vendors."""
    stalls = (
        Stall.objects.filter(stage__edition=edition, stage__kind="market")
        .select_related("stage")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=StallApplication.objects.filter(
                    status=StallApplication.Status.APPROVED
                ).select_related("vendor"),
                to_attr="approved",
            )
        )
        .order_by("stage__order", "stage_id", "zone", "number")
    )
    plan = []
    for stall in stalls:
        application = stall.approved[0] if stall.approved else None
        name = ""
        if application:
            vendor = application.vendor
            if for_staff:
                name = vendor.display_name
            elif vendor.is_listed:
                name = vendor.public_name
        plan.append({"stall": stall, "taken": application is not None, "name": name})
    return plan
