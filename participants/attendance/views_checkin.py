"""The door: staff with the check-in permission type or scan a ticket code."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.models import Edition
from participants.forms_attendees import CheckInForm
from participants.selectors.attendees import edition_current, seat_counts
from participants.services.rsvps import rsvp_check_in

CHECKIN_PERMISSION = "participants.checkin_rsvp"


def _edition(request: HttpRequest) -> Edition | None:
    year = request.GET.get("year", "")
    if year.isdigit():
        return Edition.objects.filter(year=int(year)).first() or edition_current()
    return edition_current()


@never_cache
@login_required
@permission_required(CHECKIN_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    result = None
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = rsvp_check_in(code=form.cleaned_data["code"], by=request.user)
        form = CheckInForm()  # an empty field, ready for the next person
    edition = result.rsvp.edition if result and result.rsvp else _edition(request)
    return render(
        request,
        "participants/attendees/checkin.html",
        {
            "form": form,
            "result": result,
            "edition": edition,
            "counts": seat_counts(edition=edition) if edition else [],
        },
        status=404 if result and result.outcome == "unknown" else 200,
    )


@never_cache
@login_required
@permission_required(CHECKIN_PERMISSION, raise_exception=True)
def checkin_counts(request: HttpRequest) -> JsonResponse:
    """Live counts for the door page (polled by its script)."""
    edition = _edition(request)
    counts = seat_counts(edition=edition) if edition else []
    return JsonResponse(
        {
            "edition": edition.year if edition else None,
            "counts": [
                {
                    "item": count.item.pk if count.item else None,
                    "label": count.label,
                    "capacity": count.capacity,
                    "confirmed": count.confirmed,
                    "checked_in": count.checked_in,
                    "waitlisted": count.waitlisted,
                }
                for count in counts
            ],
        }
    )
