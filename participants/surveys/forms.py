"""The answer form, built from a survey's questions. It only shapes the page and the posted
values; what is a valid answer is decided by the service (survey_answers_validate)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participants.surveys.models import RATING_VALUES, SURVEY_TEXT_MAX_LENGTH, SurveyQuestion
from participants.surveys.services import answer_field_name

RATING_LABELS = {
    1: _("1 (very poor)"),
    2: "2",
    3: "3",
    4: "4",
    5: _("5 (very good)"),
}


class SurveyAnswerForm(forms.Form):
    def __init__(self, *args, questions: list[SurveyQuestion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for question in questions:
            name = answer_field_name(question)
            common = {"label": question.text, "required": False}
            if question.kind == SurveyQuestion.Kind.RATING:
                field = forms.TypedChoiceField(
                    choices=[(value, RATING_LABELS[value]) for value in RATING_VALUES],
                    coerce=int,
                    widget=forms.RadioSelect,
                    **common,
                )
            elif question.kind == SurveyQuestion.Kind.TEXT:
                # No maxlength attribute: the browser would cut a pasted text silently; the
                # service refuses a longer one with a message instead.
                field = forms.CharField(
                    widget=forms.Textarea(attrs={"rows": 4}),
                    help_text=_("Up to %(limit)d characters.") % {"limit": SURVEY_TEXT_MAX_LENGTH},
                    strip=True,
                    **common,
                )
            else:
                choices = [(str(choice.pk), choice.text) for choice in question.choices.all()]
                if question.kind == SurveyQuestion.Kind.SINGLE:
                    field = forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
                else:
                    field = forms.MultipleChoiceField(
                        choices=choices, widget=forms.CheckboxSelectMultiple, **common
                    )
            field.required_answer = question.required
            self.fields[name] = field

    def answers(self) -> dict:
        """The posted values as the service takes them (call after is_valid)."""
        return dict(self.cleaned_data)
