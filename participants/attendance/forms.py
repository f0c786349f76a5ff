"""Forms of the attendees part: sign-up extras, RSVP, check-in, account deletion, guest import."""

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.models import Edition, ProgramItem
from participants.models.users import Language


class SignupExtraForm(forms.Form):
    """Fields allauth adds to its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        required=False,
        help_text=_("Shown only to organisers, for example at check-in. Never public."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for emails"),
        choices=Language.choices,
        help_text=_("Confirmations, tickets and reminders are sent in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = (translation.get_language() or "ko")[:2]
        self.fields["preferred_language"].initial = active if active in Language.values else "ko"

    def signup(self, request, user) -> None:
        user.name = self.cleaned_data.get("name", "").strip()
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["name", "preferred_language"])


class RsvpForm(forms.Form):
    party_size = forms.IntegerField(
        label=_("Number of people"),
        min_value=1,
        initial=1,
        help_text=_("Yourself plus any guests."),
        error_messages={"min_value": _("A party is at least one person.")},
    )
    needs_wheelchair = forms.BooleanField(label=_("Wheelchair access"), required=False)
    needs_sign_language = forms.BooleanField(
        label=_("Sign language interpretation"), required=False
    )
    other_needs = forms.CharField(
        label=_("Other access needs"),
        max_length=300,
        required=False,
        help_text=_("Seen by the organisers only."),
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["party_size"]
        field.max_value = edition.max_party_size
        field.widget.attrs.update({"max": edition.max_party_size, "inputmode": "numeric"})
        field.validators.append(
            MaxValueValidator(
                edition.max_party_size,
                message=_("You can book at most %(limit_value)s seats (yourself and guests)."),
            )
        )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=300,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and my bookings will be deleted."),
        required=True,
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class GuestImportForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.all())
    item = forms.ModelChoiceField(
        label=_("Programme item"),
        queryset=ProgramItem.objects.filter(capacity__isnull=False).select_related("edition"),
        required=False,
        help_text=_("Leave blank to register the guests for the day itself."),
    )
    file = forms.FileField(
        label=_("Guest list (CSV or XLSX)"),
        help_text=_(
            "Columns: email (required), name, party_size, language (ko or en). "
            "UTF-8 (with or without BOM) and Excel's Korean CSV (CP949) are read."
        ),
    )

    def clean(self):
        data = super().clean()
        edition, item = data.get("edition"), data.get("item")
        if edition and item and item.edition_id != edition.pk:
            self.add_error("item", _("This programme item belongs to another edition."))
        return data
