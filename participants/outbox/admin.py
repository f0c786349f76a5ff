# Admin for the reminders part of the app: the outbox (read-only), opt-outs and announcements.
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from events.admin_choices import program_item_field
from events.common.private_admin import PrivateFieldsAdminMixin
from participants.models import Announcement, Reminder, ReminderOptOut
from participants.outbox.selectors import (
    announcement_progress_annotate,
    reminder_counts_by_edition,
)
from participants.outbox.services import (
    announcement_send,
    reminders_cancel_pending,
    reminders_retry_failed,
)


@admin.register(Reminder)
class ReminderAdmin(PrivateFieldsAdminMixin, admin.ModelAdmin):
    private_fields = ("recipient_email", "context")
    private_permission = "participants.view_reminder_private"
    list_display = ("id", "kind", "status", "due_at", "edition", "attempts", "sent_at")
    list_filter = ("kind", "status", "edition")
    list_select_related = ("edition",)
    date_hierarchy = "due_at"
    search_fields = ("=id", "key")
    actions = ("retry_failed", "cancel_pending")
    change_list_template = "participants/reminders/admin_reminder_change_list.html"

    # Read-only: rows are written by services and tasks only. Change permission is kept for
    # the two actions, which go through the services.
    def get_readonly_fields(self, request: HttpRequest, obj=None) -> list[str]:
        return [field.name for field in Reminder._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {
            **(extra_context or {}),
            "edition_counts": reminder_counts_by_edition(),
            "status_labels": Reminder.Status.choices,
        }
        return super().changelist_view(request, extra_context=extra_context)

    @admin.action(description=_("Retry the selected failed reminders"), permissions=["change"])
    def retry_failed(self, request: HttpRequest, queryset) -> None:
        count = reminders_retry_failed(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d failed reminder will be sent again.",
                "%(count)d failed reminders will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )

    @admin.action(description=_("Cancel the selected pending reminders"), permissions=["change"])
    def cancel_pending(self, request: HttpRequest, queryset) -> None:
        count = reminders_cancel_pending(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d pending reminder was cancelled.",
                "%(count)d pending reminders were cancelled.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(ReminderOptOut)
class ReminderOptOutAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("=email",)
    readonly_fields = ("email", "kind", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Announcement)
class AnnouncementAdmin(TabbedTranslationAdmin):
    list_display = (
        "subject",
        "edition",
        "item",
        "status",
        "recipient_count",
        "queued_count",
        "sent_count",
        "failed_count",
        "queued_at",
    )
    list_filter = ("edition", "status")
    list_select_related = ("edition", "item")
    autocomplete_fields = ()
    actions = ("send",)
    fields = (
        "edition",
        "item",
        "to_confirmed",
        "to_waitlisted",
        "to_checked_in",
        "subject",
        "body",
        "status",
        "recipient_count",
        "queued_at",
        "queued_all_at",
    )
    readonly_fields = ("status", "recipient_count", "queued_at", "queued_all_at")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        # Item titles recur every year: each choice says its year and time.
        return program_item_field(field) if db_field.name == "item" and field else field

    def get_queryset(self, request: HttpRequest):
        # Progress in one query, however many announcements and reminders there are.
        return announcement_progress_annotate(super().get_queryset(request))

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is not None and obj.status != Announcement.Status.DRAFT:
            # Once sent, what people received is the record: it can no longer be edited.
            return list(self.get_fields(request, obj))
        return self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Announcement, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("queued"), ordering="n_queued")
    def queued_count(self, obj: Announcement) -> int:
        return obj.n_queued

    @admin.display(description=_("sent"), ordering="n_sent")
    def sent_count(self, obj: Announcement) -> int:
        return obj.n_sent

    @admin.display(description=_("failed"), ordering="n_failed")
    def failed_count(self, obj: Announcement) -> int:
        return obj.n_failed

    @admin.action(description=_("Send the selected announcements"), permissions=["change"])
    def send(self, request: HttpRequest, queryset) -> None:
        for announcement in queryset:
            try:
                announcement_send(announcement_id=announcement.pk)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("“%(subject)s” was not sent: %(reason)s")
                    % {"subject": announcement.subject, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                self.message_user(
                    request,
                    _("“%(subject)s” is being sent; the counts show its progress.")
                    % {"subject": announcement.subject},
                    messages.SUCCESS,
                )
