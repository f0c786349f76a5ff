"""One-click unsubscribe from optional reminders (RFC 8058)."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from participants.outbox.services import (
    reminder_from_unsubscribe_token,
    reminder_unsubscribe,
)


# Mail providers POST "List-Unsubscribe=One-Click" to this URL with no cookie or CSRF token;
# the signed token is the authority. GET only shows a button, so that link scanners that fetch
# every URL in a message do not unsubscribe anyone.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            opt_out = reminder_unsubscribe(token=token)
            return render(
                request,
                "participants/reminders/unsubscribe_done.html",
                {"kind": opt_out.get_kind_display()},
            )
        reminder = reminder_from_unsubscribe_token(token=token)
    except ValidationError as error:
        return render(
            request,
            "participants/reminders/unsubscribe_invalid.html",
            {"error": error.messages[0]},
            status=400,
        )
    return render(
        request,
        "participants/reminders/unsubscribe.html",
        {"kind": reminder.get_kind_display(), "token": token},
    )
