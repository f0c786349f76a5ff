"""Bulk actions with an organiser's note, shared by the applications and permits admins."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class NoteActionForm(ActionForm):
    note = forms.CharField(
        label=_("Note to the vendor"),
        required=False,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("Sent with the decision, in the vendor's language as written."),
    )


def _run_for_each(modeladmin, request, queryset, service, success: str) -> None:
    """Call ``service`` for each selected row; report successes and each refusal."""
    note = request.POST.get("note", "")
    done = 0
    for obj in queryset:
        try:
            service(obj, request.user, note)
        except ValidationError as error:
            modeladmin.message_user(
                request, f"{obj}: {' '.join(error.messages)}", level=messages.ERROR
            )
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success % {"count": done}, level=messages.SUCCESS)


def _decision_action(service, description, success):
    """An admin action that applies one decision service, with the note, to each selection."""

    def action(modeladmin, request: HttpRequest, queryset) -> None:
        _run_for_each(
            modeladmin,
            request,
            queryset,
            lambda application, by, note: service(application=application, by=by, note=note),
            str(success),
        )

    action.__name__ = service.__name__
    return admin.action(description=description, permissions=["change"])(action)
