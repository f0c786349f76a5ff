"""Organisers' admin for accounts and RSVPs. Every seat change goes through the services."""

from typing import ClassVar

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export import fields
from import_export.admin import ExportMixin

from events.admin_choices import program_item_field
from events.common.exports import AuditedExportMixin, LabelledColumnsResource
from events.common.private_admin import PrivateFieldsAdminMixin
from events.common.staff_names import staff_column
from participants.attendance.forms import GuestImportForm
from participants.attendance.selectors import rsvp_admin_totals
from participants.attendance.services import (
    guests_import,
    rsvp_cancel,
    rsvp_create,
    rsvp_ticket_reissue,
    rsvp_update,
    rsvp_validate_create,
    rsvp_validate_update,
)
from participants.models import CheckIn, Rsvp, WaitlistOffer
from participants.outbox.services import CANCELLED_BY_ORGANISER

# --- RSVPs -------------------------------------------------------------------------------------


class RsvpResource(LabelledColumnsResource):
    """Explicit columns: what organisers need at the door, nothing else."""

    edition = fields.Field(attribute="edition__year", column_name="edition")
    item = fields.Field(attribute="item__title", column_name="item")
    name = fields.Field(attribute="user__name", column_name="name")
    email = fields.Field(attribute="user__email", column_name="email")

    column_labels: ClassVar[dict] = {"name": _("Name"), "email": _("Email")}

    class Meta:
        model = Rsvp
        fields = (
            "id",
            "edition",
            "item",
            "name",
            "email",
            "party_size",
            "status",
            "needs_wheelchair",
            "needs_sign_language",
            "other_needs",
            "checked_in_at",
            "created_at",
        )
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("edition", "item", "user")


class CheckedInFilter(admin.SimpleListFilter):
    title = _("checked in")
    parameter_name = "checked_in"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(status=Rsvp.Status.CHECKED_IN)
        if self.value() == "no":
            return queryset.exclude(status=Rsvp.Status.CHECKED_IN)
        return queryset


