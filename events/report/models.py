"""A report job: one build of an edition's report, in Korean and English, kept privately."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events.common.storage import PrivateMediaStorage

report_storage = PrivateMediaStorage("reports")


def _report_path(report: "EditionReport", filename: str) -> str:
    return f"{report.edition.year}/{filename}"


class EditionReport(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class Failure(models.TextChoices):
        ERROR = "error", _("The report could not be built; the error is in the server's log.")
        TIMEOUT = "timeout", _("No worker finished the report in time.")
        QUEUE = "queue", _("The background queue could not be reached.")

    ACTIVE_STATUSES = (Status.QUEUED, Status.BUILDING)

    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("edition"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    pdf_ko = models.FileField(
        _("PDF in Korean"),
        storage=report_storage,
        upload_to=_report_path,
        blank=True,
        max_length=200,
    )
    pdf_en = models.FileField(
        _("PDF in English"),
        storage=report_storage,
        upload_to=_report_path,
        blank=True,
        max_length=200,
    )
    # Why a build failed, for the organisers (the traceback goes to the log, never here).
    failure = models.CharField(
        _("why it failed"), max_length=10, choices=Failure.choices, blank=True
    )

    class Meta:
        verbose_name = _("ministry's report")
        verbose_name_plural = _("ministry's reports")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # Two organisers asking at once get one job: the second insert fails and finds it.
            models.UniqueConstraint(
                fields=["edition"],
                condition=Q(status__in=["queued", "building"]),
                name="edition_report_one_active_job",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition.year} #{self.pk}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES
