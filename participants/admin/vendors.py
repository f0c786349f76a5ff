"""Organisers' admin for the market: review queue, permits, stalls and placement, export.

Every change of state goes through the same services as the vendor area (services/vendors.py),
so the rules (permits before approval, one approved application per stall, reminders) hold here
too.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ExportMixin
from modeltranslation.admin import TranslationAdmin

from events.exports import AuditedExportMixin
from events.models import Edition, Stage
from participants.models import Permit, Product, Stall, StallApplication, Vendor
from participants.models.vendors import StallSize
from participants.selectors.vendors import current_edition, seoul_today, stall_plan
from participants.services import vendors as services
from participants.views.vendors import plan_layout


class NoteActionForm(ActionForm):
    note = forms.CharField(
        label=_("Note to the vendor"),
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("Sent with the decision, in the vendor's language as written."),
    )


def _run_for_each(modeladmin, request, queryset, service, success: str) -> None:
    """Call ``service`` for each selected row; report successes and each refusal."""
    note = request.POST.get("note", "")
    done = 0
    for obj in queryset:
        try:
            service(obj, request.user, note)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{obj}: {' '.join(error.messages)}", level=messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success % {"count": done}, level=messages.SUCCESS)


def _decision_action(service, description, success):
    """An admin action that applies one decision service, with the note, to each selection."""

    def action(modeladmin, request: HttpRequest, queryset) -> None:
        _run_for_each(
            modeladmin,
            request,
            queryset,
            lambda application, by, note: service(application=application, by=by, note=note),
            str(success),
        )

    action.__name__ = service.__name__
    return admin.action(description=description, permissions=["change"])(action)


# --- vendors and the export ------------------------------------------------------------------


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
        edition = getattr(self, "_edition", None) or current_edition()
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

    @admin.display(description=_("scan"))
    def scan_link(self, permit: Permit) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("participants:vendor_permit_scan", args=[permit.pk]),
            gettext("open"),
        )


@admin.register(Vendor)
class VendorAdmin(AuditedExportMixin, ExportMixin, TranslationAdmin):
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


# --- the review queue ------------------------------------------------------------------------


class StallAssignForm(forms.Form):
    stall = forms.ModelChoiceField(
        label=_("Stall"),
        queryset=Stall.objects.none(),
        required=False,
        empty_label=_("No stall (free the current one)"),
    )

    def __init__(self, *args, application: StallApplication, **kwargs):
        super().__init__(*args, **kwargs)
        taken = StallApplication.objects.filter(
            status=StallApplication.Status.APPROVED, stall__isnull=False
        ).exclude(pk=application.pk)
        candidates = (
            Stall.objects.filter(stage__edition_id=application.edition_id, stage__kind="market")
            .exclude(pk__in=taken.values("stall_id"))
            .select_related("stage")
        )
        fitting = [stall.pk for stall in candidates if not stall.mismatches(application)]
        self.fields["stall"].queryset = Stall.objects.filter(pk__in=fitting).select_related("stage")
        self.fields["stall"].label_from_instance = lambda stall: (
            f"{stall.number} · {stall.stage.name} · {stall.get_zone_display()} · "
            f"{stall.get_size_display()}"
        )
        self.initial["stall"] = application.stall_id


@admin.register(StallApplication)
class StallApplicationAdmin(admin.ModelAdmin):
    list_display = (
        "vendor",
        "edition_year",
        "status",
        "categories_display",
        "stall_size",
        "needs_power",
        "needs_water",
        "stall_link",
        "submitted_at",
    )
    list_filter = (
        "status",
        "edition",
        "sells_food",
        "sells_liquor",
        "sells_clothing",
        "sells_crafts",
        "sells_other",
        "needs_power",
        "needs_water",
    )
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ("vendor__display_name_ko", "vendor__display_name_en")
    list_select_related = ("vendor", "edition", "stall")
    action_form = NoteActionForm
    actions = ["approve", "request_info", "waitlist", "reject", "list_vendors"]
    readonly_fields = (
        "vendor",
        "edition",
        "status",
        "sells_food",
        "sells_liquor",
        "sells_clothing",
        "sells_crafts",
        "sells_other",
        "stall_size",
        "needs_power",
        "needs_water",
        "note",
        "organiser_note",
        "stall_link",
        "permits_display",
        "submitted_at",
        "decided_at",
        "decided_by",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vendors apply in /vendor/

    def changelist_view(self, request: HttpRequest, extra_context=None):
        counts = dict(
            StallApplication.objects.values_list("status").annotate(n=Count("id")).order_by()
        )
        labels = dict(StallApplication.Status.choices)
        extra_context = {
            **(extra_context or {}),
            "subtitle": " · ".join(
                f"{labels[status]}: {counts.get(status, 0)}" for status in labels
            ),
        }
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("year"), ordering="edition__year")
    def edition_year(self, application: StallApplication) -> int:
        return application.edition.year

    @admin.display(description=_("categories"))
    def categories_display(self, application: StallApplication) -> str:
        return ", ".join(application.get_categories_display())

    @admin.display(description=_("stall"))
    def stall_link(self, application: StallApplication) -> str:
        label = str(application.stall.number) if application.stall else gettext("place")
        if application.status != StallApplication.Status.APPROVED:
            return "-"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:participants_stallapplication_assign", args=[application.pk]),
            label,
        )

    @admin.display(description=_("permits"))
    def permits_display(self, application: StallApplication) -> str:
        today = seoul_today()
        rows = [
            format_html(
                '<li><a href="{}">{}</a> {} · {} ({})</li>',
                reverse("participants:vendor_permit_scan", args=[permit.pk]),
                permit.get_kind_display(),
                permit.number,
                permit.expires_on,
                gettext("expired") if permit.is_expired(on=today) else permit.get_status_display(),
            )
            for permit in application.vendor.permits.all()
        ]
        return format_html("<ul>{}</ul>", format_html("".join(rows))) if rows else "-"

    def get_urls(self):
        return [
            path(
                "<int:pk>/assign/",
                self.admin_site.admin_view(self.assign_view),
                name="participants_stallapplication_assign",
            ),
            *super().get_urls(),
        ]

    def assign_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        application = get_object_or_404(
            StallApplication.objects.select_related("vendor", "edition", "stall"), pk=pk
        )
        form = StallAssignForm(request.POST or None, application=application)
        if request.method == "POST" and form.is_valid():
            try:
                services.stall_assign(application=application, stall=form.cleaned_data["stall"])
            except ValidationError as error:
                form.add_error("stall", error)
            else:
                self.message_user(request, gettext("The placement is saved."))
                return HttpResponseRedirect(
                    reverse("admin:participants_stallapplication_changelist")
                )
        return TemplateResponse(
            request,
            "participants/vendors/admin_stall_assign.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Place on a stall"),
                "application": application,
                "form": form,
                "opts": self.model._meta,
            },
        )

    # The four decisions differ only in their service and wording; each carries the note.
    approve = _decision_action(
        services.stall_application_approve,
        _("Approve (with the note)"),
        _("Approved: %(count)s."),
    )
    request_info = _decision_action(
        services.stall_application_request_info,
        _("Ask for more information (with the note)"),
        _("Information requested: %(count)s."),
    )
    waitlist = _decision_action(
        services.stall_application_waitlist,
        _("Put on the waiting list (with the note)"),
        _("Waitlisted: %(count)s."),
    )
    reject = _decision_action(
        services.stall_application_reject,
        _("Reject (with the note)"),
        _("Rejected: %(count)s."),
    )

    @admin.action(description=_("List these vendors in the public market"), permissions=["change"])
    def list_vendors(self, request: HttpRequest, queryset) -> None:
        for application in queryset.select_related("vendor"):
            services.vendor_listing_set(vendor=application.vendor, listed=True, by=request.user)
        self.message_user(request, gettext("Listed: %(count)s.") % {"count": queryset.count()})


# --- permits ---------------------------------------------------------------------------------


class PermitExpiredFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [("valid", _("Not expired")), ("expired", _("Expired"))]

    def queryset(self, request, queryset):
        today = seoul_today()
        if self.value() == "valid":
            return queryset.filter(expires_on__gte=today)
        if self.value() == "expired":
            return queryset.filter(expires_on__lt=today)
        return queryset


@admin.register(Permit)
class PermitAdmin(admin.ModelAdmin):
    list_display = ("vendor", "kind", "number", "expires_on", "status", "scan_link", "uploaded_at")
    list_filter = ("status", "kind", PermitExpiredFilter)
    show_facets = admin.ShowFacets.ALWAYS
    search_fields = ("number", "vendor__display_name_ko", "vendor__display_name_en")
    list_select_related = ("vendor",)
    action_form = NoteActionForm
    actions = ["verify", "reject"]
    readonly_fields = (
        "vendor",
        "kind",
        "number",
        "expires_on",
        "scan_link",
        "status",
        "organiser_note",
        "verified_at",
        "verified_by",
        "uploaded_at",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vendors upload their permits in /vendor/permits/

    @admin.display(description=_("scan"))
    def scan_link(self, permit: Permit) -> str:
        # The permission-checked view, never a media URL: scans are private files.
        return format_html(
            '<a href="{}">{}</a>',
            reverse("participants:vendor_permit_scan", args=[permit.pk]),
            gettext("open"),
        )

    @admin.action(description=_("Verify (with the note)"), permissions=["change"])
    def verify(self, request: HttpRequest, queryset) -> None:
        _run_for_each(
            self,
            request,
            queryset,
            lambda p, by, note: services.permit_verify(permit=p, by=by, note=note),
            gettext("Verified: %(count)s."),
        )

    # A permit is returned (반려); an application is not selected (미선정): same English words.
    @admin.action(
        description=pgettext_lazy("permit", "Reject (with the note)"), permissions=["change"]
    )
    def reject(self, request: HttpRequest, queryset) -> None:
        _run_for_each(
            self,
            request,
            queryset,
            lambda p, by, note: services.permit_reject(permit=p, by=by, note=note),
            pgettext("permit", "Rejected: %(count)s."),
        )


# --- stalls and the plan ---------------------------------------------------------------------


class StallRangeForm(forms.Form):
    stage = forms.ModelChoiceField(
        label=_("Market area"),
        queryset=Stage.objects.filter(kind=Stage.Kind.MARKET).select_related("edition"),
    )
    first = forms.IntegerField(label=_("First number"), min_value=1)
    last = forms.IntegerField(label=_("Last number"), min_value=1)
    zone = forms.ChoiceField(label=_("Zone"), choices=Stall.Zone.choices)
    size = forms.ChoiceField(label=_("Size"), choices=StallSize.choices, initial=StallSize.STANDARD)
    has_power = forms.BooleanField(label=_("Electricity"), required=False)
    has_water = forms.BooleanField(label=_("Water"), required=False)
    setup_at = forms.TimeField(label=_("Setup from"), required=False, initial="08:00")


@admin.register(Stall)
class StallAdmin(admin.ModelAdmin):
    list_display = (
        "number",
        "stage",
        "zone",
        "size",
        "has_power",
        "has_water",
        "setup_at",
        "holder",
    )
    list_filter = ("stage__edition", "zone", "size", "has_power", "has_water")
    list_select_related = ("stage__edition",)
    ordering = ("stage", "number")

    def get_queryset(self, request: HttpRequest):
        return (
            super()
            .get_queryset(request)
            .annotate(
                approved_count=Count("applications", filter=Q(applications__status="approved"))
            )
        )

    @admin.display(description=_("stall holder"))
    def holder(self, stall: Stall) -> str:
        return gettext("taken") if stall.approved_count else gettext("free")

    # The stall plan is linked from the object tools (admin/participants/stall/change_list.html):
    # a "subtitle" would also land, as raw HTML, in the page's <title>.

    def get_urls(self):
        return [
            path(
                "plan/",
                self.admin_site.admin_view(self.plan_view),
                name="participants_stall_plan",
            ),
            path(
                "add-range/",
                self.admin_site.admin_view(self.add_range_view),
                name="participants_stall_add_range",
            ),
            *super().get_urls(),
        ]

    def add_range_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StallRangeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                stalls = services.stall_range_create(**form.cleaned_data)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                self.message_user(
                    request, gettext("Stalls added: %(count)s.") % {"count": len(stalls)}
                )
                return HttpResponseRedirect(reverse("admin:participants_stall_changelist"))
        return TemplateResponse(
            request,
            "participants/vendors/admin_stall_range.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Add a row of stalls"),
                "form": form,
                "opts": self.model._meta,
            },
        )

    def plan_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        editions = list(Edition.objects.order_by("-year"))
        edition = None
        wanted = request.GET.get("edition", "")
        if wanted.isdigit():
            edition = next((e for e in editions if e.pk == int(wanted)), None)
        edition = edition or current_edition() or (editions[0] if editions else None)
        layout = plan_layout(stall_plan(edition=edition, for_staff=True)) if edition else None
        return TemplateResponse(
            request,
            "participants/vendors/admin_stall_plan.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Stall plan"),
                "edition": edition,
                "editions": editions,
                "layout": layout,
                "opts": self.model._meta,
            },
        )


# --- products --------------------------------------------------------------------------------


@admin.register(Product)
class ProductAdmin(TranslationAdmin):
    list_display = ("name", "vendor", "category", "price_won", "provenance", "is_available")
    list_filter = ("category", "provenance", "is_available")
    search_fields = ("name_ko", "name_en", "vendor__display_name_ko")
    list_select_related = ("vendor",)
    readonly_fields = ("vendor", "photo", "thumbnail", "created_at", "updated_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vendors list their own products
