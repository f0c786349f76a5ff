"""Forms of the vendor area. They validate input; the services in services/vendors.py decide."""

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from events.common.bad_input import megabytes
from participants.market.models import MAX_FOOD_HANDLERS, Category
from participants.market.services import (
    APPLICATION_DETAIL_FIELDS,
    PRODUCT_FIELDS,
    VENDOR_PROFILE_FIELDS,
    product_photo_check,
)
from participants.models import Permit, Product, StallApplication, Vendor

CHECKBOX_TEMPLATE = "includes/_checkbox_field.html"


class CheckboxBesideLabel:
    """Renders every single checkbox of the form with its label beside it (24 px targets), and
    labels without Django's colon, as the site's hand-written forms (sign-up, booking, door)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                field.template_name = CHECKBOX_TEMPLATE


class VendorProfileForm(CheckboxBesideLabel, forms.ModelForm):
    class Meta:
        model = Vendor
        fields = list(VENDOR_PROFILE_FIELDS)
        labels = {
            "display_name_ko": _("Trading name (Korean)"),
            "display_name_en": _("Trading name (English)"),
            "description_ko": _("Description (Korean)"),
            "description_en": _("Description (English)"),
        }
        help_texts = {
            "legal_name": _("Only the organisers see this."),
            "contact_phone": _("Only the organisers see this."),
            "contact_email": _("Only the organisers see this."),
        }
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 4}),
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name_ko"].required = True


class StallApplicationForm(CheckboxBesideLabel, forms.ModelForm):
    # What the stall sells comes first: it decides the questions after it (food handlers).
    field_order = ["categories"]
    categories = forms.MultipleChoiceField(
        label=_("What will you sell?"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one category of goods.")},
    )

    class Meta:
        model = StallApplication
        fields = list(APPLICATION_DETAIL_FIELDS)
        widgets = {
            "note": forms.Textarea(attrs={"rows": 4}),
            "food_handlers": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["categories"] = self.instance.categories
        self.fields["food_handlers"].widget.attrs.update(min=1, max=MAX_FOOD_HANDLERS)
        # Only a food stall needs it; left empty it counts the vendor alone.
        self.fields["food_handlers"].required = False

    def clean_food_handlers(self) -> int:
        return self.cleaned_data.get("food_handlers") or 1

    def _post_clean(self):
        # Mirror the chosen categories onto the model's flags before the model's own clean().
        for category in Category.values:
            setattr(
                self.instance,
                f"sells_{category}",
                category in self.cleaned_data.get("categories", []),
            )
        super()._post_clean()

    def _update_errors(self, errors):
        # The model's "choose a category" is the categories field's own error: show it there,
        # once, not again above the form.
        if hasattr(errors, "error_dict"):
            mine = [
                e for e in errors.error_dict.get(NON_FIELD_ERRORS, []) if e.code == "no_category"
            ]
            if mine:
                rest = [e for e in errors.error_dict[NON_FIELD_ERRORS] if e.code != "no_category"]
                errors.error_dict[NON_FIELD_ERRORS] = rest
                if not rest:
                    del errors.error_dict[NON_FIELD_ERRORS]
                if "categories" not in self._errors:
                    errors.error_dict["categories"] = mine
        super()._update_errors(errors)

    def service_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in APPLICATION_DETAIL_FIELDS}
        for category in Category.values:
            data[f"sells_{category}"] = category in self.cleaned_data["categories"]
        return data


class PermitForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=Permit.Kind.choices)
    number = forms.CharField(label=_("Number"), max_length=60)
    expires_on = forms.DateField(
        label=_("Expires on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    scan = forms.FileField(
        label=_("Scan (PDF or image)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp,image/heic"}
        ),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        limit = megabytes(settings.PERMIT_SCAN_MAX_BYTES)
        self.fields["scan"].help_text = _("PDF, JPEG, PNG, WebP or HEIC, at most %(limit)s MB.") % {
            "limit": limit
        }


class ProductForm(CheckboxBesideLabel, forms.ModelForm):
    price_won = forms.IntegerField(
        label=_("Price (won)"),
        min_value=0,
        max_value=100_000_000,
        error_messages={
            "invalid": _("Enter the price as a whole number of won, for example 5000."),
            "min_value": _("The price cannot be below zero."),
        },
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or HEIC. Location and camera data are removed."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)
        labels = {
            "name_ko": _("Name (Korean)"),
            "name_en": _("Name (English)"),
            "description_ko": _("Description (Korean)"),
            "description_en": _("Description (English)"),
            "allergens_ko": _("Allergens (Korean)"),
            "allergens_en": _("Allergens (English, optional)"),
        }
        help_texts = {
            "allergens_ko": _("For example: 대두, 밀. Leave it empty if there are none."),
            "allergens_en": _(
                "For example: soy, wheat. If you leave it empty, the English page shows the Korean."
            ),
        }
        widgets = {
            "description_ko": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name_ko"].required = True
        if not (self.instance.pk and self.instance.photo):
            del self.fields["remove_photo"]

    def clean_photo(self):
        # Checked now, so that a photo we cannot take is reported with the other errors.
        photo = self.cleaned_data.get("photo")
        if photo:
            product_photo_check(photo)
        return photo

    def ask_for_photo_again(self) -> None:
        """A browser never sends a chosen file twice: after an error, say so on the photo."""
        if self.errors and self.files.get("photo") and "photo" not in self.errors:
            self.add_error(
                "photo",
                _(
                    "Your photo was fine, but the form had other errors: please choose the "
                    "photo again before saving."
                ),
            )

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PRODUCT_FIELDS}
