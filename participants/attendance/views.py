"""Attendee pages: reserve a seat, my tickets, the ticket (signed in, or by its signed link
with no sign-in), cancelling with a confirmation, and answering a waiting-list offer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.common.formatting import local_date, local_datetime, local_time_range
from events.models import ProgramItem
from events.selectors import edition_current
from participants.attendance.forms import RsvpForm
from participants.attendance.links import (
    offer_token_valid,
    rsvp_calendar,
    rsvp_cancel_token_valid,
    rsvp_cancel_url,
    ticket_token_valid,
    ticket_url_path,
)
from participants.attendance.selectors import (
    rsvp_get_for_user,
    rsvp_list_for_user,
    seats_free,
)
from participants.attendance.services import (
    rsvp_cancel,
    rsvp_create,
    rsvp_duplicate_error,
    rsvp_target_validate,
    waitlist_offer_accept,
    waitlist_offer_decline,
)
from participants.attendance.tickets import ticket_pdf, ticket_qr_svg
from participants.models import Rsvp, WaitlistOffer
from participants.tributes.selectors import tribute_list_for_user


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
            # The page it leads to shows the place in the queue: no second count for the message.
            messages.info(
                request,
                _(
                    "The seats are all taken: you are on the waiting list. "
                    "Your place is shown below."
                ),
            )
            return redirect("participants:me")
    existing = (
        Rsvp.objects.filter(
            user=request.user, edition=edition, item=item, status__in=Rsvp.ACTIVE_STATUSES
        )
        .select_related("edition", "item")
        .first()
    )
    is_open = edition.registration_is_open()
    free = seats_free(edition=edition, item=item)
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
            "seats_free": free,
            "is_full": free is not None and free <= 0,
            "when": _when(edition=edition, item=item),
        },
        status=status,
    )


def _when(*, edition, item) -> str:
    if item is not None:
        return local_time_range(item.starts_at, item.ends_at)
    return local_date(edition.date)


@never_cache
@login_required
def me(request: HttpRequest) -> HttpResponse:
    """Every booking of the signed-in person: what is coming, then what is past (no cancel)."""
    now = timezone.now()
    rsvps = rsvp_list_for_user(user=request.user)
    for booking in rsvps:
        booking.when = _when(edition=booking.edition, item=booking.item)
    upcoming = [r for r in rsvps if r.ends_at > now]
    past = [r for r in rsvps if r.ends_at <= now]
    return render(
        request,
        "participants/attendees/me.html",
        {
            "upcoming": upcoming,
            "past": past,
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


def _ticket_page(request: HttpRequest, booking: Rsvp, *, cancel_url: str, pdf_url: str):
    return render(
        request,
        "participants/attendees/ticket.html",
        {
            "rsvp": booking,
            "qr_svg": ticket_qr_svg(booking, title=_("Ticket QR code")),
            "place": _place(booking),
            "when": _when(edition=booking.edition, item=booking.item),
            "cancel_url": cancel_url,
            "pdf_url": pdf_url,
            "can_cancel": booking.status == Rsvp.Status.CONFIRMED
            and booking.ends_at > timezone.now(),
        },
    )


@never_cache
@login_required
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_rsvp(request, pk)
    if not booking.is_seated:
        messages.info(request, _("This booking has no ticket: it is not confirmed."))
        return redirect("participants:me")
    return _ticket_page(
        request,
        booking,
        cancel_url=reverse("participants:rsvp_cancel", kwargs={"pk": booking.pk}),
        pdf_url=reverse("participants:ticket_pdf", kwargs={"pk": booking.pk}),
    )


def _bad_link(request: HttpRequest, message: str) -> HttpResponse:
    return render(
        request,
        "participants/attendees/message.html",
        {"title": _("This link does not work"), "message": message},
        status=400,
    )


def _signed_ticket(pk: int, token: str) -> Rsvp | None:
    booking = (
        Rsvp.objects.select_related("edition", "item", "item__stage", "user").filter(pk=pk).first()
    )
    if booking is None or not ticket_token_valid(rsvp=booking, token=token):
        return None
    return booking


BAD_TICKET_LINK = _lazy(
    "This ticket link is invalid, has expired or was replaced by a new ticket. Use the link in "
    "your latest email, or sign in and open “My tickets”."
)


@never_cache
def ticket_signed(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The ticket by its signed link: no sign-in. Shows the display name the person chose and
    nothing else about them (no email, no phone, no access needs)."""
    booking = _signed_ticket(pk, token)
    if booking is None:
        return _bad_link(request, BAD_TICKET_LINK)
    if not booking.is_seated:
        return render(
            request,
            "participants/attendees/message.html",
            {
                "title": _("No ticket"),
                "message": _("This booking was cancelled, so it has no ticket any more."),
            },
            status=410,
        )
    return _ticket_page(
        request,
        booking,
        cancel_url=rsvp_cancel_url(booking),
        pdf_url=reverse("participants:ticket_signed_pdf", kwargs={"pk": pk, "token": token}),
    )


