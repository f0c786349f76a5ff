"""The admin of exhibits: catalogue, photographs inline, import/export, publication, displays."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from events.common.exports import AuditedExportMixin, audit_log
from events.common.images import image_sanitise
from events.common.imports import UNDECODABLE, ClearReadErrorsMixin, UndecodableFile
from events.common.staff_names import staff_column
from events.models import AuditEntry, Edition
from exhibits import services
from exhibits.admin._common import _apply_each, _label_links
from exhibits.models import Display, Exhibit, ExhibitImage
from exhibits.resources import CatalogueCSV, ExhibitResource


class ExhibitImageInlineForm(forms.ModelForm):
    upload = forms.FileField(
        label=_("image file"),
        required=False,
        help_text=_("JPEG, PNG, WebP or HEIC. Location and camera data are removed on upload."),
    )

    class Meta:
        model = ExhibitImage
        fields = ("alt_text_ko", "alt_text_en", "order", "shows_identifying")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            try:
                self.sanitised = image_sanitise(upload, name="exhibit")
            except ValidationError as error:
                self.add_error("upload", error)
        elif not self.instance.pk and self.has_changed():
            self.add_error("upload", _("Choose an image file to upload."))
        if (
            self.instance.pk
            and self.instance.shows_identifying
            and not cleaned.get("shows_identifying")
            and self.instance.cleared_at is None
        ):
            self.add_error(
                "shows_identifying",
                _("A flagged image can only be released by a second organiser clearing it."),
            )
        return cleaned


class ExhibitImageInline(TranslationTabularInline):
    model = ExhibitImage
    form = ExhibitImageInlineForm
    extra = 1
    fields = (
        "preview",
        "upload",
        "alt_text",
        "order",
        "shows_identifying",
        "clearance",
    )
    readonly_fields = ("preview", "clearance")

    @admin.display(description=_("preview"))
    def preview(self, image: ExhibitImage) -> str:
        if not image.pk or not image.thumbnail:
            return "—"
        return format_html(
            '<a href="{}"><img src="{}" alt="{}" style="max-width:120px;height:auto"></a>',
            image.rendition_url("original"),
            image.thumbnail_url,
            image.alt_text or "",
        )

    @admin.display(description=_("clearance"))
    def clearance(self, image: ExhibitImage) -> str:
        if not image.pk or not image.shows_identifying:
            return "—"
        if image.cleared_at:
            return gettext("Cleared on %(date)s") % {"date": f"{image.cleared_at:%Y-%m-%d}"}
        return gettext("Awaiting a second organiser")


class DisplayInline(TranslationTabularInline):
    model = Display
    extra = 0
    fields = ("edition", "location", "showcase", "order")
    autocomplete_fields = ()


class DisplayActionForm(ActionForm):
    edition = forms.ModelChoiceField(
        queryset=Edition.objects.order_by("-year"),
        required=False,
        label=_("Edition"),
        empty_label=_("(edition for “add to display”)"),
    )


class EditionFilter(admin.SimpleListFilter):
    title = _("shown at")
    parameter_name = "shown_at"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in Edition.objects.values_list("year", flat=True)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(displays__edition__year=int(self.value()))
        return queryset


class NeedsClearanceFilter(admin.SimpleListFilter):
    title = _("images awaiting clearance")
    parameter_name = "awaiting_clearance"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(
                images__shows_identifying=True, images__cleared_at__isnull=True
            ).distinct()
        return queryset


@admin.register(Exhibit)
class ExhibitAdmin(AuditedExportMixin, ClearReadErrorsMixin, ImportExportMixin, TranslationAdmin):
    resource_classes = [ExhibitResource]
    change_list_template = "exhibits/admin/exhibit_change_list.html"
    import_formats = [CatalogueCSV, base_formats.XLSX]
    export_formats = [CatalogueCSV, base_formats.XLSX]
    action_form = DisplayActionForm
    inlines = [ExhibitImageInline, DisplayInline]
    list_display = (
        "object_number",
        "title",
        "category",
        "province",
        "year_left",
        "lender",
        "image_count",
        "is_published",
    )
    list_filter = (
        "is_published",
        "category",
        "province",
        "condition",
        "loan_agreement_signed",
        EditionFilter,
        NeedsClearanceFilter,
    )
    search_fields = ("object_number", "title_ko", "title_en", "materials_ko", "materials_en")
    list_select_related = ("lender",)
    list_per_page = 50
    readonly_fields = ("is_published", "published_at", "published_by_name", "recorded_by_name")
    published_by_name = staff_column("published_by", _("published by"))
    recorded_by_name = staff_column("recorded_by", _("recorded by"))
    actions = ["publish", "unpublish", "add_to_display"]
    fieldsets = (
        (None, {"fields": ("object_number", "title", "category", "lender")}),
        (_("Texts"), {"fields": ("description", "story", "label_text")}),
        (
            _("Object"),
            {
                "fields": (
                    "materials",
                    "dimensions",
                    "period_made",
                    ("condition", "condition_note"),
                )
            },
        ),
        (_("Origin"), {"fields": ("province", "place_of_origin", "year_left")}),
        (
            _("Loan"),
            {
                "fields": (
                    ("loan_received_on", "loan_due_back_on", "loan_returned_on"),
                    "loan_agreement_signed",
                )
            },
        ),
        (
            _("Publication"),
            {
                "fields": (
                    "is_published",
                    "published_at",
                    "published_by_name",
                    "recorded_by_name",
                )
            },
        ),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(image_total=Count("images", distinct=True))

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "label_links": _label_links()}
        return super().changelist_view(request, extra_context=extra_context)

    @admin.display(description=_("images"), ordering="image_total")
    def image_count(self, exhibit: Exhibit) -> int:
        return exhibit.image_total

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is ExhibitImage:
            for image_form in formset.forms:
                sanitised = getattr(image_form, "sanitised", None)
                if sanitised is None or image_form.cleaned_data.get("DELETE"):
                    continue
                image = image_form.instance
                if image.pk is None:
                    image.uploaded_by = request.user
                else:
                    # A new file is a new picture: any earlier clearance no longer applies.
                    image.cleared_by, image.cleared_at = None, None
                services.exhibit_image_store(image=image, sanitised=sanitised)
        super().save_formset(request, form, formset, change)

    @admin.action(description=_("Publish selected exhibits"), permissions=["publish"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        _apply_each(
            self,
            request,
            queryset,
            lambda exhibit: services.exhibit_publish(exhibit=exhibit, by=request.user),
            name=lambda exhibit: exhibit.object_number,
            done=gettext("%(count)s exhibit(s) published."),
        )

    @admin.action(description=_("Unpublish selected exhibits"), permissions=["publish"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        for exhibit in queryset:
            services.exhibit_unpublish(exhibit=exhibit, by=request.user)
        self.message_user(
            request,
            gettext("%(count)s exhibit(s) taken out of the public catalogue.")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("exhibits.publish_exhibit")

    @admin.action(description=_("Add selected exhibits to the chosen edition's display"))
    def add_to_display(self, request: HttpRequest, queryset: QuerySet) -> None:
        try:
            edition = self.action_form.base_fields["edition"].clean(request.POST.get("edition"))
        except ValidationError:
            edition = None
        if edition is None:
            self.message_user(
                request,
                gettext("Choose an edition next to the action first."),
                messages.ERROR,
            )
            return
        displays = services.display_add(exhibits=list(queryset), edition=edition)
        self.message_user(
            request,
            gettext("%(count)s exhibit(s) are on display at %(year)s.")
            % {"count": len(displays), "year": edition.year},
            messages.SUCCESS,
        )

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # All or nothing: a row with a validation error rolls the whole file back.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def add_data_read_fail_error_to_form(self, form, e) -> None:
        if isinstance(e, UndecodableFile):
            form.add_error("import_file", str(UNDECODABLE))
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_result(self, result, request):
        audit_log(
            user=request.user,
            action=AuditEntry.Action.IMPORT,
            target=Exhibit._meta.label,
            row_count=result.total_rows,
            detail={key: value for key, value in result.totals.items() if value},
        )
        return super().process_result(result, request)
