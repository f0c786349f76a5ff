"""The audit trail of sensitive acts (exports, imports, private views, sign-ins). Re-exported by
events.models, where Django registers it with the events app; events.common.exports writes it."""

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """Who did something sensitive, when, to how many rows: exports, imports, private files.

    Holds ids and counts only, never names or emails (privacy rules).
    """

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        ADMIN_LOGIN = "admin_login", _("Staff sign-in")
        PRIVATE_FILE = "private_file", _("Private file viewed")
        PUBLISH = "publish", _("Published")
        PRIVATE_VIEW = "private_view", _("Private details viewed")
        LOGIN_FAILED = "login_failed", _("Failed staff sign-in")
        RETENTION = "retention", _("Retention purge")
        OTHER = "other", _("Other")

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target = models.CharField(_("what"), max_length=100, help_text=_("A model label or a name."))
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target_label} #{self.pk}"

    @property
    def target_label(self) -> str:
        return model_label_display(self.target)


def model_label_display(label: str) -> str:
    """A model label's verbose name in the active language ("participants.Rsvp" -> "참가 신청");
    any other target (a name) as it is."""
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return label
    return str(model._meta.verbose_name)
