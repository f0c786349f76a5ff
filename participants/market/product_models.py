"""A vendor's product listing (split from ``participants.market.models``, which re-exports it)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participants.market.models import MAX_PRICE_WON, Category, Vendor, private_storage


class Product(models.Model):
    """A vendor's listing. Liquor is shown only while the vendor holds a valid liquor licence."""

    class Provenance(models.TextChoices):
        NORTH_IMPORTED = "north_imported", _("Made in the North and imported")
        NORTH_STYLE = "north_style", _("North Korean style, made in the South")
        OTHER = "other", _("Other")

    vendor = models.ForeignKey(
        Vendor, on_delete=models.CASCADE, related_name="products", verbose_name=_("vendor")
    )
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=10, choices=Category.choices)
    price_won = models.PositiveIntegerField(
        _("price (won)"), validators=[MaxValueValidator(MAX_PRICE_WON)]
    )
    # Private files: a vendor not yet approved and listed (perhaps a defector deciding whether to
    # trade in public) is not shown anywhere, so their photos reach the public only through
    # participants.market.views.product_photo, which asks product_photo_public first.
    photo = models.ImageField(
        _("photo"), upload_to="products/%Y/", storage=private_storage, blank=True, max_length=200
    )
    thumbnail = models.ImageField(
        _("thumbnail"),
        upload_to="products/%Y/",
        storage=private_storage,
        blank=True,
        editable=False,
        max_length=200,
    )
    is_available = models.BooleanField(_("available"), default=True)
    provenance = models.CharField(
        _("provenance"), max_length=16, choices=Provenance.choices, default=Provenance.OTHER
    )
    allergens = models.CharField(_("allergens"), max_length=200, blank=True)
    alcohol_percent = models.DecimalField(
        _("alcohol content (%)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["vendor", "category", "name", "id"]
        indexes = [
            models.Index(fields=["vendor", "category"], name="product_vendor_category_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(price_won__gte=0), name="product_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(price_won__lte=MAX_PRICE_WON), name="product_price_at_most_max"
            ),
            models.CheckConstraint(
                condition=Q(alcohol_percent__isnull=True)
                | Q(alcohol_percent__gte=0, alcohol_percent__lte=100),
                name="product_alcohol_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(category="liquor") | Q(alcohol_percent__isnull=True),
                name="product_alcohol_only_for_liquor",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.category == Category.LIQUOR and self.alcohol_percent is None:
            errors["alcohol_percent"] = _("Give the alcohol content of a liquor product.")
        if self.category != Category.LIQUOR and self.alcohol_percent is not None:
            errors["alcohol_percent"] = _(
                "Only liquor has an alcohol content. Choose the category “Liquor” or leave "
                "the alcohol content empty."
            )
        # Korean is the site's first language: English allergens alone would leave Korean
        # readers with a translation, or with nothing where the fallback is off.
        if (self.allergens_en or "").strip() and not (self.allergens_ko or "").strip():
            errors["allergens_ko"] = _("Give the allergens in Korean as well.")
        if errors:
            raise ValidationError(errors)

    def photo_url(self, size: str) -> str:
        """The address of the photo (``photo``) or its thumbnail (``thumb``), by id."""
        return reverse("participants:product_photo", kwargs={"pk": self.pk, "size": size})

    @property
    def thumbnail_url(self) -> str:
        return self.photo_url("thumb") if self.thumbnail else ""
