import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.common.names import PublicNameField
from events.common.storage import PrivateMediaStorage
from events.privacy import Visibility, public_name
from events.provinces import Province

OBJECT_NUMBER_PATTERN = r"^DD-20[0-9]{2}-[0-9]{3}$"
object_number_validator = RegexValidator(
    OBJECT_NUMBER_PATTERN,
    message=_("An object number looks like DD-2024-017: DD, the year, and three digits."),
    code="object_number_format",
)


def year_not_in_future(value: int) -> None:
    if value is not None and value > timezone.localdate().year:
        raise ValidationError(
            _("The year it left the North (%(year)s) cannot be in the future."),
            code="year_in_future",
            params={"year": value},
        )


exhibit_image_storage = PrivateMediaStorage("exhibits")


class Category(models.TextChoices):
    DOCUMENTS = "documents", _("Documents")
    PHOTOGRAPHS = "photographs", _("Photographs")
    CLOTHING = "clothing", _("Clothing")
    HOUSEHOLD = "household", _("Household objects")
    CURRENCY = "currency", _("Currency and stamps")
    BOOKS = "books", _("Books and printed matter")
    TOOLS = "tools", _("Tools")
    OTHER = "other", _("Other")


class Condition(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair")
    POOR = "poor", _("Poor (handle with care)")


class ConsentUse(models.TextChoices):
    WEB = "web", _("Web catalogue")
    LABEL = "label", _("Printed label")
    PRESS = "press", _("Press")


class Lender(models.Model):
    """Who lent or gave an object. Only the credit line ever leaves the admin."""

    display_name = PublicNameField(
        _("display name"),
        max_length=120,
        blank=True,
        help_text=_("The name shown in credit lines: a real name or a pseudonym, as chosen."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.ANONYMOUS
    )
    # Per-use consent to be credited by name: each use has its own flag and the date it was
    # last given or withdrawn. Without consent for a use, that use shows "Anonymous lender".
    consent_web = models.BooleanField(_("consents to the web catalogue"), default=False)
    consent_web_on = models.DateField(_("web consent date"), null=True, blank=True)
    consent_label = models.BooleanField(_("consents to printed labels"), default=False)
    consent_label_on = models.DateField(_("label consent date"), null=True, blank=True)
    consent_press = models.BooleanField(_("consents to press use"), default=False)
    consent_press_on = models.DateField(_("press consent date"), null=True, blank=True)
    # Private: shown only to users with exhibits.view_lender_private; never in pages or exports.
    legal_name = models.CharField(_("legal name (private)"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email (private)"), blank=True)
    contact_phone = models.CharField(_("contact phone (private)"), max_length=40, blank=True)
    private_notes = models.TextField(_("notes (private)"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("lender")
        verbose_name_plural = _("lenders")
        ordering = ["display_name", "id"]
        permissions = [
            ("view_lender_private", _("Can see lenders' legal names and contacts")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_web=False) | Q(consent_web_on__isnull=False),
                name="lender_web_consent_dated",
            ),
            models.CheckConstraint(
                condition=Q(consent_label=False) | Q(consent_label_on__isnull=False),
                name="lender_label_consent_dated",
            ),
            models.CheckConstraint(
                condition=Q(consent_press=False) | Q(consent_press_on__isnull=False),
                name="lender_press_consent_dated",
            ),
        ]

    def __str__(self) -> str:
        # Used in admin drop-downs: the public name, never the legal one.
        return f"{self.credit_line()} (#{self.pk})" if self.pk else self.credit_line()

    def clean(self) -> None:
        errors = {}
        for use in ConsentUse.values:
            if getattr(self, f"consent_{use}") and not getattr(self, f"consent_{use}_on"):
                errors[f"consent_{use}_on"] = _("Give the date the consent was recorded.")
        if self.visibility != Visibility.ANONYMOUS and not self.display_name.strip():
            errors["display_name"] = _("A named or pseudonymous lender needs a display name.")
        if errors:
            raise ValidationError(errors)

    def has_consent(self, use: str) -> bool:
        return bool(getattr(self, f"consent_{use}"))

    def credit_line(self, use: str | None = None) -> str:
        """The lender as the public may see them for ``use`` (web, label, press).

        Without consent for that use the name is withheld: "Anonymous lender".
        """
        anonymous = gettext("Anonymous lender")
        if use is not None and not self.has_consent(use):
            return anonymous
        return public_name(self, anonymous_label=anonymous)


class ExhibitQuerySet(models.QuerySet):
    def published(self) -> "ExhibitQuerySet":
        return self.filter(is_published=True)


class Exhibit(models.Model):
    """One object brought from the North (Spectrum: number, name, description, owner, recorder)."""

    object_number = models.CharField(
        _("object number"),
        max_length=11,
        unique=True,
        validators=[object_number_validator],
        help_text=_("Fixed format: DD-2024-017."),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    story = models.TextField(_("the lender's story"), blank=True)
    label_text = models.CharField(
        _("label text"),
        max_length=400,
        blank=True,
        help_text=_("A short text for the printed label; the description is used when empty."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    materials = models.CharField(_("materials"), max_length=200, blank=True)
    dimensions = models.CharField(
        _("dimensions"),
        max_length=100,
        blank=True,
        help_text=_("For example 21 × 15 cm."),  # noqa: RUF001
    )
    period_made = models.CharField(
        _("period made"), max_length=100, blank=True, help_text=_("For example 1990s.")
    )
    province = models.CharField(
        _("province of origin"), max_length=20, choices=Province.choices, blank=True
    )
    # Stored as given for the curators, never shown in public finer than the province.
    place_of_origin = models.CharField(
        _("place of origin (private)"),
        max_length=200,
        blank=True,
        help_text=_("As the lender gave it. The public sees only the province."),
    )
    year_left = models.PositiveSmallIntegerField(
        _("year it left the North"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1945), year_not_in_future],
    )
    lender = models.ForeignKey(
        Lender,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="exhibits",
        verbose_name=_("lender"),
    )
    condition = models.CharField(
        _("condition"), max_length=10, choices=Condition.choices, default=Condition.GOOD
    )
    condition_note = models.CharField(_("condition note"), max_length=300, blank=True)
    loan_received_on = models.DateField(_("loan received on"), null=True, blank=True)
    loan_due_back_on = models.DateField(_("loan due back on"), null=True, blank=True)
    loan_returned_on = models.DateField(_("loan returned on"), null=True, blank=True)
    loan_agreement_signed = models.BooleanField(_("loan agreement signed"), default=False)
    is_published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("published by"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Lower-cased text of both languages, kept in step by save(). One trigram (GIN) index on
    # PostgreSQL serves Korean and English substring search: Korean has no stemmer, so a word
    # must be found inside a longer word.
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    objects = ExhibitQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibit")
        verbose_name_plural = _("exhibits")
        ordering = ["object_number"]
        permissions = [
            ("publish_exhibit", _("Can publish and unpublish exhibits")),
            ("export_exhibit", _("Can export exhibits")),
        ]
        indexes = [
            models.Index(fields=["is_published", "object_number"], name="exhibit_published_idx"),
            models.Index(fields=["category"], name="exhibit_category_idx"),
            models.Index(fields=["province"], name="exhibit_province_idx"),
            models.Index(fields=["year_left"], name="exhibit_year_left_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(loan_due_back_on__isnull=True)
                | Q(loan_received_on__isnull=True)
                | Q(loan_due_back_on__gte=models.F("loan_received_on")),
                name="exhibit_loan_due_after_received",
            ),
            models.CheckConstraint(
                condition=Q(loan_returned_on__isnull=True)
                | Q(loan_received_on__isnull=True)
                | Q(loan_returned_on__gte=models.F("loan_received_on")),
                name="exhibit_loan_returned_after_received",
            ),
            models.CheckConstraint(
                condition=Q(is_published=False) | Q(published_at__isnull=False),
                name="exhibit_publication_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_number} {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("exhibits:detail", kwargs={"object_number": self.object_number})

    def clean(self) -> None:
        errors = {}
        received, due, returned = (
            self.loan_received_on,
            self.loan_due_back_on,
            self.loan_returned_on,
        )
        if received and due and due < received:
            errors["loan_due_back_on"] = _("The loan cannot be due back before it was received.")
        if received and returned and returned < received:
            errors["loan_returned_on"] = _("The loan cannot be returned before it was received.")
        if errors:
            raise ValidationError(errors)

    def build_search_text(self) -> str:
        parts = []
        for field in ("title", "description", "story", "label_text", "materials", "period_made"):
            for language in ("ko", "en"):
                parts.append(getattr(self, f"{field}_{language}", "") or "")
        parts.append(self.object_number)
        # Visitors also search by place and kind ("함경", "ration"): the choice labels, both ways.
        for language in ("ko", "en"):
            with translation.override(language):
                parts.append(str(self.get_province_display()) if self.province else "")
                parts.append(str(self.get_category_display()) if self.category else "")
        return "\n".join(part for part in parts if part).lower()

    def credit_line(self, use: str = ConsentUse.WEB) -> str:
        if self.lender is None:
            return gettext("Anonymous lender")
        return self.lender.credit_line(use)

    @property
    def web_credit_line(self) -> str:
        return self.credit_line(ConsentUse.WEB)

    @property
    def label_credit_line(self) -> str:
        return self.credit_line(ConsentUse.LABEL)

    def short_text_in(self, language: str, *, limit: int = 200) -> str:
        """The label text in one language (the description when there is none), cut to fit."""
        text = getattr(self, f"label_text_{language}") or getattr(self, f"description_{language}")
        text = text or ""
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    @property
    def short_text_ko(self) -> str:
        return self.short_text_in("ko")

    @property
    def short_text_en(self) -> str:
        return self.short_text_in("en")


def _image_path(instance: "ExhibitImage", filename: str) -> str:
    # Random names: an image's file name says nothing about the object or the lender.
    return f"{timezone.localdate():%Y/%m}/{os.urandom(12).hex()}{os.path.splitext(filename)[1]}"


# An image the public may see: not flagged, or cleared by a second organiser, and described in
# both languages (an image added after publication stays hidden until it has its alt texts).
PUBLIC_IMAGE = (
    (Q(shows_identifying=False) | Q(cleared_at__isnull=False))
    & ~Q(alt_text_ko="")
    & ~Q(alt_text_en="")
)


class ExhibitImageQuerySet(models.QuerySet):
    def public(self) -> "ExhibitImageQuerySet":
        """Images the public may see, of published exhibits."""
        return self.filter(PUBLIC_IMAGE, exhibit__is_published=True)


class ExhibitImage(models.Model):
    exhibit = models.ForeignKey(
        Exhibit, on_delete=models.CASCADE, related_name="images", verbose_name=_("exhibit")
    )
    # The sanitised original (metadata stripped) and its renditions, all in private storage;
    # the public gets the renditions through a view that checks publication and clearance.
    original = models.FileField(
        _("image"), upload_to=_image_path, storage=exhibit_image_storage, editable=False
    )
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=_image_path, storage=exhibit_image_storage, editable=False
    )
    display = models.FileField(
        _("display size"), upload_to=_image_path, storage=exhibit_image_storage, editable=False
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it. Required to publish."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    shows_identifying = models.BooleanField(
        _("shows faces or identifying documents"),
        default=False,
        help_text=_("Hidden from the public until a second organiser clears it."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now, editable=False)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("cleared by"),
    )
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True, editable=False)

    objects = ExhibitImageQuerySet.as_manager()

    class Meta:
        verbose_name = _("exhibit image")
        verbose_name_plural = _("exhibit images")
        ordering = ["exhibit", "order", "id"]
        permissions = [
            ("clear_exhibitimage", _("Can clear images that show faces or documents")),
        ]

    def __str__(self) -> str:
        return f"{self.exhibit.object_number} #{self.order}"

    @property
    def needs_clearance(self) -> bool:
        return self.shows_identifying and self.cleared_at is None

    @property
    def is_public(self) -> bool:
        return (
            self.exhibit.is_published and not self.needs_clearance and not self.missing_alt_text()
        )

    def missing_alt_text(self) -> list[str]:
        return [lang for lang in ("ko", "en") if not (getattr(self, f"alt_text_{lang}") or "")]

    def rendition_url(self, size: str) -> str:
        return reverse("exhibits:image", kwargs={"pk": self.pk, "size": size})

    @property
    def thumbnail_url(self) -> str:
        return self.rendition_url("thumb")

    @property
    def display_url(self) -> str:
        return self.rendition_url("display")


class Display(models.Model):
    """An exhibit shown at an edition: where in the hall, in which showcase, in what order."""

    exhibit = models.ForeignKey(
        Exhibit, on_delete=models.CASCADE, related_name="displays", verbose_name=_("exhibit")
    )
    edition = models.ForeignKey(
        "events.Edition",
        on_delete=models.CASCADE,
        related_name="displays",
        verbose_name=_("edition"),
    )
    location = models.CharField(_("location in the hall"), max_length=120, blank=True)
    showcase = models.CharField(_("showcase"), max_length=40, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("display")
        verbose_name_plural = _("displays")
        ordering = ["edition", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["exhibit", "edition"], name="display_once_per_edition")
        ]

    def __str__(self) -> str:
        return f"{self.exhibit.object_number} @ {self.edition.year}"
