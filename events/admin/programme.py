"""The admin of programme items with their performers; every save, publication and deletion goes
through events.services, so the admin applies the rules (and locks) everything else does."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from events import services
from events.admin._common import CapacityFormMixin, ServiceRefusalMixin, SpreadsheetAdminMixin
from events.common.formatting import local_datetime, local_time
from events.live.admin import SegmentInline, SegmentInlineFormSet
from events.models import Appearance, ProgramItem
from events.resources import ProgramItemResource


class AppearanceInlineFormSet(BaseInlineFormSet):
    def _kept_forms(self):
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if data and data.get("performer") and not data.get("DELETE"):
                yield form

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        performers = [form.cleaned_data["performer"] for form in self._kept_forms()]
        if len({p.pk for p in performers}) != len(performers):
            raise ValidationError(_("A performer can appear only once in an item."))
        try:
            services.program_item_check_performers(
                item=self.instance, performer_ids=[p.pk for p in performers]
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from error

    def appearance_data(self) -> list[services.AppearanceData]:
        return [
            services.AppearanceData(
                performer=form.cleaned_data["performer"],
                role_ko=form.cleaned_data.get("role_ko") or "",
                role_en=form.cleaned_data.get("role_en") or "",
                order=form.cleaned_data.get("order") or 0,
                call_time=form.cleaned_data.get("call_time"),
            )
            for form in self._kept_forms()
        ]


class AppearanceInline(TranslationTabularInline):
    model = Appearance
    formset = AppearanceInlineFormSet
    extra = 1
    fields = ("performer", "role", "order", "call_time")
    autocomplete_fields = ("performer",)


class ProgramItemForm(CapacityFormMixin, forms.ModelForm):
    class Meta:
        model = ProgramItem
        fields = ["edition", *services.PROGRAM_ITEM_FIELDS]

    def clean(self):
        cleaned = super().clean()
        edition, stage = cleaned.get("edition"), cleaned.get("stage")
        if edition and stage and stage.edition_id != edition.pk:
            self.add_error("stage", _("This stage belongs to another edition."))
        return cleaned


@admin.register(ProgramItem)
class ProgramItemAdmin(ServiceRefusalMixin, SpreadsheetAdminMixin, TranslationAdmin):
    form = ProgramItemForm
    resource_classes = [ProgramItemResource]
    list_display = (
        "title",
        "start_time",
        "end_time",
        "stage",
        "kind",
        "capacity",
        "is_published",
        "cue_sheet",
    )
    list_filter = ("edition", "kind", "is_published", "stage")
    search_fields = ("title_ko", "title_en", "description_ko", "description_en")
    ordering = ("-edition__year", "starts_at", "stage__order")
    list_select_related = ("stage", "edition")
    date_hierarchy = "starts_at"
    inlines = [AppearanceInline, SegmentInline]
    actions = ["publish", "unpublish"]
    fieldsets = (
        (None, {"fields": ("edition", "stage", "kind", "title", "description")}),
        (_("Time and seats"), {"fields": ("starts_at", "ends_at", "capacity", "is_published")}),
    )

    @admin.display(description=_("starts"), ordering="starts_at")
    def start_time(self, item: ProgramItem) -> str:
        return local_datetime(item.starts_at)

    @admin.display(description=_("cue sheet"))
    def cue_sheet(self, item: ProgramItem) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("events:cuesheet_item", kwargs={"pk": item.pk}),
            _("Cue sheet"),
        )

    @admin.display(description=_("ends"), ordering="ends_at")
    def end_time(self, item: ProgramItem) -> str:
        return local_time(item.ends_at)

    def save_model(self, request, obj, form, change):
        # The item is saved with its appearances in save_related, in one service call.
        pass

    def save_related(self, request, form, formsets, change):
        appearances = segments = None
        for formset in formsets:
            if isinstance(formset, AppearanceInlineFormSet):
                appearances = formset.appearance_data()
            elif isinstance(formset, SegmentInlineFormSet):
                segments = formset.segment_changes()
            # The change message reads these; the service, not the formset, saved the rows.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        services.program_item_save(item=form.instance, appearances=appearances, segments=segments)

    def delete_model(self, request, obj):
        services.program_item_delete(item=obj)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            services.program_item_delete(item=item)

    def _set_published(self, request, queryset, published: bool) -> None:
        changed, failed = 0, []
        for item in queryset.select_related("edition", "stage"):
            if item.is_published == published:
                continue
            try:
                services.program_item_set_published(item=item, is_published=published)
                changed += 1
            except ValidationError as error:
                failed.append(f"{item}: {' '.join(error.messages)}")
        self.message_user(
            request,
            ngettext("%(count)d item changed.", "%(count)d items changed.", changed)
            % {"count": changed},
            messages.SUCCESS,
        )
        for message in failed:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Publish the selected items"), permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(
        description=_("Withdraw the selected items from the public site"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, False)
