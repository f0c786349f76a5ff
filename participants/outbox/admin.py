# Admin for the reminders part of the app: the outbox (read-only), opt-outs and announcements.
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from events.admin_choices import program_item_field
from events.common.private_admin import PrivateFieldsAdminMixin
from participants.models import Announcement, Reminder, ReminderOptOut, Rsvp
from participants.outbox.models import opt_out_hash
from participants.outbox.selectors import (
    announcement_progress,
    announcement_progress_annotate,
    announcement_recipient_counts,
    reminder_counts_by_edition,
)
from participants.outbox.services import (
    announcement_preview,
    announcement_schedule,
    announcement_send,
    announcement_send_test,
    announcement_stop,
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
class ReminderOptOutAdmin(PrivateFieldsAdminMixin, admin.ModelAdmin):
    """Opt-outs hold no address, only its keyed hash (which is not shown either). Searching
    for a whole address answers whether it unsubscribed, as the dispatcher asks: that answer is
    private (it tells that a person is on our lists and chose to hear less), so only staff with
    the permission may ask it, and each search is audited (PrivateFieldsAdminMixin). Without
    it there is no search box, a search in the address finds every row alike, and a lookup on
    the hash in the address is a 400."""

    private_fields = ("email_hash",)
    private_permission = "participants.view_reminderoptout_private"
    list_display = ("id", "kind", "created_at")
    list_filter = ("kind",)
    search_fields = ("email_hash",)
    search_help_text = _("Type a whole email address to see whether it unsubscribed.")
    fields = readonly_fields = ("kind", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def get_search_results(self, request: HttpRequest, queryset, search_term: str):
        # The hash is computed for the searcher: without the permission nothing is searched.
        if not search_term.strip() or not self.may_see_private(request):
            return queryset, False
        return queryset.filter(email_hash=opt_out_hash(search_term)), False


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

    @admin.action(
        description=_("Review and send the selected announcement"), permissions=["change"]
    )
    def send(self, request: HttpRequest, queryset):
        if queryset.count() != 1:
            self.message_user(
                request, _("Choose one announcement to review and send."), messages.WARNING
            )
            return None
        return redirect("admin:participants_announcement_review", queryset.get().pk)

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="participants_announcement_review",
            ),
            path(
                "<int:pk>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name="participants_announcement_preview",
            ),
            *super().get_urls(),
        ]

    def _announcement(self, request: HttpRequest, pk: int) -> Announcement:
        announcement = get_object_or_404(Announcement, pk=pk)
        if not self.has_view_permission(request, announcement):
            raise PermissionDenied
        return announcement

    def preview_view(self, request: HttpRequest, pk: int, language: str) -> HttpResponse:
        announcement = self._announcement(request, pk)
        if language not in dict(settings.LANGUAGES):
            raise Http404
        preview = announcement_preview(
            announcement=announcement, language=language, viewer=request.user
        )
        response = HttpResponse(preview["html"])
        response["Cache-Control"] = "private, no-store"
        return response

    def review_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Preview in both languages, the exact recipients, a test to yourself, then send now or
        later with the number of recipients confirmed; stop a send in progress."""
        announcement = self._announcement(request, pk)
        form = AnnouncementSendForm(request.POST or None)
        if request.method == "POST":
            if not self.has_change_permission(request, announcement):
                raise PermissionDenied
            action = request.POST.get("action")
            try:
                if action == "test":
                    announcement_send_test(announcement_id=pk, to=request.user)
                    self.message_user(
                        request,
                        _("A test in each language is on its way to %(email)s.")
                        % {"email": request.user.email},
                        messages.SUCCESS,
                    )
                elif action == "stop":
                    cancelled = announcement_stop(announcement_id=pk)
                    self.message_user(
                        request,
                        _("Stopped: %(count)d messages not yet sent were cancelled.")
                        % {"count": cancelled},
                        messages.SUCCESS,
                    )
                elif action == "send" and form.is_valid():
                    at = form.cleaned_data["send_at"]
                    count = form.cleaned_data["confirm_count"]
                    if at:
                        announcement_schedule(announcement_id=pk, at=at, expected_count=count)
                        self.message_user(request, _("Scheduled."), messages.SUCCESS)
                    else:
                        announcement_send(announcement_id=pk, expected_count=count)
                        self.message_user(
                            request,
                            _("“%(subject)s” is being sent; the counts show its progress.")
                            % {"subject": announcement.subject},
                            messages.SUCCESS,
                        )
                    return redirect("admin:participants_announcement_changelist")
                if action in ("test", "stop"):
                    return redirect("admin:participants_announcement_review", pk)
            except ValidationError as error:
                form.add_error(None, error.messages)
        counts = announcement_recipient_counts(announcement)
        language_names = dict(settings.LANGUAGES)
        statuses = dict(Rsvp.Status.choices)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review and send: %(subject)s") % {"subject": announcement.subject},
            "opts": self.model._meta,
            "announcement": announcement,
            "form": form,
            "counts": counts,
            "by_language": [
                (language_names.get(code, code), n) for code, n in counts["by_language"].items()
            ],
            "by_status": [(statuses.get(code, code), n) for code, n in counts["by_status"].items()],
            "previews": [
                announcement_preview(announcement=announcement, language=code, viewer=request.user)
                for code, _name in settings.LANGUAGES
            ],
            "can_send": announcement.status == Announcement.Status.DRAFT,
            "can_stop": announcement.status
            in (
                Announcement.Status.SCHEDULED,
                Announcement.Status.QUEUED,
                Announcement.Status.QUEUED_ALL,
            ),
            "progress": announcement_progress(announcement),
        }
        return TemplateResponse(request, "admin/participants/announcement/review.html", context)


class AnnouncementSendForm(forms.Form):
    confirm_count = forms.IntegerField(
        label=_("Type the number of recipients to confirm"),
        min_value=0,
        max_value=10_000_000,
    )
    send_at = forms.DateTimeField(
        label=_("Send later, at (Korea time; blank: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