def _pdf_response(booking: Rsvp) -> HttpResponse:
    context = {
        "title": booking.item.title if booking.item_id else booking.edition.title,
        "when": _when(edition=booking.edition, item=booking.item),
        "place": _place(booking),
        "item": booking.item,
    }
    pdf = ticket_pdf(booking, language=translation.get_language() or "ko", context=context)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="ticket-{booking.code_display}.pdf"'
    return response


@never_cache
@login_required
def ticket_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    booking = _own_rsvp(request, pk)
    if not booking.is_seated:
        raise Http404
    return _pdf_response(booking)


@never_cache
def ticket_signed_pdf(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    booking = _signed_ticket(pk, token)
    if booking is None or not booking.is_seated:
        return _bad_link(request, BAD_TICKET_LINK)
    return _pdf_response(booking)


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


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def rsvp_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST cancels."""
    booking = _own_rsvp(request, pk)
    if request.method == "GET":
        if booking.status == Rsvp.Status.CANCELLED:
            return redirect("participants:me")
        return render(
            request,
            "participants/attendees/cancel_signed.html",
            {
                "rsvp": booking,
                "done": False,
                "place": _place(booking),
                "when": _when(edition=booking.edition, item=booking.item),
            },
        )
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
        {
            "rsvp": booking,
            "done": done,
            "place": _place(booking),
            "when": _when(edition=booking.edition, item=booking.item),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def waitlist_offer(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """Accept or decline a freed seat from the offer email's link (no sign-in). GET shows the
    offer; POST answers it (mail scanners that follow links answer nothing)."""
    offer = (
        WaitlistOffer.objects.select_related("rsvp__edition", "rsvp__item__stage", "rsvp__user")
        .filter(pk=pk)
        .first()
    )
    if offer is None or not offer_token_valid(offer=offer, token=token):
        return _bad_link(request, _("This offer link is invalid or has expired."))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "accept":
            try:
                booking = waitlist_offer_accept(offer_id=offer.pk)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("The seat is yours. Here is your ticket; we have emailed it too.")
                )
                return redirect(ticket_url_path(booking))
        elif action == "decline":
            if waitlist_offer_decline(offer_id=offer.pk):
                messages.success(
                    request, _("Thank you for telling us. The seat goes to the next person.")
                )
        else:
            messages.error(request, _("Choose whether to accept or decline the seat."))
        offer.refresh_from_db()
    booking = offer.rsvp
    return render(
        request,
        "participants/attendees/offer.html",
        {
            "offer": offer,
            "rsvp": booking,
            "place": _place(booking),
            "when": _when(edition=booking.edition, item=booking.item),
            "deadline": local_datetime(offer.expires_at),
            "is_open": offer.status == WaitlistOffer.Status.OPEN
            and offer.expires_at > timezone.now(),
        },
    )
