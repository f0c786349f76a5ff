from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Reminder(models.Model):
    """The outbox of everything Celery sends: one row per message to one recipient.

    ``due_at`` is the schedule (no long ETAs on the broker). The unique ``key`` (kind + recipient
    + subject) makes writing the same reminder twice a no-op.
    """

    class Kind(models.TextChoices):
        EDITION_WEEK_BEFORE = "edition_week_before", _("A week before the day")
        EDITION_DAY_BEFORE = "edition_day_before", _("The day before")
        ITEM_HOUR_BEFORE = "item_hour_before", _("An hour before a booked item")
        WAITLIST_PROMOTED = "waitlist_promoted", _("Promoted from the waiting list")
        VENDOR_DAY_BEFORE = "vendor_day_before", _("Vendor: the day before")
        VENDOR_APPLICATION = "vendor_application", _("Vendor: application update")
        PERFORMER_CALL = "performer_call", _("Performer: call time")
        ANNOUNCEMENT = "announcement", _("Announcement")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    key = models.CharField(_("key"), max_length=200, unique=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("recipient"),
    )
    # For recipients without an account (performers); private, never shown in public.
    recipient_email = models.EmailField(_("recipient email"), blank=True)
    language = models.CharField(_("language"), max_length=2, default="ko")
    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("edition"),
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    context = models.JSONField(_("context"), default=dict, blank=True)
    due_at = models.DateTimeField(_("due at"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(
                fields=["due_at"], condition=Q(status="pending"), name="reminder_due_pending_idx"
            ),
            models.Index(
                fields=["claimed_at"],
                condition=Q(status="sending"),
                name="reminder_sending_claimed_idx",
            ),
            models.Index(fields=["subject_type", "subject_id"], name="reminder_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
