"""Programme items in other apps' admin forms: the same title recurs every year ("추모식"), so a
choice names its year and start time, newest edition first."""

from django import forms
from django.db.models import QuerySet

from events.common.formatting import local_time
from events.models import ProgramItem


def program_item_choice_label(item: ProgramItem) -> str:
    return f"{item.edition.year} · {local_time(item.starts_at)} {item.title}"


def program_item_choices() -> QuerySet[ProgramItem]:
    return ProgramItem.objects.select_related("edition").order_by(
        "-edition__year", "starts_at", "pk"
    )


def program_item_field(field: forms.ModelChoiceField) -> forms.ModelChoiceField:
    """Give a ModelChoiceField of items the labelled, ordered choices."""
    field.queryset = program_item_choices()
    field.label_from_instance = program_item_choice_label
    return field
