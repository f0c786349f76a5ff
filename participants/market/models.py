"""The market: vendors, their stall applications, permits, stalls and products.

A vendor trades under a trading name (``display_name``) shown through ``events.privacy``; the
person behind it (owner account, legal name, contact) is private and never leaves the admin.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from events.common.bad_input import validate_single_line
from events.common.names import PublicNameField
from events.common.storage import PrivateMediaStorage
from events.privacy import Visibility, public_name

private_storage = PrivateMediaStorage()


class Category(models.TextChoices):
    FOOD = "food", _("Food")
    LIQUOR = "liquor", _("Liquor")
    CLOTHING = "clothing", _("Clothing")
    CRAFTS = "crafts", _("Crafts")
    OTHER = "other", _("Other")


class StallSize(models.TextChoices):
    SMALL = "small", _("Small (2 m by 2 m)")
    STANDARD = "standard", _("Standard (3 m by 3 m)")
    LARGE = "large", _("Large (3 m by 6 m)")


# A stall is a few square metres: more people than this at one stall is a typing error.
MAX_FOOD_HANDLERS = 20
# The plan numbers stalls 1 to 999; a price above 100 million won is a typing error.
MAX_STALL_NUMBER = 999
MAX_PRICE_WON = 100_000_000

STALL_SIZE_RANK = {StallSize.SMALL: 1, StallSize.STANDARD: 2, StallSize.LARGE: 3}


class VendorQuerySet(models.QuerySet):
    def listed(self) -> "VendorQuerySet":
        return self.filter(is_listed=True)


class Vendor(models.Model):
    """A business run by one user, trading under a name the vendor chooses."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="vendor",
        verbose_name=_("owner"),
    )
    display_name = PublicNameField(
        _("trading name"),
        max_length=120,
        help_text=_("The name of your stall. It is shown in public only as your visibility says."),
    )
    description = models.TextField(_("description"), blank=True)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.ANONYMOUS,
        help_text=_(
            "Named or pseudonym: the trading name is shown. Anonymous: the market shows "
            "“Anonymous stall”."
        ),
    )
    no_photography = models.BooleanField(
        _("no photography at this stall"),
        default=False,
        help_text=_("Visitors are asked not to take photographs of the stall or of you."),
    )
    # Private: never rendered outside the admin and the vendor's own area (privacy rules).
    legal_name = models.CharField(
        _("legal name (private)"), max_length=120, blank=True, validators=[validate_single_line]
    )
    contact_phone = models.CharField(
        _("contact phone (private)"), max_length=40, blank=True, validators=[validate_single_line]
    )
    contact_email = models.EmailField(_("contact email (private)"), blank=True)
    is_listed = models.BooleanField(
        _("listed in the public market"),
        default=False,
        help_text=_("Set by an organiser. Unlisted vendors never appear in public."),
    )
    listed_at = models.DateTimeField(_("listed at"), null=True, blank=True, editable=False)
    listed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("listed by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VendorQuerySet.as_manager()

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["display_name", "id"]
        permissions = [
            ("export_vendor", _("Can export the vendor list")),
            ("view_vendor_private", _("Can see vendors' legal names and contacts")),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("participants:market_vendor", kwargs={"pk": self.pk})

    @property
    def public_name(self) -> str:
        return public_name(self, anonymous_label=gettext("Anonymous stall"))

    def valid_permit(self, kind: str, *, on: dt.date) -> "Permit | None":
        """A verified permit of ``kind`` that has not expired on ``on`` (expired = unverified)."""
        return (
            self.permits.filter(kind=kind, status=Permit.Status.VERIFIED, expires_on__gte=on)
            .order_by("-expires_on")
            .first()
        )

    def valid_permit_count(self, kind: str, *, on: dt.date) -> int:
        """How many verified permits of ``kind`` are valid on ``on`` (one per person for
        health certificates)."""
        return self.permits.filter(
            kind=kind, status=Permit.Status.VERIFIED, expires_on__gte=on
        ).count()


class StallApplication(models.Model):
    """A vendor's request for a stall at one edition, and the organisers' decision."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        INFO_REQUESTED = "info_requested", _("Information requested")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waiting list")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    EDITABLE_STATUSES = (Status.DRAFT, Status.INFO_REQUESTED, Status.WITHDRAWN)
    REVIEWABLE_STATUSES = (
        Status.SUBMITTED,
        Status.INFO_REQUESTED,
        Status.WAITLISTED,
        Status.APPROVED,
    )

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="applications", verbose_name=_("vendor")
    )
    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.CASCADE,
        related_name="stall_applications",
        verbose_name=_("edition"),
    )
    sells_food = models.BooleanField(_("food"), default=False)
    sells_liquor = models.BooleanField(_("liquor"), default=False)
    sells_clothing = models.BooleanField(_("clothing"), default=False)
    sells_crafts = models.BooleanField(_("crafts"), default=False)
    sells_other = models.BooleanField(_("other goods"), default=False)
    stall_size = models.CharField(
        _("stall size"), max_length=10, choices=StallSize.choices, default=StallSize.STANDARD
    )
    food_handlers = models.PositiveSmallIntegerField(
        _("people handling food"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_FOOD_HANDLERS)],
        help_text=_(
            "For a food stall: each person who handles food needs a verified health "
            "certificate (보건증)."
        ),
    )
    needs_power = models.BooleanField(_("needs electricity"), default=False)
    needs_water = models.BooleanField(_("needs water"), default=False)
    note = models.TextField(_("note to the organisers"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    organiser_note = models.TextField(
        _("organisers' note to the vendor"), blank=True, editable=False
    )
    # Counts organiser decisions: each one is its own email (the reminder key includes it).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    # RESTRICT: a stall someone holds cannot be deleted on its own (free it first), yet
    # deleting a whole edition still cascades through its stalls and applications.
    stall = models.ForeignKey(
        "Stall",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        editable=False,
        related_name="applications",
        verbose_name=_("stall"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("stall application")
        verbose_name_plural = _("stall applications")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["edition", "status"], name="stallapp_edition_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "edition"], name="stallapp_one_per_vendor_and_edition"
            ),
            # The backstop of stall_assign's row lock: two approved applications never share
            # one stall, whatever the admin or a race does.
            models.UniqueConstraint(
                fields=["stall"],
                condition=Q(status="approved", stall__isnull=False),
                name="stallapp_one_approved_per_stall",
            ),
            models.CheckConstraint(
                condition=Q(stall__isnull=True) | Q(status="approved"),
                name="stallapp_only_approved_hold_a_stall",
            ),
            models.CheckConstraint(
                condition=Q(food_handlers__gte=1, food_handlers__lte=MAX_FOOD_HANDLERS),
                name="stallapp_food_handlers_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} · {self.edition.year}"

    @property
    def categories(self) -> list[str]:
        return [category for category in Category.values if getattr(self, f"sells_{category}")]

    def get_categories_display(self) -> list[str]:
        labels = dict(Category.choices)
        return [str(labels[category]) for category in self.categories]

    @property
    def required_zones(self) -> set[str]:
        """Zones where this application may be placed: liquor and food have their own zones;
        clothing goes to the clothing zone or the general one; anything else to general."""
        if self.sells_liquor:
            return {Stall.Zone.LIQUOR}
        if self.sells_food:
            return {Stall.Zone.FOOD}
        if self.sells_clothing:
            return {Stall.Zone.CLOTHING, Stall.Zone.GENERAL}
        return {Stall.Zone.GENERAL}

    def clean(self) -> None:
        if not self.categories:
            raise ValidationError(_("Choose at least one category of goods."), code="no_category")


class Permit(models.Model):
    """A document Korean law asks of a vendor, with its private scan and an organiser's check."""

    class Kind(models.TextChoices):
        FOOD_REPORT = "food_report", _("Temporary food business report (한시적 영업신고)")
        LIQUOR_LICENCE = "liquor_licence", _("Liquor sales licence (주류판매면허)")
        IMPORT_APPROVAL = (
            "import_approval",
            _("Import approval for goods made in the North (반입승인)"),
        )
        HEALTH_CERTIFICATE = "health_certificate", _("Health certificate (보건증)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", pgettext_lazy("permit status", "Rejected")

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="permits", verbose_name=_("vendor")
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=60)
    expires_on = models.DateField(_("expires on"))
    scan = models.FileField(
        _("scan (PDF or image)"), upload_to="permits/%Y/", storage=private_storage, max_length=200
    )
    scan_content_type = models.CharField(
        _("scan file type"), max_length=40, editable=False, blank=True
    )
    status = models.CharField(
        _("verification"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    organiser_note = models.TextField(_("organisers' note"), blank=True, editable=False)
    verified_at = models.DateTimeField(_("checked at"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("checked by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("permit")
        verbose_name_plural = _("permits")
        ordering = ["vendor", "kind", "-expires_on"]
        permissions = [("view_permit_private", _("Can see permit numbers and scans"))]
        indexes = [
            models.Index(fields=["vendor", "kind", "status"], name="permit_vendor_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def is_expired(self, *, on: dt.date) -> bool:
        return self.expires_on < on

    def effective_status(self, *, on: dt.date) -> str:
        """``expired`` for a permit past its date, whatever an organiser once decided."""
        return "expired" if self.is_expired(on=on) else self.status


class Stall(models.Model):
    """A numbered pitch in a market stage of an edition."""

    class Zone(models.TextChoices):
        FOOD = "food", _("Food")
        LIQUOR = "liquor", _("Liquor")
        CLOTHING = "clothing", _("Clothing")
        GENERAL = "general", _("General")

    stage = models.ForeignKey(
        "events.Stage",
        on_delete=models.CASCADE,
        related_name="stalls",
        verbose_name=_("market area"),
        limit_choices_to={"kind": "market"},
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(MAX_STALL_NUMBER)]
    )
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices, default=Zone.GENERAL)
    size = models.CharField(
        _("size"), max_length=10, choices=StallSize.choices, default=StallSize.STANDARD
    )
    has_power = models.BooleanField(_("electricity"), default=False)
    has_water = models.BooleanField(_("water"), default=False)
    setup_at = models.TimeField(
        _("setup from"), default=dt.time(8, 0), help_text=_("On the day, Seoul time.")
    )

    class Meta:
        verbose_name = _("stall")
        verbose_name_plural = _("stalls")
        ordering = ["stage", "number"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "number"], name="stall_number_per_stage"),
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=MAX_STALL_NUMBER),
                name="stall_number_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}"

    def clean(self) -> None:
        if self.stage_id and self.stage.kind != "market":
            raise ValidationError({"stage": _("Stalls belong in a market area.")})

    def mismatches(self, application: StallApplication) -> list[str]:
        """Why ``application`` does not fit this stall (empty when it fits)."""
        problems = []
        if self.stage.edition_id != application.edition_id:
            problems.append(_("The stall belongs to another edition."))
        if self.zone not in application.required_zones:
            problems.append(
                _("The stall is in the %(zone)s zone, which does not suit these goods.")
                % {"zone": self.get_zone_display()}
            )
        if STALL_SIZE_RANK[self.size] < STALL_SIZE_RANK[application.stall_size]:
            problems.append(_("The stall is smaller than the size asked for."))
        if application.needs_power and not self.has_power:
            problems.append(_("The stall has no electricity."))
        if application.needs_water and not self.has_water:
            problems.append(_("The stall has no water."))
        return problems


# The listings live in their own module; imported here so that Django finds the model.
from participants.market.product_models import Product as Product  # noqa: E402
