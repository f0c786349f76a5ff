"""The admin of exhibit images (clearance) and of displays at an edition."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from events.common.staff_names import staff_column
from exhibits import services
from exhibits.admin._common import _apply_each, _label_links
from exhibits.models import Display, ExhibitImage


class ClearanceStatusFilter(admin.SimpleListFilter):
    title = _("clearance")
    parameter_name = "clearance"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", _("Flagged, awaiting clearance")),
            ("cleared", _("Flagged and cleared")),
            ("unflagged", _("Not flagged")),
        ]

    def queryset(self, request, queryset):
        return {
            "awaiting": queryset.filter(shows_identifying=True, cleared_at__isnull=True),
            "cleared": queryset.filter(shows_identifying=True, cleared_at__isnull=False),
            "unflagged": queryset.filter(shows_identifying=False),
        }.get(self.value(), queryset)


@admin.register(ExhibitImage)
class ExhibitImageAdmin(TranslationAdmin):
    list_display = (
        "preview",
        "exhibit",
        "order",
        "shows_identifying",
        "uploaded_by_name",
        "cleared_by_name",
        "cleared_at",
    )
    list_filter = (ClearanceStatusFilter, "exhibit__is_published")
    list_select_related = ("exhibit", "uploaded_by", "cleared_by")
    search_fields = ("exhibit__object_number", "exhibit__title_ko", "exhibit__title_en")
    fields = (
        "preview",
        "exhibit",
        "alt_text",
        "order",
        "shows_identifying",
        "uploaded_by_name",
        "uploaded_at",
        "cleared_by_name",
        "cleared_at",
    )
    readonly_fields = (
        "preview",
        "exhibit",
        "shows_identifying",
        "uploaded_by_name",
        "uploaded_at",
        "cleared_by_name",
        "cleared_at",
    )
    actions = ["clear_images"]
    uploaded_by_name = staff_column("uploaded_by", _("uploaded by"))
    cleared_by_name = staff_column("cleared_by", _("cleared by"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Images are uploaded on their exhibit's page, where the file is sanitised.
        return False

    @admin.display(description=_("preview"))
    def preview(self, image: ExhibitImage) -> str:
        if not image.thumbnail:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" style="max-width:160px;height:auto">',
            image.thumbnail_url,
            image.alt_text or "",
        )

    @admin.action(
        description=_("Clear selected images for the public (second organiser)"),
        permissions=["clear"],
    )
    def clear_images(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply_each(
            self,
            request,
            queryset.select_related("exhibit"),
            lambda image: services.exhibit_image_clear(image=image, by=request.user),
            name=str,
            done=gettext("%(count)s image(s) cleared."),
        )

    def has_clear_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("exhibits.clear_exhibitimage")


@admin.register(Display)
class DisplayAdmin(TranslationAdmin):
    list_display = ("exhibit", "edition", "location", "showcase", "order")
    list_editable = ("location", "showcase", "order")
    list_filter = ("edition",)
    list_select_related = ("exhibit", "edition")
    search_fields = ("exhibit__object_number", "exhibit__title_ko", "exhibit__title_en")
    change_list_template = "exhibits/admin/display_change_list.html"

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "label_links": _label_links()}
        return super().changelist_view(request, extra_context=extra_context)
