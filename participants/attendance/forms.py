"""Forms of the attendees part: sign-up extras, RSVP, check-in, account deletion, guest import."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.common.bad_input import validate_single_line
from events.common.imports import validate_import_size
from events.models import Edition, ProgramItem


class RsvpForm(forms.Form):
    """What an attendee asks for; whether it may be booked (party size, seats, a second booking)
    is decided and worded by participants.attendance.services, whose errors the view shows."""

    party_size = forms.IntegerField(
        label=_("Number of people"),
        initial=1,
        help_text=_("Yourself plus any guests."),
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
        self.fields["party_size"].widget.attrs.update(
            {"min": 1, "max": edition.max_party_size, "inputmode": "numeric"}
        )


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket code"),
        max_length=300,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "checkin-code",
            }
        ),
        help_text=_("8 characters, e.g. ABCD-EFGH. Any case; spaces and dashes are ignored."),
    )
    people = forms.IntegerField(
        label=_("How many came in"),
        min_value=1,
        max_value=99,
        required=False,
        help_text=_("Leave blank for the whole party."),
    )
    at = forms.DateTimeField(
        label=_("Came in at (from a paper list)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Only when entering check-ins written on paper: the real time."),
    )
    override_reason = forms.CharField(
        label=_("Admit anyway, because"),
        max_length=300,
        required=False,
        help_text=_("Organisers only: admits a ticket of another day, with this reason."),
    )


class AdmitForm(forms.Form):
    """A party found by search: admit some or all of it."""

    rsvp = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    people = forms.IntegerField(label=_("How many came in"), min_value=1, max_value=99)
    override_reason = forms.CharField(
        label=_("Admit anyway, because"), max_length=300, required=False
    )


class DoorSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, email or last 4 digits of the phone"),
        max_length=10000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )


class UndoForm(forms.Form):
    rsvp = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    people = forms.IntegerField(label=_("How many to undo"), min_value=1, max_value=99)
    reason = forms.CharField(label=_("Why"), max_length=300)


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120, validators=[validate_single_line])
    party_size = forms.IntegerField(
        label=_("Number of people"), min_value=1, max_value=99, initial=1
    )
    item = forms.ModelChoiceField(
        label=_("Programme item"),
        queryset=ProgramItem.objects.none(),
        required=False,
        # Not "---------": the empty choice is the day itself, and says so.
        empty_label=_("The day (site)"),
    )

    def __init__(self, *args, edition: Edition | None = None, **kwargs):
        # No colon after labels, as the door page's other forms.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if edition is not None:
            self.fields["item"].queryset = ProgramItem.objects.filter(
                edition=edition, capacity__isnull=False, is_published=True
            ).order_by("starts_at")


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
        validators=[validate_import_size],
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
