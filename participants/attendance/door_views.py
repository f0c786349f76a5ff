"""The door (/checkin/): a code typed or scanned, a search by name, email or phone, partial
check-in, undo with a reason, walk-ins, paper check-ins entered later, live counts and the
printable door list. Staff with ``participants.checkin_rsvp`` only; every rule is a service."""

from csp.decorators import csp_update
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from events.common.formatting import local_date, local_datetime
from events.models import Edition
from events.selectors import edition_current
from participants.attendance.forms import (
    AdmitForm,
    CheckInForm,
    DoorSearchForm,
    UndoForm,
    WalkInForm,
)
from participants.attendance.selectors import door_list, seat_counts
from participants.attendance.services import (
    OVERRIDE_PERMISSION,
    CheckInResult,
    door_search,
    paper_check_in_time,
    rsvp_check_in,
    rsvp_check_in_undo,
    walk_in_register,
)
from participants.models import Rsvp

CHECKIN_PERMISSION = "participants.checkin_rsvp"


def _edition(request: HttpRequest) -> Edition | None:
    year = request.GET.get("year", "") or request.POST.get("year", "")
    if year.isdigit() and len(year) == 4:
        # Published editions only: the door never shows an edition being prepared.
        return Edition.objects.published().filter(year=int(year)).first() or edition_current()
    return edition_current()


def result_message(result: CheckInResult) -> str:
    """What the door staff read: one translated sentence per outcome."""
    if result.outcome == "invalid":
        return {
            "confusable": _(
                "Ticket codes never contain 0, O, 1, I or L. Check the code: it may be 8, B, "
                "Q or another letter."
            ),
            "checksum": _("This is not a valid ticket code: a character is wrong. Check it."),
        }.get(result.problem, _("A ticket code has 8 letters and digits, e.g. ABCD-EFGH."))
    rsvp = result.rsvp
    messages_by_outcome = {
        "checked_in": _("Checked in: %(people)s of %(size)s.")
        % {"people": result.people, "size": rsvp.party_size if rsvp else 0},
        "already": _("Already checked in: the whole party is in."),
        "too_many": _("Only %(left)s of this party have not come in yet.")
        % {"left": (rsvp.party_size - rsvp.arrived) if rsvp else 0},
        "cancelled": _("This booking was cancelled: no entry with this ticket."),
        "waitlisted": _("This person is on the waiting list and has no seat."),
        "offered": _("This person has been offered a seat but has not accepted it yet."),
        "other_edition": _("This ticket is for another year's event (%(year)s), not for today's.")
        % {"year": rsvp.edition.year if rsvp else ""},
        "too_early": _("This ticket is for %(day)s: it is not valid before that day.")
        % {"day": local_date(rsvp.edition.date) if rsvp else ""},
        "too_late": _("This ticket was for %(day)s, which is over.")
        % {"day": local_date(rsvp.edition.date) if rsvp else ""},
    }
    return messages_by_outcome.get(
        result.outcome, _("Unknown ticket code. Check the code and try again.")
    )


def _status(result: CheckInResult) -> int:
    if result.outcome == "checked_in":
        return 200
    if result.outcome in ("unknown",):
        return 404
    if result.outcome == "invalid":
        return 400
    return 409


def _context(request: HttpRequest, edition: Edition | None, **extra) -> dict:
    return {
        "edition": edition,
        "form": extra.pop("form", None) or CheckInForm(),
        "search_form": extra.pop("search_form", None) or DoorSearchForm(),
        "walk_in_form": extra.pop("walk_in_form", None) or WalkInForm(edition=edition),
        "counts": seat_counts(edition=edition, published_only=True) if edition else [],
        "can_override": request.user.has_perm(OVERRIDE_PERMISSION),
        **extra,
    }


def _check_in(request: HttpRequest, edition: Edition | None, form: CheckInForm):
    data = form.cleaned_data
    at = data.get("at")
    if at is not None:
        if edition is None:
            raise ValidationError(_("No edition is open."))
        paper_check_in_time(edition=edition, value=at, now=timezone.now())
    return rsvp_check_in(
        code=data["code"],
        by=request.user,
        edition=edition,
        people=data.get("people"),
        at=at,
        override_reason=data.get("override_reason") or "",
    )


