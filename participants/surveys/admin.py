"""Admin of the surveys: build one per edition (questions inline, choices on each question's
page), schedule, close, and read the results as charts with data tables; export them audited.

Responses and participations have no admin: results are shown only as aggregates, free text only
with ``view_survey_free_text``, and who answered is nobody's business.
"""

import tablib
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from events.common.charts import bars
from events.common.exports import audit_log, escape_formula
from events.models import AuditEntry
from participants.surveys.models import Survey, SurveyChoice, SurveyQuestion
from participants.surveys.selectors import survey_free_text, survey_results
from participants.surveys.services import survey_close, survey_schedule, survey_unschedule

FREE_TEXT_PERMISSION = "participants.view_survey_free_text"
EXPORT_PERMISSION = "participants.export_survey"
EXPORT_FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}


class SurveyQuestionInline(TranslationTabularInline):
    model = SurveyQuestion
    fields = ("position", "kind", "text", "required")
    extra = 1
    show_change_link = True

    # Frozen once invitations are out (Survey.questions_locked).
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.questions_locked) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.questions_locked) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.questions_locked) and super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(TabbedTranslationAdmin):
    list_display = (
        "title",
        "edition",
        "status",
        "send_at",
        "closes_at",
        "invited_count",
        "response_count",
        "results_link",
    )
    list_filter = ("status",)
    list_select_related = ("edition",)
    fields = ("edition", "title", "intro", "send_at", "closes_at", "status", "invited_count")
    readonly_fields = ("status", "invited_count")
    inlines = (SurveyQuestionInline,)
    actions = ("schedule", "unschedule", "close")

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).annotate(n_responses=Count("responses"))

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is not None and obj.questions_locked:
            # modeltranslation's title_ko/title_en, not "title".
            return self.replace_orig_field(list(self.fields))
        if obj is not None and obj.status != Survey.Status.DRAFT:
            # Scheduled: back to draft first, so that a new time is checked again.
            return ["edition", "send_at", "closes_at", *self.readonly_fields]
        return self.readonly_fields

    @admin.display(description=_("responses"), ordering="n_responses")
    def response_count(self, obj: Survey) -> int:
        return obj.n_responses

    @admin.display(description=_("results"))
    def results_link(self, obj: Survey) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:participants_survey_results", args=[obj.pk]),
            gettext("Results"),
        )

    def _run(self, request: HttpRequest, queryset, service, done: str) -> None:
        for survey in queryset:
            try:
                service(survey_id=survey.pk)
                self.message_user(request, done % {"title": survey.title}, messages.SUCCESS)
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("“%(title)s”: %(error)s")
                    % {"title": survey.title, "error": " ".join(error.messages)},
                    messages.ERROR,
                )

    @admin.action(description=_("Schedule the selected surveys"), permissions=["change"])
    def schedule(self, request: HttpRequest, queryset) -> None:
        self._run(request, queryset, survey_schedule, gettext("“%(title)s” is scheduled."))

    @admin.action(description=_("Take the selected surveys back to draft"), permissions=["change"])
    def unschedule(self, request: HttpRequest, queryset) -> None:
        self._run(request, queryset, survey_unschedule, gettext("“%(title)s” is a draft again."))

    @admin.action(description=_("Close the selected surveys now"), permissions=["change"])
    def close(self, request: HttpRequest, queryset) -> None:
        self._run(request, queryset, survey_close, gettext("“%(title)s” is closed."))

    def get_urls(self):
        return [
            path(
                "<int:pk>/results/",
                self.admin_site.admin_view(self.results_view),
                name="participants_survey_results",
            ),
            path(
                "<int:pk>/results/export.<str:file_format>",
                self.admin_site.admin_view(self.export_view),
                name="participants_survey_export",
            ),
            *super().get_urls(),
        ]

    def _survey(self, request: HttpRequest, pk: int) -> Survey:
        survey = get_object_or_404(Survey.objects.select_related("edition"), pk=pk)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        return survey

    def results_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        results = survey_results(survey)
        can_read_text = request.user.has_perm(FREE_TEXT_PERMISSION)
        texts = survey_free_text(survey) if can_read_text else {}
        if texts:
            audit_log(
                user=request.user,
                action=AuditEntry.Action.PRIVATE_VIEW,
                target=Survey._meta.label,
                object_id=str(survey.pk),
                detail={"free_text": True},
            )
        for question in results["questions"]:
            question["chart"] = (
                bars(
                    [(row["label"], row["count"]) for row in question["counts"]],
                    label=question["text"],
                )
                if question["counts"]
                else ""
            )
            question["texts"] = texts.get(question["id"], [])
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Results: %(title)s") % {"title": survey.title},
            "opts": self.model._meta,
            "survey": survey,
            "results": results,
            "can_read_text": can_read_text,
            "can_export": request.user.has_perm(EXPORT_PERMISSION),
            "export_formats": list(EXPORT_FORMATS),
        }
        return TemplateResponse(request, "admin/participants/survey/results.html", context)

    def export_view(self, request: HttpRequest, pk: int, file_format: str) -> HttpResponse:
        """Aggregates (and free text for those allowed to read it) as CSV or XLSX, audited."""
        survey = self._survey(request, pk)
        if file_format not in EXPORT_FORMATS:
            raise Http404
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        with_text = request.user.has_perm(FREE_TEXT_PERMISSION)
        dataset = survey_results_dataset(survey, with_text=with_text)
        audit_log(
            user=request.user,
            action=AuditEntry.Action.EXPORT,
            target=Survey._meta.label,
            row_count=len(dataset),
            object_id=str(survey.pk),
            detail={"format": file_format, "free_text": with_text},
        )
        content_type, extension = EXPORT_FORMATS[file_format]
        response = HttpResponse(dataset.export(file_format), content_type=content_type)
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="survey-{survey.edition.year}-{stamp}.{extension}"'
        )
        response["Cache-Control"] = "private, no-store"
        return response


