"""The organisers' page for the ministry's report: ask for a build (queued in the background),
watch its status, download the Korean or English PDF once ready (audited, permission needed)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.common.exports import audit_log
from events.common.storage import private_file_response
from events.models import AuditEntry, Edition
from events.report.models import EditionReport
from events.report.services import LANGUAGES, report_request

LANGUAGE_LABELS = {"ko": gettext_lazy("Korean"), "en": gettext_lazy("English")}
# While a job is waiting or building, its page reloads itself this often (no script needed).
REFRESH_SECONDS = 5


@admin.register(EditionReport)
class EditionReportAdmin(admin.ModelAdmin):
    list_display = ("edition", "status", "failure", "requested_at", "finished_at", "downloads")
    list_filter = ("status", "edition")
    list_select_related = ("edition",)
    date_hierarchy = "requested_at"
    fields = ("edition", "status", "failure", "requested_at", "started_at", "finished_at")
    readonly_fields = fields

    # Jobs are made by asking for a report (edition_view) and never edited or deleted: the
    # report handed to the ministry stays on record.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=gettext_lazy("Download the report"))
    def downloads(self, report: EditionReport) -> str:
        if report.status != EditionReport.Status.READY:
            return "-"
        return format_html_join(
            " · ",
            '<a href="{}">{}</a>',
            (
                (
                    reverse("admin:events_editionreport_download", args=[report.pk, language]),
                    _("PDF (%(language)s)") % {"language": LANGUAGE_LABELS[language]},
                )
                for language in LANGUAGES
            ),
        )

    def changelist_view(self, request: HttpRequest, extra_context=None):
        editions = Edition.objects.order_by("-year")[:6]
        return super().changelist_view(
            request, {**(extra_context or {}), "report_editions": editions}
        )

    def get_urls(self):
        own = [
            path(
                "edition/<int:edition_pk>/",
                self.admin_site.admin_view(self.edition_view),
                name="events_editionreport_edition",
            ),
            path(
                "<int:pk>/download/<str:language>/",
                self.admin_site.admin_view(self.download_view),
                name="events_editionreport_download",
            ),
        ]
        return own + super().get_urls()

    def edition_view(self, request: HttpRequest, edition_pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        edition = get_object_or_404(Edition, pk=edition_pk)
        may_request = request.user.has_perm("events.add_editionreport")
        if request.method == "POST":
            if not may_request:
                raise PermissionDenied
            report, created = report_request(edition=edition, by=request.user)
            if created:
                audit_log(
                    user=request.user,
                    action=AuditEntry.Action.OTHER,
                    target=EditionReport._meta.label,
                    object_id=str(report.pk),
                    detail={"what": "report requested", "edition": edition.year},
                )
                self.message_user(
                    request,
                    _(
                        "The report is being prepared in the background; this page shows when "
                        "it is ready."
                    ),
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    _(
                        "A report of this edition is already being prepared; no second one "
                        "was started."
                    ),
                    messages.WARNING,
                )
            return HttpResponseRedirect(request.path)
        reports = list(edition.reports.select_related("requested_by")[:20])
        active = any(report.is_active for report in reports)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Ministry's report: %(edition)s") % {"edition": edition},
            "edition": edition,
            "reports": [
                {"report": report, "downloads": self.downloads(report)} for report in reports
            ],
            "active": active,
            "may_request": may_request,
            "refresh_seconds": REFRESH_SECONDS if active else 0,
        }
        return TemplateResponse(request, "admin/events/editionreport/edition.html", context)

    def download_view(self, request: HttpRequest, pk: int, language: str) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        if language not in LANGUAGES:
            raise Http404
        report = get_object_or_404(
            EditionReport.objects.select_related("edition"),
            pk=pk,
            status=EditionReport.Status.READY,
        )
        response = private_file_response(
            getattr(report, f"pdf_{language}"),
            content_type="application/pdf",
            filename=f"report-{report.edition.year}-{language}.pdf",
        )
        if response.status_code < 400:
            audit_log(
                user=request.user,
                action=AuditEntry.Action.EXPORT,
                target=EditionReport._meta.label,
                object_id=str(report.pk),
                detail={
                    "what": "ministry's report",
                    "edition": report.edition.year,
                    "language": language,
                },
            )
        return response


def report_link(edition: Edition) -> str:
    """The link from an edition's admin to its report page."""
    return format_html(
        '<a href="{}">{}</a>',
        reverse("admin:events_editionreport_edition", args=[edition.pk]),
        _("Ministry's report"),
    )