@never_cache
@login_required
@permission_required(CHECKIN_PERMISSION, raise_exception=True)
@require_http_methods(["GET", "POST"])
# The camera scanner's polyfill compiles ZXing's WebAssembly: this page alone may do that (no
# eval of scripts, only of WebAssembly, served from our own static files).
@csp_update({"script-src": ["'wasm-unsafe-eval'"]})
def checkin(request: HttpRequest) -> HttpResponse:
    edition = _edition(request)
    action = request.POST.get("action", "code") if request.method == "POST" else ""
    status, extra = 200, {}
    if action == "code":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                result = _check_in(request, edition, form)
            except ValidationError as error:
                form.add_error("at", error)
                extra, status = {"form": form}, 400
            else:
                extra = {"result": result, "result_message": result_message(result)}
                status = _status(result)
        else:
            extra, status = {"form": form}, 400
    elif action == "admit":
        admit = AdmitForm(request.POST)
        if admit.is_valid():
            result = rsvp_check_in(
                rsvp_id=admit.cleaned_data["rsvp"],
                by=request.user,
                edition=edition,
                people=admit.cleaned_data["people"],
                override_reason=admit.cleaned_data.get("override_reason") or "",
            )
            extra = {"result": result, "result_message": result_message(result)}
            status = _status(result)
        else:
            extra, status = {"error": _("Say how many people came in.")}, 400
    elif action == "undo":
        undo = UndoForm(request.POST)
        if undo.is_valid():
            try:
                rsvp_check_in_undo(
                    rsvp_id=undo.cleaned_data["rsvp"],
                    people=undo.cleaned_data["people"],
                    reason=undo.cleaned_data["reason"],
                    by=request.user,
                )
            except (ValidationError, Rsvp.DoesNotExist) as error:
                message = (
                    " ".join(error.messages)
                    if isinstance(error, ValidationError)
                    else _("There is no such booking.")
                )
                extra, status = {"error": message}, 400
            else:
                messages.success(request, _("The check-in is undone."))
                return redirect(request.get_full_path())
        else:
            extra, status = {"error": _("Say how many to undo and why.")}, 400
    elif action == "walk_in":
        walk_in = WalkInForm(request.POST, edition=edition)
        if walk_in.is_valid() and edition is not None:
            try:
                walk_in_register(
                    edition=edition,
                    item=walk_in.cleaned_data.get("item"),
                    name=walk_in.cleaned_data["name"],
                    party_size=walk_in.cleaned_data["party_size"],
                    by=request.user,
                )
            except ValidationError as error:
                walk_in.add_error(None, error)
                extra, status = {"walk_in_form": walk_in}, 409
            else:
                messages.success(request, _("Walk-in registered and checked in."))
                return redirect(request.get_full_path())
        else:
            extra, status = {"walk_in_form": walk_in}, 400
    elif action:
        extra, status = {"error": _("Unknown action.")}, 400
    if request.method == "GET" and "q" in request.GET and edition is not None:
        search_form = DoorSearchForm(request.GET)
        found, search_error = [], ""
        if search_form.is_valid():
            try:
                found = door_search(edition=edition, query=search_form.cleaned_data["q"])
            except ValidationError as error:
                search_error = " ".join(error.messages)
        else:
            search_error = _("Type a name, an email or the last 4 digits of a phone number.")
        extra.update(
            {
                "search_form": search_form,
                "found": found,
                "search_error": search_error,
                "searched": True,
            }
        )
        status = 400 if search_error else 200
    return render(
        request,
        "participants/attendees/checkin.html",
        _context(request, edition, **extra),
        status=status,
    )


@never_cache
@login_required
@permission_required(CHECKIN_PERMISSION, raise_exception=True)
@require_POST
def checkin_scan(request: HttpRequest) -> JsonResponse:
    """The camera's path: one code in, one JSON answer out (the page shows it)."""
    form = CheckInForm(request.POST)
    if not form.is_valid():
        return JsonResponse(
            {"outcome": "invalid", "message": _("Type or scan a code.")}, status=400
        )
    edition = _edition(request)
    result = rsvp_check_in(code=form.cleaned_data["code"], by=request.user, edition=edition)
    rsvp = result.rsvp
    payload = {"outcome": result.outcome, "ok": result.ok, "message": result_message(result)}
    if rsvp is not None:
        payload.update(
            {
                "name": rsvp.display_name,
                "code": rsvp.code_display,
                "party_size": rsvp.party_size,
                "arrived": rsvp.arrived,
                "access_needs": rsvp.needs_access,
            }
        )
    return JsonResponse(payload, status=_status(result))


@never_cache
@login_required
@permission_required(CHECKIN_PERMISSION, raise_exception=True)
def checkin_counts(request: HttpRequest) -> JsonResponse:
    """Live counts for the door page (polled by its script)."""
    edition = _edition(request)
    counts = seat_counts(edition=edition, published_only=True) if edition else []
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


@never_cache
@login_required
@permission_required(CHECKIN_PERMISSION, raise_exception=True)
def checkin_door_list(request: HttpRequest) -> HttpResponse:
    """The printable door list (PDF): everyone with a ticket in Korean name order, with their
    codes and a box to tick, for when the network fails."""
    from weasyprint import HTML

    edition = _edition(request)
    if edition is None:
        return HttpResponse(_("No edition is open."), status=404, content_type="text/plain")
    html = render_to_string(
        "participants/attendees/door_list_pdf.html",
        {
            "edition": edition,
            "rows": door_list(edition=edition),
            "printed_at": local_datetime(timezone.now()),
        },
        request=request,
    )
    response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="door-list-{edition.year}.pdf"'
    return response
