"""Admin of the running order (an inline of the programme item), programme versions and the
day's audit trail. Segments are saved by the programme item's admin through
events.services.program_item_save, so the slot rule is checked with the item's new times."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from events.live import services
from events.live.models import LiveAction, ProgrammeVersion, Segment, StageLive
from events.models import Edition


class SegmentInlineFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        durations = [
            form.cleaned_data["duration_minutes"]
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("duration_minutes") is not None
        ]
        services.running_order_check_fit(
            starts_at=self.instance.starts_at, ends_at=self.instance.ends_at, durations=durations
        )

    def segment_changes(self) -> tuple[list[Segment], list[Segment]]:
        """(new or changed segments, deleted segments), unsaved: the service writes them."""
        changed = self.save(commit=False)
        return changed, list(self.deleted_objects)


class SegmentInline(TranslationStackedInline):
    model = Segment
    formset = SegmentInlineFormSet
    extra = 0
    ordering = ("order", "id")
    autocomplete_fields = ("performer",)
    classes = ("running-order",)
    fieldsets = (
        (
            None,
            {"fields": ("order", "title", "kind", "duration_minutes", "performer", "responsible")},
        ),
        (
            _("Internal: MC script and cues"),
            {
                "classes": ("collapse",),
                "fields": (
                    "mc_script",
                    "cue_microphones",
                    "cue_music",
                    "cue_lighting",
                    "cue_screen",
                    "sign_language",
                ),
            },
        ),
    )

    class Media:
        # Vendored, no inline script (CSP): up/down buttons, Alt+arrow keys and drag to reorder.
        js = ("js/running_order.js",)
        css = {"all": ("css/running_order_admin.css",)}


@admin.register(ProgrammeVersion)
class ProgrammeVersionAdmin(TranslationAdmin):
    list_display = ("edition", "number", "published_at", "change_count")
    list_filter = ("edition",)
    readonly_fields = ("edition", "number", "published_at", "published_by", "changelog")
    exclude = ("snapshot",)

    @admin.display(description=_("changes"))
    def change_count(self, version: ProgrammeVersion) -> int:
        return len(version.changelog)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LiveAction)
class LiveActionAdmin(admin.ModelAdmin):
    list_display = ("created_at", "stage", "kind", "item", "user", "undone_at")
    list_filter = ("kind",)
    list_select_related = ("stage", "item", "user")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(StageLive)
class StageLiveAdmin(admin.ModelAdmin):
    """Which stages are being run, with links to their live control and run sheet."""

    list_display = ("stage", "delay_minutes", "version", "updated_at", "links")
    list_select_related = ("stage", "stage__edition")
    readonly_fields = ("stage", "delay_minutes", "version", "updated_at")

    @admin.display(description=_("links"))
    def links(self, stage_live: StageLive) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("events:live_stage", kwargs={"pk": stage_live.stage_id}),
            _("Run the stage"),
            reverse("events:cuesheet_stage", kwargs={"pk": stage_live.stage_id}),
            _("Run sheet"),
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=_("Publish a new programme version (with its changelog)"))
def publish_programme_version(modeladmin, request: HttpRequest, queryset: QuerySet[Edition]):
    for edition in queryset:
        try:
            version = services.programme_version_publish(edition=edition, by=request.user)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{edition}: {' '.join(error.messages)}", messages.ERROR
            )
            continue
        modeladmin.message_user(
            request,
            _("%(edition)s: version %(number)d published with %(count)d changes.")
            % {"edition": edition, "number": version.number, "count": len(version.changelog)},
            messages.SUCCESS,
        )
