from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.models import MAX_PARTY_SIZE
from participants.attendance.codes import code_display, new_ticket_code


class Rsvp(models.Model):
    """A seat for a user at an edition (the day) or at one programme item."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        CHECKED_IN = "checked_in", _("Checked in")
        # A seat freed up and is held for this waiting party until its offer is answered.
        OFFERED = "offered", _("Seat offered")

    ACTIVE_STATUSES = (Status.CONFIRMED, Status.WAITLISTED, Status.CHECKED_IN, Status.OFFERED)
    SEATED_STATUSES = (Status.CONFIRMED, Status.CHECKED_IN)
    # What counts against capacity: seats with a ticket, and seats held for an open offer.
    HOLDING_STATUSES = (Status.CONFIRMED, Status.CHECKED_IN, Status.OFFERED)

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
    # Walk-ins have no account: the name the door staff wrote down.
    guest_name = models.CharField(_("name at the door"), max_length=120, blank=True)
    is_walk_in = models.BooleanField(_("walk-in"), default=False)
    # People of the party who have come in so far (a party may arrive in parts).
    arrived = models.PositiveSmallIntegerField(_("arrived"), default=0)
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
            models.CheckConstraint(
                condition=Q(arrived__lte=F("party_size")), name="rsvp_arrived_within_party"
            ),
            models.UniqueConstraint(
                fields=["user", "edition"],
                condition=Q(
                    item__isnull=True,
                    status__in=["confirmed", "waitlisted", "checked_in", "offered"],
                ),
                name="rsvp_one_active_per_user_and_edition",
            ),
            models.UniqueConstraint(
                fields=["user", "item"],
                condition=Q(
                    item__isnull=False,
                    status__in=["confirmed", "waitlisted", "checked_in", "offered"],
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

    @property
    def ends_at(self):
        return self.item.ends_at if self.item_id else self.edition.day_ends_at

    @property
    def code_display(self) -> str:
        return code_display(self.ticket_code)

    @property
    def display_name(self) -> str:
        """The name this person chose to be shown by (never their email)."""
        if self.user_id and self.user.name:
            return self.user.name
        return self.guest_name


class WaitlistOffer(models.Model):
    """A freed seat offered to the next waiting party until ``expires_at`` (pretix's model).

    While it is open the RSVP's status is ``offered``, so its seats count against capacity and
    nobody else can take them; accepting confirms the RSVP, declining or letting it lapse
    passes the seats on to the next in line.
    """

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("waiting-list offer", "Open")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    rsvp = models.ForeignKey(
        Rsvp, on_delete=models.CASCADE, related_name="offers", verbose_name=_("RSVP")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    seats = models.PositiveSmallIntegerField(_("seats"))
    offered_at = models.DateTimeField(_("offered at"))
    expires_at = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("waiting-list offer")
        verbose_name_plural = _("waiting-list offers")
        ordering = ["-offered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["rsvp"], condition=Q(status="open"), name="waitlist_offer_one_open"
            ),
        ]
        indexes = [
            models.Index(
                fields=["expires_at"], condition=Q(status="open"), name="waitlist_offer_open_idx"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Offer #%(id)s") % {"id": self.pk}


class CheckIn(models.Model):
    """One entry in the door's log: people let in (or, negative, a check-in undone), when they
    really came (a paper list entered later keeps its own time), by whom and why."""

    class Kind(models.TextChoices):
        SCAN = "scan", _("Scanned or typed code")
        SEARCH = "search", _("Found by name")
        WALK_IN = "walk_in", _("Walk-in")
        PAPER = "paper", _("Entered from the paper list")
        UNDO = "undo", _("Undone")

    rsvp = models.ForeignKey(
        Rsvp, on_delete=models.CASCADE, related_name="check_ins", verbose_name=_("RSVP")
    )
    kind = models.CharField(_("how"), max_length=10, choices=Kind.choices)
    people = models.SmallIntegerField(_("people"))
    at = models.DateTimeField(_("at"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return gettext("Check-in #%(id)s") % {"id": self.pk}
