"""Organisers' admin for vendors: profiles, their applications and permits, the audited export."""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportMixin
from modeltranslation.admin import TranslationAdmin

from events.common.exports import AuditedExportMixin
from events.common.private_admin import PrivateFieldsAdminMixin
from events.selectors import edition_current
from participants.market import services
from participants.models import Permit, StallApplication, Vendor


class VendorResource(resources.ModelResource):
    """The vendor list for the market team: public-facing facts and placement, no private
    contact (organisers read that in the admin, one vendor at a time)."""

    application_status = fields.Field(column_name="application_status")
    categories = fields.Field(column_name="categories")
    stall_number = fields.Field(column_name="stall_number")
    product_count = fields.Field(column_name="product_count")

    class Meta:
        model = Vendor
        fields = (
            "id",
            "display_name_ko",
            "display_name_en",
            "visibility",
            "is_listed",
            "no_photography",
            "application_status",
            "categories",
            "stall_number",
            "product_count",
        )
        export_order = fields

    def _application(self, vendor: Vendor) -> StallApplication | None:
        edition = getattr(self, "_edition", None) or edition_current()
        self._edition = edition
        for application in vendor.applications.all():
            if edition and application.edition_id == edition.pk:
                return application
        return None

    def dehydrate_application_status(self, vendor: Vendor) -> str:
        application = self._application(vendor)
        return application.status if application else ""

    def dehydrate_categories(self, vendor: Vendor) -> str:
        application = self._application(vendor)
        return ",".join(application.categories) if application else ""

    def dehydrate_stall_number(self, vendor: Vendor) -> str:
        application = self._application(vendor)
        return str(application.stall.number) if application and application.stall else ""

    def dehydrate_product_count(self, vendor: Vendor) -> int:
        return len(vendor.products.all())


class _ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class StallApplicationInline(_ReadOnlyInline):
    model = StallApplication
    fields = ("edition", "status", "stall", "submitted_at", "decided_at")
    readonly_fields = fields


class PermitInline(_ReadOnlyInline):
    model = Permit
    fields = ("kind", "number", "expires_on", "status", "scan_link")
    readonly_fields = fields

    def get_fields(self, request: HttpRequest, obj=None):
        if request.user.has_perm("participants.view_permit_private"):
            return self.fields
        # Permit numbers and scans are sealed behind the permit's own permission.
        return ("kind", "expires_on", "status")

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return self.get_fields(request, obj)

    @admin.display(description=_("scan"))
    def scan_link(self, permit: Permit) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("participants:vendor_permit_scan", args=[permit.pk]),
            gettext("open"),
        )


@admin.register(Vendor)
class VendorAdmin(PrivateFieldsAdminMixin, AuditedExportMixin, ExportMixin, TranslationAdmin):
    private_fields = ("legal_name", "contact_phone", "contact_email")
    private_permission = "participants.view_vendor_private"
    resource_classes = [VendorResource]
    inlines = [StallApplicationInline, PermitInline]
    list_display = ("display_name", "visibility", "is_listed", "no_photography", "listed_at")
    list_filter = ("is_listed", "visibility", "no_photography")
    search_fields = ("display_name_ko", "display_name_en")
    readonly_fields = ("owner", "is_listed", "listed_at", "listed_by", "created_at", "updated_at")
    actions = ["list_in_market", "unlist_from_market"]
    show_facets = admin.ShowFacets.ALWAYS

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vendors create their own profile in /vendor/

    def get_export_queryset(self, request: HttpRequest):
        return (
            super().get_export_queryset(request).prefetch_related("applications__stall", "products")
        )

    @admin.action(description=_("List in the public market"), permissions=["change"])
    def list_in_market(self, request: HttpRequest, queryset) -> None:
        for vendor in queryset:
            services.vendor_listing_set(vendor=vendor, listed=True, by=request.user)
        self.message_user(request, gettext("Listed: %(count)s.") % {"count": queryset.count()})

    @admin.action(description=_("Remove from the public market"), permissions=["change"])
    def unlist_from_market(self, request: HttpRequest, queryset) -> None:
        for vendor in queryset:
            services.vendor_listing_set(vendor=vendor, listed=False, by=request.user)
        self.message_user(request, gettext("Unlisted: %(count)s.") % {"count": queryset.count()})