def survey_results_dataset(survey: Survey, *, with_text: bool) -> tablib.Dataset:
    """One row per rating value or choice with its count; free text one row per answer (only
    ``with_text``). Fields are listed here and cells that a spreadsheet would run are escaped."""
    results = survey_results(survey)
    dataset = tablib.Dataset(
        headers=[
            gettext("order"),
            gettext("question"),
            gettext("kind"),
            gettext("answer"),
            gettext("count"),
            gettext("answered"),
        ]
    )
    kinds = dict(SurveyQuestion.Kind.choices)
    texts = survey_free_text(survey) if with_text else {}
    for question in results["questions"]:
        kind = str(kinds[question["kind"]])
        for row in question["counts"]:
            dataset.append(
                [
                    question["position"],
                    escape_formula(question["text"]),
                    kind,
                    escape_formula(row["label"]),
                    row["count"],
                    question["answered"],
                ]
            )
        for text in texts.get(question["id"], []):
            dataset.append(
                [
                    question["position"],
                    escape_formula(question["text"]),
                    kind,
                    escape_formula(text),
                    1,
                    question["answered"],
                ]
            )
    return dataset


class SurveyChoiceInline(TranslationTabularInline):
    model = SurveyChoice
    fields = ("position", "text")
    extra = 2

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.survey.questions_locked) and super().has_add_permission(
            request, obj
        )

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.survey.questions_locked) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.survey.questions_locked) and super().has_delete_permission(
            request, obj
        )


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(TabbedTranslationAdmin):
    """A question's page, reached from its survey: the choices of a choice question."""

    fields = ("survey", "position", "kind", "text", "required")
    list_display = ("text", "survey", "kind", "position")
    list_select_related = ("survey",)
    inlines = (SurveyChoiceInline,)

    def get_model_perms(self, request: HttpRequest) -> dict:
        # Not in the admin index: questions are edited from their survey.
        return {}

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is not None and obj.survey.questions_locked:
            return self.replace_orig_field(list(self.fields))
        return ("survey",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return not (obj and obj.survey.questions_locked) and super().has_delete_permission(
            request, obj
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "survey":
            kwargs["queryset"] = Survey.objects.filter(
                status__in=[Survey.Status.DRAFT, Survey.Status.SCHEDULED]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
