"""Attendee pages (reserve a seat, my tickets, the ticket, cancelling) and the door (check-in)."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from events.models import Edition, ProgramItem
from events.selectors import edition_current
from participants.attendance.forms import CheckInForm, RsvpForm
from participants.attendance.links import rsvp_calendar, rsvp_cancel_token_valid
from participants.attendance.selectors import (
    rsvp_get_for_user,
    rsvp_list_for_user,
    seat_counts,
)
from participants.attendance.services import (
    rsvp_cancel,
    rsvp_check_in,
    rsvp_create,
    rsvp_duplicate_error,
    rsvp_target_validate,
    rsvp_waitlist_position,
)
from participants.models import Rsvp
from participants.tributes.selectors import tribute_list_for_user

CHECKIN_PERMISSION = "participants.checkin_rsvp"


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "participants/attendees/message.html", {"message": message}, status=404)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def rsvp(request: HttpRequest) -> HttpResponse:
    """Reserve seats for the current edition's day or, with ``?item=<id>``, for one item."""
    item = None
    raw_item = request.GET.get("item", "")
    if raw_item:
        if not raw_item.isdigit():
            return _not_found(request, _("There is no such programme item."))
        item = (
            ProgramItem.objects.published()
            .select_related("edition", "stage")
            .filter(pk=int(raw_item))
            .first()
        )
        if item is None:
            return _not_found(request, _("There is no such programme item."))
        edition = item.edition
        try:
            rsvp_target_validate(edition=edition, item=item)
        except ValidationError as error:
            return _not_found(request, " ".join(error.messages))
    else:
        edition = edition_current()
        if edition is None:
            return _not_found(request, _("No edition is open for registration yet."))
    existing = (
        Rsvp.objects.filter(
            user=request.user, edition=edition, item=item, status__in=Rsvp.ACTIVE_STATUSES
        )
        .select_related("edition", "item")
        .first()
    )
    is_open = edition.registration_is_open()
    form = RsvpForm(request.POST or None, edition=edition)
    # Whether a second booking is refused is decided (and worded) by the service alone.
    if request.method == "POST" and form.is_valid():
        try:
            booking = rsvp_create(
                user=request.user, edition=edition, item=item, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if booking.status == Rsvp.Status.CONFIRMED:
                messages.success(request, _("Your seat is confirmed. Here is your ticket."))
                return redirect("participants:ticket", pk=booking.pk)
            messages.info(
                request,
                _("The seats are all taken: you are number %(position)s on the waiting list.")
                % {"position": rsvp_waitlist_position(rsvp=booking)},
            )
            return redirect("participants:me")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "participants/attendees/rsvp.html",
        {
            "edition": edition,
            "item": item,
            "form": form,
            "existing": existing,
            "existing_message": " ".join(rsvp_duplicate_error().messages) if existing else "",
            "registration_open": is_open,
        },
        status=status,
    )


@never_cache
@login_required
def me(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participants/attendees/me.html",
        {
            "rsvps": rsvp_list_for_user(user=request.user),
            "tributes": tribute_list_for_user(user=request.user),
        },
    )


def _own_rsvp(request: HttpRequest, pk: int) -> Rsvp:
    try:
        return rsvp_get_for_user(user=request.user, pk=pk)
    except Rsvp.DoesNotExist as error:
        raise Http404 from error


def _place(rsvp: Rsvp) -> str:
    venue = rsvp.edition.venue
    if rsvp.item_id:
        return f"{rsvp.item.stage.name}, {venue}"
    return ", ".join(part for part in (venue, rsvp.edition.address) if part)


@never_cache
@login_required
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_rsvp(request, pk)
    if not booking.is_seated:
        messages.info(request, _("This booking has no ticket: it is not confirmed."))
        return redirect("participants:me")
    qr = segno.make(booking.ticket_code, error="m")
    return render(
        request,
        "participants/attendees/ticket.html",
        {
            "rsvp": booking,
            "qr_svg": qr.svg_inline(scale=6, border=2, omitsize=True, title=_("Ticket QR code")),
            "place": _place(booking),
        },
    )


@never_cache
@login_required
def ticket_ics(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_rsvp(request, pk)
    if not booking.is_seated:
        raise Http404
    response = HttpResponse(
        rsvp_calendar(rsvp=booking), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="ticket-{booking.pk}.ics"'
    return response


def _cancel_message(booking: Rsvp, was_status: str) -> str:
    if was_status == Rsvp.Status.WAITLISTED:
        return _("You have left the waiting list.")
    return _("Your booking is cancelled and your seats are free for others.")


@login_required
@require_POST
def rsvp_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_rsvp(request, pk)
    was = booking.status
    try:
        rsvp_cancel(rsvp=booking)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if was != Rsvp.Status.CANCELLED:
            messages.success(request, _cancel_message(booking, was))
    return redirect("participants:me")


@never_cache
@require_http_methods(["GET", "POST"])
def rsvp_cancel_signed(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Cancel from an email link: no login, a signed token bound to this RSVP and its ticket
    code. GET only asks; POST cancels (mail scanners that follow links cancel nothing)."""
    booking = Rsvp.objects.select_related("edition", "item").filter(pk=pk).first()
    if booking is None or not rsvp_cancel_token_valid(rsvp=booking, token=token):
        return render(
            request,
            "participants/attendees/message.html",
            {
                "title": _("This link does not work"),
                "message": _(
                    "This cancellation link is invalid or has expired. Sign in and cancel from "
                    "“My tickets” instead."
                ),
            },
            status=400,
        )
    done = booking.status == Rsvp.Status.CANCELLED
    if request.method == "POST" and not done:
        was = booking.status
        try:
            rsvp_cancel(rsvp=booking)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _cancel_message(booking, was))
            done = True
    return render(
        request,
        "participants/attendees/cancel_signed.html",
        {"rsvp": booking, "done": done, "place": _place(booking)},
    )


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
