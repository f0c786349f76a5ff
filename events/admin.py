"""The organisers' admin for editions, stages, programme items and performers.

Every save, publication and deletion of an item or a performer goes through events.services,
so the admin applies exactly the rules (and the locks) that everything else does.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from events import selectors, services
from events.common.exports import AuditedExportMixin
from events.common.images import image_sanitise
from events.common.imports import SafeImportMixin
from events.common.private_admin import PrivateFieldsAdminMixin
from events.models import Appearance, AuditEntry, Edition, Performer, ProgramItem, Stage
from events.resources import PerformerResource, ProgramItemResource

SPREADSHEET_FORMATS = [base_formats.CSV, base_formats.XLSX]

admin.site.site_header = _("North Korean Defectors' Day: organisers")
admin.site.site_title = _("North Korean Defectors' Day")
admin.site.index_title = _("Organisers' administration")


class SpreadsheetAdminMixin(AuditedExportMixin, SafeImportMixin, ImportExportMixin):
    formats = SPREADSHEET_FORMATS
    import_error_display = ("message", "row")


# --- Editions and stages -----------------------------------------------------------------------


class StageInline(TranslationTabularInline):
    model = Stage
    extra = 0
    fields = ("name", "kind", "capacity", "order", "accessibility_notes")


class EditionCopyForm(forms.Form):
    year = forms.IntegerField(
        label=_("New year"),
        min_value=2024,
        max_value=2100,
        help_text=_("The copy is dated 14 July of this year and unpublished."),
    )


@admin.register(Edition)
class EditionAdmin(TranslationAdmin):
    list_display = ("year", "title", "date", "venue", "is_published", "links")
    list_display_links = ("year", "title")
    list_filter = ("is_published",)
    search_fields = ("title_ko", "title_en", "venue_ko", "venue_en")
    ordering = ("-year",)
    inlines = [StageInline]
    actions = ["copy_to_year"]
    fieldsets = (
        (None, {"fields": ("year", "date", "title", "theme", "is_published")}),
        (_("Place"), {"fields": ("venue", "address", "capacity", "max_party_size")}),
        (_("Public text"), {"fields": ("summary", "how_to_attend")}),
        (_("Registration"), {"fields": ("registration_opens_at", "registration_closes_at")}),
    )

    @admin.display(description=_("Tools"))
    def links(self, edition: Edition) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:events_edition_timeline", args=[edition.pk]),
            _("Day timeline"),
            reverse("admin:events_edition_copy", args=[edition.pk]),
            _("Copy to another year"),
        )

    def get_urls(self):
        own = [
            path(
                "<int:pk>/timeline/",
                self.admin_site.admin_view(self.timeline_view),
                name="events_edition_timeline",
            ),
            path(
                "<int:pk>/copy/",
                self.admin_site.admin_view(self.copy_view),
                name="events_edition_copy",
            ),
        ]
        return own + super().get_urls()

    def save_model(self, request, obj, form, change):
        services.edition_save(edition=obj)

    def save_formset(self, request, form, formset, change):
        stages = formset.save(commit=False)
        for stage in formset.deleted_objects:
            stage.delete()
        for stage in stages:
            services.stage_save(stage=stage)

    @admin.action(description=_("Copy the selected edition to another year"))
    def copy_to_year(self, request: HttpRequest, queryset: QuerySet[Edition]):
        if queryset.count() != 1:
            self.message_user(request, _("Select exactly one edition to copy."), messages.ERROR)
            return None
        return HttpResponseRedirect(reverse("admin:events_edition_copy", args=[queryset.get().pk]))

    def copy_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        next_year = (
            Edition.objects.order_by("-year").values_list("year", flat=True).first() or 0
        ) + 1
        form = EditionCopyForm(
            request.POST or None, initial={"year": max(next_year, edition.year + 1)}
        )
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.edition_copy(edition=edition, year=form.cleaned_data["year"])
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("year", message)
            else:
                self.log_addition(request, copy, [{"added": {}}])
                self.message_user(
                    request,
                    _("Copied to %(year)s: %(stages)d stages and %(items)d items, unpublished.")
                    % {
                        "year": copy.year,
                        "stages": copy.stages.count(),
                        "items": copy.items.count(),
                    },
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(reverse("admin:events_edition_change", args=[copy.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Copy %(edition)s to another year") % {"edition": edition},
            "edition": edition,
            "form": form,
        }
        return TemplateResponse(request, "admin/events/edition/copy.html", context)

    def timeline_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Day timeline: %(edition)s") % {"edition": edition},
            "edition": edition,
            **timeline_grid(edition),
        }
        return TemplateResponse(request, "admin/events/edition/timeline.html", context)


SLOT_MINUTES = 15


def timeline_grid(edition: Edition) -> dict:
    """Stages as columns, 15-minute rows from the first start to the last end of the day."""
    stages = list(selectors.stage_list(edition=edition))
    items = list(
        edition.items.select_related("stage")
        .prefetch_related("appearances__performer")
        .order_by("starts_at", "pk")
    )
    if items:
        first = min(timezone.localtime(i.starts_at) for i in items)
        last = max(timezone.localtime(i.ends_at) for i in items)
    else:
        first = last = edition.day_starts_at + dt.timedelta(hours=9)
    start = first.replace(minute=0, second=0, microsecond=0)
    end = last if last.minute == 0 else last.replace(minute=0) + dt.timedelta(hours=1)
    end = max(end, start + dt.timedelta(hours=1))

    def row(moment: dt.datetime) -> int:
        return int((moment - start).total_seconds() // (SLOT_MINUTES * 60)) + 2

    column_of = {stage.pk: index + 2 for index, stage in enumerate(stages)}
    placed = [
        {
            "item": item,
            "column": column_of[item.stage_id],
            "row_start": row(item.starts_at),
            "row_end": max(row(item.ends_at), row(item.starts_at) + 1),
        }
        for item in items
        if item.stage_id in column_of
    ]
    hours = []
    moment = start
    while moment < end:
        # Each hour label spans its hour's rows, so that it covers the items scrolling under it.
        hours.append(
            {"label": moment.strftime("%H:%M"), "row": row(moment), "span": 60 // SLOT_MINUTES}
        )
        moment += dt.timedelta(hours=1)
    return {
        "stages": [{"stage": s, "column": column_of[s.pk]} for s in stages],
        "placed": placed,
        "hours": hours,
        "row_count": row(end) - 1,
        "column_count": len(stages),
    }


@admin.register(Stage)
class StageAdmin(TranslationAdmin):
    list_display = ("name", "edition", "kind", "capacity", "order")
    list_filter = ("edition", "kind")
    search_fields = ("name_ko", "name_en")
    ordering = ("-edition__year", "order")
    list_select_related = ("edition",)

    def save_model(self, request, obj, form, change):
        services.stage_save(stage=obj)


# --- Programme items -----------------------------------------------------------------------------


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


class ProgramItemForm(forms.ModelForm):
    class Meta:
        model = ProgramItem
        fields = [
            "edition",
            "stage",
            "kind",
            "title_ko",
            "title_en",
            "description_ko",
            "description_en",
            "starts_at",
            "ends_at",
            "capacity",
            "is_published",
        ]

    def clean(self):
        cleaned = super().clean()
        edition, stage = cleaned.get("edition"), cleaned.get("stage")
        if edition and stage and stage.edition_id != edition.pk:
            self.add_error("stage", _("This stage belongs to another edition."))
        return cleaned


@admin.register(ProgramItem)
class ProgramItemAdmin(SpreadsheetAdminMixin, TranslationAdmin):
    form = ProgramItemForm
    resource_classes = [ProgramItemResource]
    list_display = ("title", "start_time", "end_time", "stage", "kind", "capacity", "is_published")
    list_filter = ("edition", "kind", "is_published", "stage")
    search_fields = ("title_ko", "title_en", "description_ko", "description_en")
    ordering = ("-edition__year", "starts_at", "stage__order")
    list_select_related = ("stage", "edition")
    date_hierarchy = "starts_at"
    inlines = [AppearanceInline]
    actions = ["publish", "unpublish"]
    fieldsets = (
        (None, {"fields": ("edition", "stage", "kind", "title", "description")}),
        (_("Time and seats"), {"fields": ("starts_at", "ends_at", "capacity", "is_published")}),
    )

    @admin.display(description=_("starts"), ordering="starts_at")
    def start_time(self, item: ProgramItem) -> str:
        return timezone.localtime(item.starts_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=_("ends"), ordering="ends_at")
    def end_time(self, item: ProgramItem) -> str:
        return timezone.localtime(item.ends_at).strftime("%H:%M")

    def save_model(self, request, obj, form, change):
        # The item is saved with its appearances in save_related, in one service call.
        pass

    def save_related(self, request, form, formsets, change):
        appearances = None
        for formset in formsets:
            if isinstance(formset, AppearanceInlineFormSet):
                appearances = formset.appearance_data()
            # The change message reads these; the service, not the formset, saved the rows.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        services.program_item_save(item=form.instance, appearances=appearances)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # Another organiser booked the stage or a performer between this form's checks
            # and its save; the transaction rolled back, nothing was saved.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

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


# --- Performers ----------------------------------------------------------------------------------


class _PhotoLink:
    """Stands in for the stored photo in the file widget: a link to the staff-only preview.

    Private files have no URL, and the file's name would say nothing useful anyway.
    """

    def __init__(self, url: str) -> None:
        self.url = url

    def __str__(self) -> str:
        return gettext("current photo")


class PerformerPhotoWidget(AdminFileWidget):
    def is_initial(self, value) -> bool:
        return bool(value and getattr(value, "name", "") and getattr(value, "instance", None))

    def format_value(self, value):
        if self.is_initial(value) and value.instance.pk:
            return _PhotoLink(reverse("events:performer_photo_preview", args=[value.instance.pk]))
        return None


class PerformerForm(forms.ModelForm):
    class Meta:
        model = Performer
        fields = (
            "kind",
            "display_name",
            "visibility",
            "preferred_language",
            "bio_ko",
            "bio_en",
            "photo",
            "photo_consent",
            "is_published",
            "legal_name",
            "contact_email",
            "contact_phone",
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            # Sanitised here so that a file too large or with too many pixels is an error on the
            # field; the service then stores these bytes as they are.
            return image_sanitise(photo, name="photo").content
        return photo


@admin.register(Performer)
class PerformerAdmin(PrivateFieldsAdminMixin, SpreadsheetAdminMixin, TranslationAdmin):
    private_fields = ("legal_name", "contact_email", "contact_phone")
    private_permission = "events.view_performer_private"
    form = PerformerForm
    resource_classes = [PerformerResource]
    list_display = (
        "display_name",
        "shown_as",
        "kind",
        "visibility",
        "is_published",
        "published_at",
    )
    list_filter = ("visibility", "kind", "is_published", "photo_consent", "preferred_language")
    search_fields = ("display_name", "legal_name")
    ordering = ("display_name",)
    readonly_fields = ("published_at", "published_by", "photo_preview")
    fieldsets = (
        (None, {"fields": ("kind", "display_name", "visibility", "preferred_language", "bio")}),
        (
            _("Photo"),
            {
                "fields": ("photo_preview", "photo", "photo_consent"),
                "description": _(
                    "The photo is a private file. The public sees it only when the performer "
                    "consents, is published and is not anonymous."
                ),
            },
        ),
        (_("Publication"), {"fields": ("is_published", "published_at", "published_by")}),
        (
            _("Private: never shown in public"),
            {
                "classes": ("collapse",),
                "fields": ("legal_name", "contact_email", "contact_phone"),
                "description": _(
                    "Only organisers see these. They never appear on the site, in feeds or in "
                    "exports."
                ),
            },
        ),
    )

    @admin.display(description=_("shown in public as"))
    def shown_as(self, performer: Performer) -> str:
        return performer.public_name

    @admin.display(description=_("current photo"))
    def photo_preview(self, performer: Performer) -> str:
        if not (performer.pk and performer.photo):
            return "—"
        url = reverse("events:performer_photo_preview", args=[performer.pk])
        shown = _("Shown in public.") if performer.public_photo else _("Not shown in public.")
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" style="max-width:160px;height:auto"></a><br>{}',
            url,
            url,
            _("Photo of %(name)s") % {"name": performer.display_name},
            shown,
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.has_change_permission(request, obj):
            return fieldsets
        # Read-only, the admin would try to link the file itself: private files have no URL.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "photo"]})
            for name, options in fieldsets
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs["widget"] = PerformerPhotoWidget
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.performer_save(performer=obj, by=request.user)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The service refused what the form let through; its transaction rolled back.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def delete_model(self, request, obj):
        services.performer_delete(performer=obj)

    def delete_queryset(self, request, queryset):
        for performer in queryset:
            services.performer_delete(performer=performer)


# --- Audit ---------------------------------------------------------------------------------------


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "target", "object_id", "row_count", "user")
    list_filter = ("action", "target")
    date_hierarchy = "created_at"
    list_select_related = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
