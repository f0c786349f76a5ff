"""Forms of the remembrance wall: writing (with its preview), consents, reports, moderation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.common.bad_input import validate_single_line
from events.common.names import PublicNameFormField
from events.provinces import Province
from participants.tributes.models import TRIBUTE_MAX_LENGTH, Tribute


class TributeForm(forms.Form):
    text = forms.CharField(
        label=_("Your words"),
        max_length=TRIBUTE_MAX_LENGTH * 2,  # the service counts after cleaning and says so
        widget=forms.Textarea(attrs={"rows": 8, "maxlength": TRIBUTE_MAX_LENGTH}),
        help_text=_("Up to 1,000 characters, in Korean or English."),
    )
    language = forms.ChoiceField(
        label=_("Language you write in"), choices=Tribute.Language.choices, initial="ko"
    )
    addressee = forms.CharField(
        label=_("To whom"),
        max_length=160,
        required=False,
        help_text=_(
            "In words, for example “my mother” or “those who crossed the Tumen”. "
            "Please do not write a person's real name."
        ),
        validators=[validate_single_line],
    )
    signature_kind = forms.ChoiceField(
        label=_("How to sign"),
        choices=Tribute.Signature.choices,
        initial=Tribute.Signature.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    pseudonym = PublicNameFormField(
        label=_("Pseudonym"),
        max_length=80,
        required=False,
        help_text=_("Only if you sign with a pseudonym."),
    )
    province = forms.ChoiceField(
        label=_("Province of origin (optional)"),
        choices=[("", _("Not given")), *Province.choices],
        required=False,
        help_text=_("A province at most: never a town or village."),
    )
    consent_web = forms.BooleanField(label=_("Show it on the web wall"), required=False)
    consent_screen = forms.BooleanField(
        label=_("Show it on the venue screens during the moment of silence"), required=False
    )
    consent_book = forms.BooleanField(
        label=_("Print it in the memorial book of this year"), required=False
    )

    def __init__(self, *args, has_display_name: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_display_name:
            self.fields["signature_kind"].choices = [
                choice
                for choice in Tribute.Signature.choices
                if choice[0] != Tribute.Signature.DISPLAY_NAME
            ]


class ConsentForm(forms.Form):
    consent_web = TributeForm.base_fields["consent_web"]
    consent_screen = TributeForm.base_fields["consent_screen"]
    consent_book = TributeForm.base_fields["consent_book"]


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(),
    )


class ModerationNoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}))
