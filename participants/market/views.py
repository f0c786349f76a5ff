"""The vendor area (/vendor/), the public market (/market/) and the stall plan.

Views are thin: an object-level check (a vendor reaches only their own rows: anything else is
a 404), a form, one service call, a message, a redirect.
"""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events.common.caching import public_cache
from events.common.exports import audit_log
from events.common.images import image_content_type
from events.common.storage import private_file_response
from events.models import AuditEntry
from events.selectors import edition_current
from participants.market import services
from participants.market.forms import (
    PermitForm,
    ProductForm,
    StallApplicationForm,
    VendorProfileForm,
)
from participants.market.models import Category
from participants.market.selectors import (
    market_application_get,
    market_application_list,
    product_photo_public,
    seoul_today,
    stall_plan,
)
from participants.models import Permit, Product, StallApplication, Vendor

# --- helpers ---------------------------------------------------------------------------------


def _form_error(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _own_vendor(request: HttpRequest) -> Vendor | None:
    return Vendor.objects.filter(owner=request.user).first()


def _need_vendor(request: HttpRequest) -> Vendor:
    vendor = _own_vendor(request)
    if vendor is None:
        raise Http404
    return vendor


# --- vendor area -----------------------------------------------------------------------------


@login_required
def vendor_home(request: HttpRequest) -> HttpResponse:
    vendor = _own_vendor(request)
    if vendor is None:
        return redirect("participants:vendor_profile")
    edition = edition_current()
    application = (
        StallApplication.objects.filter(vendor=vendor, edition=edition)
        .select_related("stall__stage")
        .first()
        if edition
        else None
    )
    today = seoul_today()
    permits = list(vendor.permits.all())
    for permit in permits:
        permit.effective = permit.effective_status(on=today)
    return render(
        request,
        "participants/vendors/vendor_home.html",
        {
            "vendor": vendor,
            "edition": edition,
            "application": application,
            "applications_open": edition
            and services.applications_open(edition=edition, now=timezone.now()),
            "permits": permits,
            "products": vendor.products.all(),
            "approved": application is not None and application.status == "approved",
        },
    )


@login_required
def vendor_profile(request: HttpRequest) -> HttpResponse:
    vendor = _own_vendor(request)
    form = VendorProfileForm(request.POST or None, instance=vendor)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.vendor_profile_save(owner=request.user, fields=fields)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Your vendor profile is saved."))
            return redirect("participants:vendor_home")
    return render(
        request, "participants/vendors/vendor_profile_form.html", {"form": form, "vendor": vendor}
    )


@login_required
def vendor_application(request: HttpRequest) -> HttpResponse:
    vendor = _own_vendor(request)
    if vendor is None:
        messages.info(request, _("Tell us about your stall first."))
        return redirect("participants:vendor_profile")
    edition = edition_current()
    if edition is None:
        raise Http404
    application = StallApplication.objects.filter(vendor=vendor, edition=edition).first()
    editable = application is None or application.status in StallApplication.EDITABLE_STATUSES
    form = StallApplicationForm(request.POST or None, instance=application)
    if request.method == "POST" and editable and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            # Saved and submitted together or not at all.
            with transaction.atomic():
                application = services.stall_application_save_draft(
                    vendor=vendor, edition=edition, fields=form.service_fields()
                )
                if submit:
                    services.stall_application_submit(application=application)
        except ValidationError as error:
            _form_error(form, error)
        else:
            if submit:
                messages.success(request, _("Your application is sent to the organisers."))
            else:
                messages.success(request, _("Your draft is saved. Submit it when it is ready."))
            return redirect("participants:vendor_home")
    return render(
        request,
        "participants/vendors/vendor_application_form.html",
        {
            "form": form,
            "edition": edition,
            "application": application,
            "editable": editable,
            "open": services.applications_open(edition=edition, now=timezone.now()),
        },
    )


@login_required
@require_POST
def vendor_application_withdraw(request: HttpRequest) -> HttpResponse:
    vendor = _need_vendor(request)
    application = get_object_or_404(StallApplication, vendor=vendor, edition=edition_current())
    try:
        services.stall_application_withdraw(application=application)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your application is withdrawn."))
    return redirect("participants:vendor_home")


@login_required
def vendor_permits(request: HttpRequest) -> HttpResponse:
    vendor = _own_vendor(request)
    if vendor is None:
        messages.info(request, _("Tell us about your stall first."))
        return redirect("participants:vendor_profile")
    form = PermitForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.permit_upload(vendor=vendor, **form.cleaned_data)
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The permit is uploaded. An organiser will check it."))
            return redirect("participants:vendor_permits")
    today = seoul_today()
    permits = list(vendor.permits.all())
    for permit in permits:
        permit.effective = permit.effective_status(on=today)
    return render(
        request, "participants/vendors/vendor_permits.html", {"form": form, "permits": permits}
    )


@login_required
@require_POST
def vendor_permit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    permit = get_object_or_404(Permit, pk=pk, vendor__owner=request.user)
    try:
        services.permit_delete(permit=permit)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The permit is removed."))
    return redirect("participants:vendor_permits")


@login_required
def vendor_permit_scan(request: HttpRequest, pk: int) -> FileResponse:
    """A permit's private scan, for its vendor and organisers who may see its private details."""
    permit = get_object_or_404(Permit.objects.select_related("vendor"), pk=pk)
    is_owner = permit.vendor.owner_id == request.user.pk
    if not (
        is_owner
        or (request.user.is_staff and request.user.has_perm("participants.view_permit_private"))
    ):
        raise Http404
    if not is_owner:
        audit_log(
            user=request.user,
            action=AuditEntry.Action.PRIVATE_FILE,
            target=Permit._meta.label,
            object_id=str(permit.pk),
        )
    extension = permit.scan.name.rsplit(".", 1)[-1]
    response = private_file_response(
        permit.scan,
        content_type=permit.scan_content_type or "application/octet-stream",
        filename=f"permit-{permit.pk}.{extension}",
    )
    # An uploaded PDF opened in the browser runs no script against this site.
    response["Content-Security-Policy"] = "sandbox"
    return response


@login_required
def vendor_products(request: HttpRequest) -> HttpResponse:
    vendor = _own_vendor(request)
    if vendor is None:
        messages.info(request, _("Tell us about your stall first."))
        return redirect("participants:vendor_profile")
    today = seoul_today()
    return render(
        request,
        "participants/vendors/vendor_products.html",
        {
            "products": vendor.products.all(),
            "approved": services.vendor_is_approved(vendor=vendor),
            "liquor_licensed": vendor.valid_permit(Permit.Kind.LIQUOR_LICENCE, on=today)
            is not None,
        },
    )


def _product_form_view(request: HttpRequest, vendor: Vendor, product: Product | None) -> Any:
    form = ProductForm(request.POST or None, request.FILES or None, instance=product)
    if request.method == "POST" and form.is_valid():
        try:
            if product is None:
                services.product_create(
                    vendor=vendor, fields=form.service_fields(), photo=form.cleaned_data["photo"]
                )
            else:
                services.product_update(
                    product=product,
                    fields=form.service_fields(),
                    photo=form.cleaned_data["photo"],
                    remove_photo=form.cleaned_data.get("remove_photo", False),
                )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The product is saved."))
            return redirect("participants:vendor_products")
    if request.method == "POST":
        form.ask_for_photo_again()
    return render(
        request,
        "participants/vendors/vendor_product_form.html",
        {"form": form, "product": product},
    )


@login_required
def vendor_product_add(request: HttpRequest) -> HttpResponse:
    return _product_form_view(request, _need_vendor(request), None)


@login_required
def vendor_product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(Product, pk=pk, vendor__owner=request.user)
    return _product_form_view(request, product.vendor, product)


@login_required
def vendor_product_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks "remove this product?"; only the POST of that page removes it."""
    product = get_object_or_404(Product, pk=pk, vendor__owner=request.user)
    if request.method != "POST":
        return render(
            request, "participants/vendors/vendor_product_delete.html", {"product": product}
        )
    services.product_delete(product=product)
    messages.success(request, _("The product is removed."))
    return redirect("participants:vendor_products")


# --- public market ---------------------------------------------------------------------------


def _choice(request: HttpRequest, name: str, choices: list[str]) -> str:
    value = request.GET.get(name, "")
    return value if value in choices else ""


# A page of stalls stays light on a phone (and cheap to render); filters narrow the rest.
MARKET_PAGE_SIZE = 24


@public_cache(query=("category", "provenance", "page"))
def market(request: HttpRequest) -> HttpResponse:
    edition = edition_current()
    category = _choice(request, "category", Category.values)
    provenance = _choice(request, "provenance", Product.Provenance.values)
    page = None
    if edition:
        applications = market_application_list(
            edition=edition, category=category, provenance=provenance, for_listing=True
        )
        page = Paginator(applications, MARKET_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = urlencode(
        {k: v for k, v in (("category", category), ("provenance", provenance)) if v}
    )
    return render(
        request,
        "participants/vendors/market_list.html",
        {
            "edition": edition,
            "page": page,
            "applications": list(page) if page else [],
            "categories": Category.choices,
            "provenances": Product.Provenance.choices,
            "category": category,
            "provenance": provenance,
            "filters": filters,
        },
    )


@public_cache
def market_vendor(request: HttpRequest, pk: int) -> HttpResponse:
    edition = edition_current()
    application = market_application_get(edition=edition, vendor_id=pk) if edition else None
    if application is None:
        raise Http404
    return render(
        request,
        "participants/vendors/market_vendor.html",
        {"edition": edition, "application": application, "vendor": application.vendor},
    )


@require_GET
def product_photo(request: HttpRequest, pk: int, size: str) -> FileResponse:
    """A product's photo (``photo``) or thumbnail (``thumb``): for everyone while the product is
    shown in the public market, else only for its vendor and organisers who may view products
    (audited); a 404 for anyone else, whether or not there is a photo."""
    product = get_object_or_404(Product.objects.select_related("vendor"), pk=pk)
    field = {"thumb": product.thumbnail, "photo": product.photo}.get(size)
    if not field:
        raise Http404
    user = request.user
    public = product_photo_public(product_id=product.pk)
    is_owner = user.is_authenticated and product.vendor.owner_id == user.pk
    if not (public or is_owner):
        if not (user.is_active and user.is_staff and user.has_perm("participants.view_product")):
            raise Http404
        audit_log(
            user=user,
            action=AuditEntry.Action.PRIVATE_FILE,
            target=Product._meta.label,
            object_id=str(product.pk),
        )
    # Only the visitor's own browser may keep a public photo, and briefly: no shared cache
    # (proxy, CDN) would go on serving it once the vendor is unlisted or withdraws.
    return private_file_response(field, content_type=image_content_type(field.name), public=public)


PLAN_CELL_WIDTH, PLAN_CELL_HEIGHT, PLAN_GAP, PLAN_PER_ROW, PLAN_LABEL = 96, 64, 8, 5, 28


def plan_layout(plan: list[dict]) -> dict:
    """Positions for the SVG: one band per market area and zone, stalls left to right."""
    rows: list[dict] = []
    cells: list[dict] = []
    y = PLAN_GAP
    band: tuple | None = None
    column = 0
    for entry in plan:
        stall = entry["stall"]
        key = (stall.stage_id, stall.zone)
        if key != band or column == PLAN_PER_ROW:
            if band is not None:
                y += PLAN_CELL_HEIGHT + PLAN_GAP
            if key != band:
                rows.append(
                    {
                        "y": y + 18,
                        "label": f"{stall.stage.name} · {stall.get_zone_display()}",
                    }
                )
                y += PLAN_LABEL
            band, column = key, 0
        name = entry["name"]
        cells.append(
            {
                "x": PLAN_GAP + column * (PLAN_CELL_WIDTH + PLAN_GAP),
                "y": y,
                "stall": stall,
                "taken": entry["taken"],
                "name": name,
                "short_name": name if len(name) <= 9 else name[:8] + "…",
            }
        )
        column += 1
    height = y + PLAN_CELL_HEIGHT + PLAN_GAP if cells else PLAN_GAP * 2
    return {
        "rows": rows,
        "cells": cells,
        "width": PLAN_GAP + PLAN_PER_ROW * (PLAN_CELL_WIDTH + PLAN_GAP),
        "height": height,
        "cell_width": PLAN_CELL_WIDTH,
        "cell_height": PLAN_CELL_HEIGHT,
    }


@public_cache
def market_plan(request: HttpRequest) -> HttpResponse:
    edition = edition_current()
    if edition is None:
        raise Http404
    plan = stall_plan(edition=edition, for_staff=False)
    return render(
        request,
        "participants/vendors/market_plan.html",
        {"edition": edition, "layout": plan_layout(plan), "for_staff": False},
    )
