from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
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
        VENDOR_STALL_PLACED = "vendor_stall_placed", _("Vendor: stall placed")
        PERFORMER_CALL = "performer_call", _("Performer: call time")
        ANNOUNCEMENT = "announcement", _("Announcement")
        RSVP_CONFIRMED = "rsvp_confirmed", _("Booking confirmed (with the ticket)")
        RSVP_WAITLISTED = "rsvp_waitlisted", _("On the waiting list")
        RSVP_CANCELLED = "rsvp_cancelled", _("Booking cancelled")
        WAITLIST_OFFER = "waitlist_offer", _("A seat offered from the waiting list")
        GUEST_INVITATION = "guest_invitation", _("Invitation of an imported guest")
        PROGRAMME_CHANGED = "programme_changed", _("Programme changed")
        STAGE_DELAYED = "stage_delayed", _("Running late on the day")
        TRIBUTE_RECEIVED = "tribute_received", _("Tribute: received")
        TRIBUTE_UPDATE = "tribute_update", _("Tribute: decision")
        SURVEY_INVITATION = "survey_invitation", _("Survey after the day")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    # A person may opt out of these; tickets, promotions and operational messages to vendors and
    # performers are always sent.
    OPTIONAL_KINDS = frozenset(
        {
            Kind.EDITION_WEEK_BEFORE,
            Kind.EDITION_DAY_BEFORE,
            Kind.ITEM_HOUR_BEFORE,
            Kind.ANNOUNCEMENT,
            Kind.SURVEY_INVITATION,
        }
    )
    # Kinds whose subject is an Rsvp with a ticket: they carry the ticket (QR code, PDF), a
    # cancel link and a calendar entry, and are void once the RSVP holds no seat.
    RSVP_KINDS = frozenset(
        {
            Kind.EDITION_WEEK_BEFORE,
            Kind.EDITION_DAY_BEFORE,
            Kind.ITEM_HOUR_BEFORE,
            Kind.WAITLIST_PROMOTED,
            Kind.RSVP_CONFIRMED,
            Kind.GUEST_INVITATION,
        }
    )
    # Kinds that carry the ticket itself as an inline QR code and a PDF.
    TICKET_KINDS = frozenset({Kind.WAITLIST_PROMOTED, Kind.RSVP_CONFIRMED, Kind.GUEST_INVITATION})

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
        ContentType,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kind of subject"),
    )
    subject_id = models.PositiveBigIntegerField(_("subject number"), null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # The programme item the reminder is about, kept as a plain id (not a foreign key) so that
    # the reminders of a deleted item can still be found and cancelled.
    program_item_id = models.PositiveBigIntegerField(
        _("programme item id"), null=True, blank=True, db_index=True
    )
    context = models.JSONField(_("context"), default=dict, blank=True)
    due_at = models.DateTimeField(_("due at"))
    # Never sent at or after this moment, however late the dispatcher gets to it: an
    # "hour before" is void once its item has started, a "day before" once the day has come.
    not_after = models.DateTimeField(_("not sent after"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Set by the dispatcher when it queues a send task; a pending row queued long ago is queued
    # again, which is how a message lost by the broker is recovered.
    queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    # After a transient failure: not before this time.
    retry_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["due_at", "id"]
        permissions = [
            ("view_reminder_private", _("Can see reminders' addresses and personal details")),
        ]
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
            models.Index(fields=["edition", "status"], name="reminder_edition_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_optional(self) -> bool:
        return self.kind in self.OPTIONAL_KINDS

    @property
    def email(self) -> str:
        """Where the message goes: the explicit address, else the recipient's account email."""
        if self.recipient_email:
            return self.recipient_email
        return self.recipient.email if self.recipient else ""


# Opt-outs outlive the bookings they came from, so the address itself is never stored: only a
# keyed hash of it, which answers "did this address unsubscribe?" and nothing else. Keyed (not a
# plain SHA-256), so that a copy of the table cannot be checked against a list of addresses.
OPT_OUT_HASH_SALT = "participants.outbox.opt_out"


def opt_out_hash(email: str) -> str:
    """The HMAC-SHA256 (hex) of the address, stripped and casefolded, under OPT_OUT_HASH_KEY
    (or a key derived from SECRET_KEY when that is empty)."""
    return salted_hmac(
        OPT_OUT_HASH_SALT,
        email.strip().casefold(),
        secret=settings.OPT_OUT_HASH_KEY or settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()


class ReminderOptOut(models.Model):
    """A person's one-click unsubscribe from one optional kind of reminder: the keyed hash of
    their address (``opt_out_hash``), never the address."""

    email_hash = models.CharField(_("email address (keyed hash)"), max_length=64)
    kind = models.CharField(_("kind"), max_length=32, choices=Reminder.Kind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder opt-out")
        verbose_name_plural = _("reminder opt-outs")
        ordering = ["-created_at"]
        permissions = [
            (
                "view_reminderoptout_private",
                _("Can check whether an email address unsubscribed"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["email_hash", "kind"], name="reminder_optout_once"),
        ]

    def __str__(self) -> str:
        # Never the address itself: admin change messages and logs carry ids only.
        return f"{self.get_kind_display()} #{self.pk}"


class Announcement(models.Model):
    """A message an organiser writes once (ko/en) and sends to an edition's attendees."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        QUEUED = "queued", _("Being queued")
        QUEUED_ALL = "queued_all", _("Queued for every recipient")
        STOPPED = "stopped", _("Stopped")

    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.CASCADE,
        related_name="announcements",
        verbose_name=_("edition"),
    )
    item = models.ForeignKey(
        "events.ProgramItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="announcements",
        verbose_name=_("programme item"),
        help_text=_("Blank: everyone registered for the edition. Otherwise only this item's."),
    )
    to_confirmed = models.BooleanField(_("to confirmed attendees"), default=True)
    to_waitlisted = models.BooleanField(_("to people on the waiting list"), default=False)
    to_checked_in = models.BooleanField(_("to people who checked in"), default=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    queued_all_at = models.DateTimeField(_("all queued at"), null=True, blank=True, editable=False)
    scheduled_for = models.DateTimeField(_("scheduled for"), null=True, blank=True, editable=False)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True, editable=False)
    reminders = GenericRelation(
        Reminder,
        verbose_name=_("reminders"),
        content_type_field="subject_type",
        object_id_field="subject_id",
        related_query_name="announcement",
    )

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if not (self.to_confirmed or self.to_waitlisted or self.to_checked_in):
            errors.setdefault("to_confirmed", []).append(
                _("Choose at least one group of people to send to.")
            )
        if self.item_id and self.edition_id and self.item.edition_id != self.edition_id:
            errors.setdefault("item", []).append(_("This item belongs to another edition."))
        for code, _name in settings.LANGUAGES:
            body = getattr(self, f"body_{code}", None)
            subject = getattr(self, f"subject_{code}", None)
            if code == settings.LANGUAGE_CODE and not (body or "").strip():
                errors.setdefault(f"body_{code}", []).append(
                    _("Write the message: an announcement cannot be empty.")
                )
            if (body or "").strip() and not (subject or "").strip():
                errors.setdefault(f"subject_{code}", []).append(
                    _("A message in this language needs a subject too.")
                )
        if errors:
            raise ValidationError(errors)

    @property
    def statuses(self) -> list[str]:
        chosen = [
            ("confirmed", self.to_confirmed),
            ("waitlisted", self.to_waitlisted),
            ("checked_in", self.to_checked_in),
        ]
        return [status for status, wanted in chosen if wanted]
