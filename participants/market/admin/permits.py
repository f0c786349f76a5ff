"""Organisers' admin for permits: verification with a note, expiry, private scans."""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.common.private_admin import PrivateFieldsAdminMixin
from participants.market import services
from participants.market.admin._actions import NoteActionForm, _run_for_each
from participants.market.selectors import seoul_today
from participants.models import Permit


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
class PermitAdmin(PrivateFieldsAdminMixin, admin.ModelAdmin):
    private_fields = ("number", "scan")
    private_columns = ("scan_link",)
    private_permission = "participants.view_permit_private"
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
