"""The admin of editions (with their stages, the day timeline and the copy to a new year) and
of stages; every save goes through events.services."""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from events import selectors, services
from events.admin._common import CapacityFormMixin, ServiceRefusalMixin
from events.common.formatting import local_time
from events.live.admin import publish_programme_version
from events.models import Edition, Stage
from events.report.admin import report_link  # also registers the report's admin


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
    ordinal = forms.IntegerField(
        label=_("Edition number (제N회)"),
        min_value=1,
        max_value=200,
        help_text=_("Suggested: one more than the highest number so far."),
    )
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)


class EditionForm(CapacityFormMixin, forms.ModelForm):
    """The admin builds the fields from the fieldsets below."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "date" in self.changed_data:
            try:
                services.edition_date_change_check(edition=self.instance)
            except ValidationError as error:
                self.add_error("date", error.message_dict.get("date", error.messages))
        return cleaned


@admin.register(Edition)
class EditionAdmin(ServiceRefusalMixin, TranslationAdmin):
    form = EditionForm
    list_display = ("year", "title", "date", "venue", "is_published", "links")
    list_display_links = ("year", "title")
    list_filter = ("is_published",)
    search_fields = ("title_ko", "title_en", "venue_ko", "venue_en")
    ordering = ("-year",)
    inlines = [StageInline]
    actions = ["copy_to_year", publish_programme_version]
    fieldsets = (
        (None, {"fields": ("year", "date", "title", "theme", "is_published")}),
        (_("Place"), {"fields": ("venue", "address", "capacity", "max_party_size")}),
        (_("Public text"), {"fields": ("summary", "how_to_attend")}),
        (_("Registration"), {"fields": ("registration_opens_at", "registration_closes_at")}),
    )

    @admin.display(description=_("Tools"))
    def links(self, edition: Edition) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · {}',
            reverse("admin:events_edition_timeline", args=[edition.pk]),
            _("Day timeline"),
            reverse("admin:events_edition_copy", args=[edition.pk]),
            _("Copy to another year"),
            report_link(edition),
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

    def delete_model(self, request, obj):
        services.edition_delete(edition=obj)

    def delete_queryset(self, request, queryset):
        for edition in queryset:
            services.edition_delete(edition=edition)

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
        form = EditionCopyForm(
            request.POST or None, initial=services.edition_copy_suggestion(edition=edition)
        )
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.edition_copy(edition=edition, **form.cleaned_data)
            except ValidationError as error:
                for field, messages_ in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
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
        hours.append({"label": local_time(moment), "row": row(moment), "span": 60 // SLOT_MINUTES})
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
    list_display = ("name", "edition", "kind", "capacity", "order", "day_links")
    list_filter = ("edition", "kind")
    search_fields = ("name_ko", "name_en")
    ordering = ("-edition__year", "order")
    list_select_related = ("edition",)

    @admin.display(description=_("on the day"))
    def day_links(self, stage: Stage) -> str:
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("events:cuesheet_stage", kwargs={"pk": stage.pk}),
            _("Run sheet"),
            reverse("events:live_stage", kwargs={"pk": stage.pk}),
            _("Run the stage"),
            reverse("events:now_screen") + f"?stage={stage.pk}",
            _("Venue screen"),
        )

    def save_model(self, request, obj, form, change):
        services.stage_save(stage=obj)
