"""Moderation of tributes in the admin: a queue with the automatic flags, decisions through the
services (audited, two moderators for names and places), reports, watch words, and the book."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models import Edition
from participants.tributes.models import Tribute, WatchWord
from participants.tributes.services import (
    memorial_book_pdf,
    tribute_approve,
    tribute_reject,
    tribute_reports_dismiss,
    tribute_request_changes,
)

MODERATE = "participants.moderate_tribute"


class NoteActionForm(ActionForm):
    note = forms.CharField(
        label=_("Note to the writer, or reason for rejecting"),
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
    )


class FlaggedFilter(admin.SimpleListFilter):
    title = _("flags")
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", _("Flagged")), ("no", _("Not flagged")), ("reported", _("Reported"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(flags=[])
        if self.value() == "no":
            return queryset.filter(flags=[])
        if self.value() == "reported":
            return queryset.filter(reports__isnull=False).distinct()
        return queryset


@admin.register(Tribute)
class TributeAdmin(admin.ModelAdmin):
    action_form = NoteActionForm
    actions = ["approve", "request_changes", "reject", "dismiss_reports"]
    list_display = (
        "id",
        "status",
        "flag_list",
        "first_approved_by",
        "signature_shown",
        "language",
        "consents",
        "report_count",
        "created_at",
    )
    list_filter = ("status", FlaggedFilter, "edition", "language", "hidden_by_reports")
    # The author is kept out of every list and search: moderators judge the words, not the person.
    search_fields = ("text", "addressee")
    ordering = ("status", "created_at")
    list_editable = ()
    fields = (
        "status",
        "flag_details",
        "text",
        "addressee",
        "language",
        "signature_kind",
        "signature",
        "province",
        "consent_web",
        "consent_screen",
        "consent_book",
        "first_approved_by",
        "decided_by",
        "decided_at",
        "note_to_writer",
        "internal_reason",
        "hidden_by_reports",
        "book_position",
        "created_at",
        "published_at",
    )
    readonly_fields = tuple(f for f in fields if f != "book_position")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .exclude(status=Tribute.Status.DELETED)
            .select_related("first_approved_by", "decided_by")
            .annotate(report_total=Count("reports"))
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(MODERATE) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(MODERATE) or super().has_view_permission(request, obj)

    def has_add_permission(self, request) -> bool:
        return False  # tributes are written by their writers only

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # rejected ones are purged by the retention task; writers delete their own

    @admin.display(description=_("flags"))
    def flag_list(self, obj: Tribute) -> str:
        labels = dict(Tribute.Flag.choices)
        return ", ".join(str(labels.get(flag, flag)) for flag in obj.flags) or "-"

    @admin.display(description=_("what raised the flags"))
    def flag_details(self, obj: Tribute) -> str:
        if not obj.flags:
            return gettext("No flags.")
        note = (
            gettext("A second moderator must also approve it.")
            if obj.needs_second_moderator
            else ""
        )
        return format_html(
            "<ul>{}</ul><p>{}</p>",
            format_html_join("", "<li>{}</li>", ((term,) for term in obj.flagged_terms)),
            note,
        )

    @admin.display(description=_("signed as"))
    def signature_shown(self, obj: Tribute) -> str:
        return obj.signature or gettext("Anonymous")

    @admin.display(description=_("consents"))
    def consents(self, obj: Tribute) -> str:
        uses = [
            (obj.consent_web, gettext("web")),
            (obj.consent_screen, gettext("screens")),
            (obj.consent_book, gettext("book")),
        ]
        return ", ".join(label for given, label in uses if given) or "-"

    @admin.display(description=_("reports"))
    def report_count(self, obj: Tribute) -> int:
        return obj.report_total

    def _decide(self, request, queryset, decide, done: str) -> None:
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        count = 0
        for tribute in queryset:
            try:
                decide(tribute)
                count += 1
            except ValidationError as error:
                self.message_user(
                    request, f"#{tribute.pk}: {' '.join(error.messages)}", messages.ERROR
                )
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Approve (publish where the writer consented)"))
    def approve(self, request, queryset) -> None:
        self._decide(
            request,
            queryset,
            lambda t: tribute_approve(tribute=t, by=request.user),
            gettext("%(count)d tribute(s) approved (flagged ones need a second moderator)."),
        )

    @admin.action(description=_("Ask the writer to edit (with the note)"))
    def request_changes(self, request, queryset) -> None:
        note = request.POST.get("note", "")
        self._decide(
            request,
            queryset,
            lambda t: tribute_request_changes(tribute=t, by=request.user, note=note),
            gettext("%(count)d writer(s) asked to edit."),
        )

    @admin.action(description=_("Reject (the note is kept as the internal reason)"))
    def reject(self, request, queryset) -> None:
        reason = request.POST.get("note", "")
        self._decide(
            request,
            queryset,
            lambda t: tribute_reject(tribute=t, by=request.user, reason=reason),
            gettext("%(count)d tribute(s) rejected."),
        )

    @admin.action(description=_("Dismiss the reports and show again"))
    def dismiss_reports(self, request, queryset) -> None:
        self._decide(
            request,
            queryset,
            lambda t: tribute_reports_dismiss(tribute=t, by=request.user),
            gettext("Reports dismissed on %(count)d tribute(s)."),
        )

    def get_urls(self):
        return [
            path(
                "book/<int:year>/",
                self.admin_site.admin_view(self.book_view),
                name="participants_tribute_book",
            ),
            *super().get_urls(),
        ]

    def book_view(self, request: HttpRequest, year: int) -> HttpResponse:
        if not request.user.has_perm("participants.export_tribute_book"):
            raise PermissionDenied
        edition = get_object_or_404(Edition, year=year)
        language = "en" if request.GET.get("lang") == "en" else "ko"
        pdf = memorial_book_pdf(edition=edition, by=request.user, language=language)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="memorial-book-{year}.pdf"'
        response["Cache-Control"] = "private, no-store"
        return response

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if request.user.has_perm("participants.export_tribute_book"):
            extra_context["book_editions"] = Edition.objects.order_by("-year").values_list(
                "year", flat=True
            )[:5]
        return super().changelist_view(request, extra_context)


@admin.register(WatchWord)
class WatchWordAdmin(admin.ModelAdmin):
    list_display = ("word", "note")
    search_fields = ("word",)
