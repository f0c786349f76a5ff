"""The admin of lenders (their private fields shown only to those who may see them)."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from events.common.private_admin import PrivateFieldsAdminMixin
from exhibits.admin._common import PRIVATE_LENDER_FIELDS
from exhibits.models import Lender


@admin.register(Lender)
class LenderAdmin(PrivateFieldsAdminMixin, admin.ModelAdmin):
    private_fields = PRIVATE_LENDER_FIELDS
    private_permission = "exhibits.view_lender_private"
    list_display = (
        "__str__",
        "visibility",
        "consent_web",
        "consent_label",
        "consent_press",
        "exhibit_count",
    )
    list_filter = ("visibility", "consent_web", "consent_label", "consent_press")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(exhibit_total=Count("exhibits"))

    @admin.display(description=_("exhibits"), ordering="exhibit_total")
    def exhibit_count(self, lender: Lender) -> int:
        return lender.exhibit_total

    # Without the permission the mixin drops the private ones.
    search_fields = ("display_name", "legal_name", "contact_email")

    def get_fieldsets(self, request: HttpRequest, obj: Lender | None = None):
        fieldsets = [
            (None, {"fields": ("display_name", "visibility")}),
            (
                _("Consent per use"),
                {
                    "description": _(
                        "Without consent for a use, that use credits “Anonymous lender”. "
                        "A withdrawal takes effect at once."
                    ),
                    "fields": (
                        ("consent_web", "consent_web_on"),
                        ("consent_label", "consent_label_on"),
                        ("consent_press", "consent_press_on"),
                    ),
                },
            ),
        ]
        if self.may_see_private(request):
            fieldsets.append(
                (
                    _("Private: legal name and contact"),
                    {
                        "classes": ("collapse",),
                        "description": _(
                            "Never shown in public, in exports or to anyone without the "
                            "permission to see lenders' private details."
                        ),
                        "fields": PRIVATE_LENDER_FIELDS,
                    },
                )
            )
        return fieldsets
