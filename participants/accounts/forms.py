from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from events.common.names import PublicNameFormField
from participants.accounts.models import Language


class SignupExtraForm(forms.Form):
    """Fields allauth adds to its sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    name = PublicNameFormField(
        label=_("Name"),
        max_length=120,
        help_text=_(
            "As you want it on your ticket. Shown only to you and to the organisers, for "
            "example at check-in. Never public."
        ),
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
        if not user.has_usable_password():
            # Signs in with emailed codes: being signed in is the proof; the box still asks.
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