class AccessNeedsFilter(admin.SimpleListFilter):
    title = _("access needs")
    parameter_name = "needs"

    def lookups(self, request, model_admin):
        return [
            ("any", _("Any")),
            ("wheelchair", _("Wheelchair access")),
            ("sign_language", _("Sign language interpretation")),
            ("other", _("Other")),
            ("none", _("None")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "wheelchair":
            return queryset.filter(needs_wheelchair=True)
        if value == "sign_language":
            return queryset.filter(needs_sign_language=True)
        if value == "other":
            return queryset.exclude(other_needs="")
        any_need = Q(needs_wheelchair=True) | Q(needs_sign_language=True) | ~Q(other_needs="")
        if value == "any":
            return queryset.filter(any_need)
        if value == "none":
            return queryset.exclude(any_need)
        return queryset


class RsvpAdminForm(forms.ModelForm):
    """Validates through the services (under the target's row lock, held until the admin's
    transaction commits), so the admin obeys the same capacity rule as everyone else."""

    class Meta:
        model = Rsvp
        fields = [
            "user",
            "edition",
            "item",
            "party_size",
            "status",
            "needs_wheelchair",
            "needs_sign_language",
            "other_needs",
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            if self.instance.pk:
                rsvp_validate_update(
                    rsvp=self.instance, party_size=data["party_size"], status=data["status"]
                )
            else:
                rsvp_validate_create(
                    user=data["user"],
                    edition=data["edition"],
                    item=data.get("item"),
                    party_size=data["party_size"],
                    enforce_window=False,
                )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
        return data


@admin.register(Rsvp)
class RsvpAdmin(PrivateFieldsAdminMixin, AuditedExportMixin, ExportMixin, admin.ModelAdmin):
    private_fields = ("needs_wheelchair", "needs_sign_language", "other_needs")
    private_columns = ("needs_access",)
    private_filters = (AccessNeedsFilter,)
    private_permission = "participants.view_rsvp_private"
    form = RsvpAdminForm
    resource_classes = [RsvpResource]
    change_list_template = "admin/participants/rsvp/change_list.html"
    list_display = [
        "__str__",
        "edition",
        "item",
        "user_name",
        "party_size",
        "status",
        "needs_access",
        "checked_in_at",
        "created_at",
    ]
    list_filter = [
        "edition",
        ("item", admin.RelatedOnlyFieldListFilter),
        "status",
        CheckedInFilter,
        AccessNeedsFilter,
    ]
    list_select_related = ["edition", "item", "user"]
    search_fields = ["=ticket_code", "user__email", "user__name"]
    autocomplete_fields = ["user"]
    actions = ["cancel_selected", "reissue_codes"]
    date_hierarchy = None

    @admin.display(description=_("name"))
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Item titles recur every year: each choice says its year and time.
        return program_item_field(field) if db_field.name == "item" and field else field

    @admin.display(description=_("Name"), ordering="user__name")
    def user_name(self, obj: Rsvp) -> str:
        return obj.user.name if obj.user else "—"

    @admin.display(description=_("access needs"), boolean=True)
    def needs_access(self, obj: Rsvp) -> bool:
        return obj.needs_access

    def get_fields(self, request, obj=None):
        if obj is None:
            return [
                "user",
                "edition",
                "item",
                "party_size",
                "needs_wheelchair",
                "needs_sign_language",
                "other_needs",
            ]
        return [
            "user",
            "edition",
            "item",
            "ticket_code",
            "party_size",
            "status",
            "needs_wheelchair",
            "needs_sign_language",
            "other_needs",
            "waitlisted_at",
            "checked_in_at",
            "checked_in_by_name",
            "anonymised_at",
            "created_at",
            "updated_at",
        ]

    checked_in_by_name = staff_column("checked_in_by", _("checked in by"))

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return [
            "user",
            "edition",
            "item",
            "ticket_code",
            "waitlisted_at",
            "checked_in_at",
            "checked_in_by_name",
            "anonymised_at",
            "created_at",
            "updated_at",
        ]

    def save_model(self, request, obj, form, change) -> None:
        data = form.cleaned_data
        if change:
            saved = rsvp_update(
                rsvp=obj,
                party_size=data["party_size"],
                status=data["status"],
                needs_wheelchair=data["needs_wheelchair"],
                needs_sign_language=data["needs_sign_language"],
                other_needs=data["other_needs"],
            )
        else:
            saved = rsvp_create(
                user=data["user"],
                edition=data["edition"],
                item=data.get("item"),
                party_size=data["party_size"],
                needs_wheelchair=data["needs_wheelchair"],
                needs_sign_language=data["needs_sign_language"],
                other_needs=data["other_needs"],
                enforce_window=False,
            )
        obj.pk = saved.pk
        obj.refresh_from_db()

    def delete_model(self, request, obj) -> None:
        # Deleting would silently free seats without promoting anyone: cancel first.
        if obj.status in (Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED):
            rsvp_cancel(rsvp=obj, reason=CANCELLED_BY_ORGANISER)
        obj.delete()

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            for rsvp in queryset.select_related("edition", "item"):
                self.delete_model(request, rsvp)

    @admin.action(description=_("Give the selected tickets new codes (old links stop working)"))
    def reissue_codes(self, request, queryset) -> None:
        with transaction.atomic():
            for rsvp in queryset:
                rsvp_ticket_reissue(rsvp=rsvp)
        self.message_user(
            request,
            ngettext(
                "%(count)d ticket has a new code.",
                "%(count)d tickets have new codes.",
                len(queryset),
            )
            % {"count": len(queryset)},
            messages.SUCCESS,
        )

    @admin.action(description=_("Cancel the selected RSVPs (promotes the waiting list)"))
    def cancel_selected(self, request, queryset) -> None:
        cancelled, refused = 0, 0
        with transaction.atomic():
            for rsvp in queryset.select_related("edition", "item").order_by("item_id", "id"):
                if rsvp.status == Rsvp.Status.CANCELLED:
                    continue
                try:
                    rsvp_cancel(rsvp=rsvp, reason=CANCELLED_BY_ORGANISER)
                except ValidationError:
                    refused += 1
                else:
                    cancelled += 1
        self.message_user(
            request,
            ngettext("%(count)d RSVP cancelled.", "%(count)d RSVPs cancelled.", cancelled)
            % {"count": cancelled},
            messages.SUCCESS,
        )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d RSVP was already checked in and was not cancelled.",
                    "%(count)d RSVPs were already checked in and were not cancelled.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context=extra_context)
        context = getattr(response, "context_data", None)
        if context and "cl" in context:
            context["seat_totals"] = rsvp_admin_totals(context["cl"].queryset)
        return response

    def get_urls(self):
        return [
            path(
                "import-guests/",
                self.admin_site.admin_view(self.import_guests_view),
                name="participants_rsvp_import_guests",
            ),
            *super().get_urls(),
        ]

    def import_guests_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = GuestImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                created = guests_import(
                    name=upload.name,
                    data=upload.read(),
                    edition=form.cleaned_data["edition"],
                    item=form.cleaned_data["item"],
                    by=request.user,
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("file", message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d guest imported with a confirmed seat.",
                        "%(count)d guests imported with confirmed seats.",
                        len(created),
                    )
                    % {"count": len(created)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:participants_rsvp_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import invited guests"),
        }
        return render(
            request,
            "admin/participants/rsvp/import_guests.html",
            context,
            status=400 if request.method == "POST" else 200,
        )


# --- waiting-list offers and the door's log (read-only: the services write them) ------------


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WaitlistOffer)
class WaitlistOfferAdmin(_ReadOnly):
    """Who was offered a freed seat, until when, and what they answered (ids only: the RSVP's
    page says who it is, to staff allowed to see that)."""

    list_display = ["__str__", "rsvp", "target", "seats", "status", "offered_at", "expires_at"]
    list_filter = ["status", "rsvp__edition"]
    list_select_related = ["rsvp__edition", "rsvp__item"]
    date_hierarchy = "offered_at"

    @admin.display(description=_("for"))
    def target(self, obj: WaitlistOffer) -> str:
        return str(obj.rsvp.item or obj.rsvp.edition)


@admin.register(CheckIn)
class CheckInAdmin(_ReadOnly):
    list_display = ["__str__", "rsvp", "kind", "people", "at", "recorded_at", "by", "reason"]
    list_filter = ["kind", "rsvp__edition"]
    list_select_related = ["rsvp", "by"]
