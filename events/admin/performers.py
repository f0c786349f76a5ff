"""The admin of performers (photos stored without metadata), the read-only audit log and the
groups' permission picker in the reader's language."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminFileWidget
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from events import services
from events.admin._common import ServiceRefusalMixin, SpreadsheetAdminMixin
from events.common.images import image_sanitise
from events.common.permissions import PermissionLabelsMixin
from events.common.private_admin import PrivateFieldsAdminMixin
from events.common.staff_names import staff_column
from events.models import AuditEntry, Performer, model_label_display
from events.resources import PerformerResource


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
class PerformerAdmin(
    ServiceRefusalMixin, PrivateFieldsAdminMixin, SpreadsheetAdminMixin, TranslationAdmin
):
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
    readonly_fields = ("published_at", "published_by_name", "photo_preview")
    published_by_name = staff_column("published_by", _("published by"))
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
        (_("Publication"), {"fields": ("is_published", "published_at", "published_by_name")}),
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

    def delete_model(self, request, obj):
        services.performer_delete(performer=obj)

    def delete_queryset(self, request, queryset):
        for performer in queryset:
            services.performer_delete(performer=performer)


class AuditTargetFilter(admin.SimpleListFilter):
    """The audit's targets by name ("참가 신청"), not by model label ("participants.Rsvp")."""

    title = _("what")
    parameter_name = "target"

    def lookups(self, request, model_admin):
        targets = AuditEntry.objects.order_by("target").values_list("target", flat=True)
        return [(target, model_label_display(target)) for target in targets.distinct()]

    def queryset(self, request, queryset):
        return queryset.filter(target=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "target_display", "object_id", "row_count", "user")
    list_filter = ("action", AuditTargetFilter)
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    fields = ("created_at", "user", "action", "target_display", "object_id", "row_count", "detail")
    readonly_fields = fields

    @admin.display(description=_("what"), ordering="target")
    def target_display(self, entry: AuditEntry) -> str:
        return entry.target_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# The group page's permission picker in the reader's language (events/common/permissions.py).
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PermissionLabelsMixin, DjangoGroupAdmin):
    pass
