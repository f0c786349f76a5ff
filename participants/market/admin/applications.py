"""Organisers' admin for stall applications: the review queue, decisions and placement.

Every change of state goes through the same services as the vendor area
(participants.market.services), so the rules (permits before approval, one approved
application per stall, reminders) hold here too.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.common.staff_names import staff_column
from participants.market import services
from participants.market.admin._actions import NoteActionForm, _decision_action
from participants.market.models import Category
from participants.market.selectors import seoul_today
from participants.models import Stall, StallApplication


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


# The sizes' measures without their names, short enough for a column.
SIZE_SHORT = {
    "small": "2 \u00d7 2 m",
    "standard": "3 \u00d7 3 m",
    "large": "3 \u00d7 6 m",
}


class CategoryFilter(admin.SimpleListFilter):
    """One filter for the five "sells ..." flags."""

    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return Category.choices

    def queryset(self, request, queryset):
        if self.value() in Category.values:
            return queryset.filter(**{f"sells_{self.value()}": True})
        return queryset


@admin.register(StallApplication)
class StallApplicationAdmin(admin.ModelAdmin):
    # Eight short columns fit a 1280 px screen beside the admin's menu (static/css/admin.css
    # keeps the status, the stall and the date on one line).
    list_display = (
        "vendor",
        "edition_year",
        "status_label",
        "categories_display",
        "size_short",
        "needs_display",
        "stall_link",
        "submitted_at",
    )
    list_filter = ("status", "edition", CategoryFilter, "needs_power", "needs_water")
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
        "decided_by_name",
    )
    fields = readonly_fields

    decided_by_name = staff_column("decided_by", _("decided by"))

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

    @admin.display(description=_("status"), ordering="status")
    def status_label(self, application: StallApplication) -> str:
        return application.get_status_display()

    @admin.display(description=_("size"), ordering="stall_size")
    def size_short(self, application: StallApplication) -> str:
        return SIZE_SHORT[application.stall_size]

    @admin.display(description=_("needs"))
    def needs_display(self, application: StallApplication) -> str:
        needs = [
            label
            for flag, label in (
                (application.needs_power, gettext("electricity")),
                (application.needs_water, gettext("water")),
            )
            if flag
        ]
        return ", ".join(needs) or "-"

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

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.has_perm("participants.view_permit_private"):
            return fields
        # Permit numbers and scans are sealed behind the permit's own permission.
        return tuple("permits_sealed" if f == "permits_display" else f for f in fields)

    def get_fields(self, request: HttpRequest, obj=None):
        return self.get_readonly_fields(request, obj)

    @admin.display(description=_("permits"))
    def permits_display(self, application: StallApplication) -> str:
        return _permit_list(application, sealed=False)

    @admin.display(description=_("permits"))
    def permits_sealed(self, application: StallApplication) -> str:
        return _permit_list(application, sealed=True)

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


def _permit_list(application: StallApplication, *, sealed: bool) -> str:
    """The vendor's permits with kind, expiry and status; unless ``sealed``, also each permit's
    number and a link to its scan (for organisers allowed to see them)."""
    today = seoul_today()
    permits = list(application.vendor.permits.all())
    if not permits:
        return "-"
    rows = []
    for permit in permits:
        status = gettext("expired") if permit.is_expired(on=today) else permit.get_status_display()
        if sealed:
            rows.append(
                format_html(
                    "<li>{} · {} ({})</li>", permit.get_kind_display(), permit.expires_on, status
                )
            )
        else:
            rows.append(
                format_html(
                    '<li><a href="{}">{}</a> {} · {} ({})</li>',
                    reverse("participants:vendor_permit_scan", args=[permit.pk]),
                    permit.get_kind_display(),
                    permit.number,
                    permit.expires_on,
                    status,
                )
            )
    return format_html("<ul>{}</ul>", format_html_join("", "{}", ((row,) for row in rows)))
