import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.models import MAX_PARTY_SIZE


def new_ticket_code() -> str:
    """128 bits from the OS's CSPRNG, URL-safe: unguessable and fine inside a QR code."""
    return secrets.token_urlsafe(16)


class Rsvp(models.Model):
    """A seat for a user at an edition (the day) or at one programme item."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        CHECKED_IN = "checked_in", _("Checked in")

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.CHECKED_IN)
    SEATED_STATUSES = (Status.CONFIRMED, Status.CHECKED_IN)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rsvps",
        verbose_name=_("user"),
    )
    edition = models.ForeignKey(
        "events.Edition", on_delete=models.CASCADE, related_name="rsvps", verbose_name=_("edition")
    )
    item = models.ForeignKey(
        "events.ProgramItem",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="rsvps",
        verbose_name=_("programme item"),
        help_text=_("Blank: a registration for the day itself."),
        # RESTRICT: an item with reservations cannot be deleted on its own (its attendees would
        # vanish without a word); deleting the whole edition still removes both.
    )
    party_size = models.PositiveSmallIntegerField(
        _("party size"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE)],
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED
    )
    ticket_code = models.CharField(
        _("ticket code"), max_length=32, unique=True, default=new_ticket_code, editable=False
    )
    needs_wheelchair = models.BooleanField(_("wheelchair access"), default=False)
    needs_sign_language = models.BooleanField(_("sign language interpretation"), default=False)
    other_needs = models.CharField(_("other access needs"), max_length=300, blank=True)
    waitlisted_at = models.DateTimeField(_("joined the waiting list at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    # Set by the retention command: the row keeps its seats and check-in, loses its person.
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("RSVP")
        verbose_name_plural = _("RSVPs")
        ordering = ["-created_at"]
        permissions = [
            ("checkin_rsvp", _("Can check attendees in at the door")),
            ("export_rsvp", _("Can export RSVPs")),
            ("view_rsvp_private", _("Can see attendees' access needs")),
        ]
        indexes = [
            models.Index(fields=["edition", "item", "status"], name="rsvp_target_status_idx"),
            models.Index(fields=["item", "status", "waitlisted_at"], name="rsvp_waitlist_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(party_size__gte=1), name="rsvp_party_size_positive"),
            models.CheckConstraint(
                condition=Q(party_size__lte=MAX_PARTY_SIZE), name="rsvp_party_size_at_most_max"
            ),
            models.UniqueConstraint(
                fields=["user", "edition"],
                condition=Q(
                    item__isnull=True, status__in=["confirmed", "waitlisted", "checked_in"]
                ),
                name="rsvp_one_active_per_user_and_edition",
            ),
            models.UniqueConstraint(
                fields=["user", "item"],
                condition=Q(
                    item__isnull=False, status__in=["confirmed", "waitlisted", "checked_in"]
                ),
                name="rsvp_one_active_per_user_and_item",
            ),
            # Seats taken never exceed capacity: on PostgreSQL a trigger (participants/db_guards.py,
            # installed by migration 0002_attendees) is the backstop to the services' row locks.
        ]

    def __str__(self) -> str:
        return gettext("RSVP #%(id)s") % {"id": self.pk}

    @property
    def target(self):
        return self.item or self.edition

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_seated(self) -> bool:
        return self.status in self.SEATED_STATUSES

    @property
    def needs_access(self) -> bool:
        return self.needs_wheelchair or self.needs_sign_language or bool(self.other_needs)

    @property
    def starts_at(self):
        return self.item.starts_at if self.item_id else self.edition.day_starts_at
