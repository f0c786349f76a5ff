"""Pages of the remembrance wall: the wall and a tribute (cached like every public page), the
venue screen, writing with a preview, the writer's own tribute, deletion by signed link, and
visitors' reports."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events.common.caching import public_cache
from events.common.ratelimit import over_limit
from events.selectors import edition_current
from participants.tributes.forms import ConsentForm, ReportForm, TributeForm
from participants.tributes.models import Tribute
from participants.tributes.selectors import (
    SCREEN_SECONDS,
    tribute_for_screen,
    tribute_get_for_user,
    tribute_public_get,
    tribute_wall,
    tributes_for_screen,
)
from participants.tributes.services import (
    WRITER_FIELDS,
    tribute_consents_set,
    tribute_delete,
    tribute_edit,
    tribute_flags,
    tribute_from_delete_token,
    tribute_report,
    tribute_validate,
    tribute_write,
    writer_display_name,
)

WALL_PAGE_SIZE = 24
RANDOM_SEEDS = 97


def _over_limit(name: str, key: str, limit: int) -> bool:
    """Count one use of ``name`` by ``key`` in this hour; True once the limit is passed."""
    return over_limit(f"tributes:{name}", key, limit=limit, period=3600)


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@public_cache(query=("order", "seed", "page"))
def wall(request: HttpRequest) -> HttpResponse:
    order = "random" if request.GET.get("order") == "random" else "newest"
    try:
        # A few shuffles only: every other seed would be a page the cache has never seen.
        seed = abs(int(request.GET.get("seed", "0"))) % RANDOM_SEEDS
    except ValueError:
        seed = 0
    if order == "random" and request.GET.get("seed") != str(seed):
        # One address per shuffle, so that the page cache holds each once.
        return redirect(f"{request.path}?order=random&seed={seed}")
    page = Paginator(tribute_wall(order=order, seed=seed), WALL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "participants/tributes/wall.html",
        {
            "page": page,
            "tributes": list(page),
            "order": order,
            "seed": seed,
            "new_seed": int(time.time()) % RANDOM_SEEDS,
        },
    )


@public_cache
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    tribute = tribute_public_get(pk=pk)
    if tribute is None:
        raise Http404
    return render(request, "participants/tributes/detail.html", {"tribute": tribute})


@never_cache
def screen(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "participants/tributes/screen.html",
        {"tribute": tribute_for_screen(), "refresh_seconds": SCREEN_SECONDS},
    )


# The newest this many at most: a moment of silence shows a handful, 15 seconds each.
SCREEN_FEED_SIZE = 100


@public_cache
def screen_data(request: HttpRequest) -> JsonResponse:
    """The tributes the venue screens show during the moment of silence, as JSON for
    static/js/now.js (events/live/screens.py): the words and the signature the writer chose,
    nothing else. Cached until a tribute changes (every service says so)."""
    tributes = list(tributes_for_screen().reverse()[:SCREEN_FEED_SIZE])[::-1]
    entries = [
        {
            "id": tribute.pk,
            "text": tribute.text,
            "to": tribute.addressee,
            "by": " · ".join(
                part
                for part in (tribute.signature or _("Anonymous"), tribute.get_province_display())
                if part
            ),
            "lang": tribute.language,
        }
        for tribute in tributes
    ]
    return JsonResponse(
        {"seconds": SCREEN_SECONDS, "entries": entries}, json_dumps_params={"ensure_ascii": False}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    tribute = tribute_public_get(pk=pk)
    if tribute is None:
        raise Http404
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _over_limit("report", _address(request), settings.TRIBUTE_REPORTS_PER_HOUR):
            messages.error(request, _("Too many reports from here. Please try again later."))
        else:
            tribute_report(
                tribute=tribute, address=_address(request), reason=form.cleaned_data["reason"]
            )
            messages.success(request, _("Thank you. The organisers will look at this tribute."))
        return redirect("participants:tribute_wall")
    return render(request, "participants/tributes/report.html", {"tribute": tribute, "form": form})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    edition = edition_current()
    has_display_name = bool(writer_display_name(request.user))
    form = TributeForm(request.POST or None, has_display_name=has_display_name)
    preview = None
    preview_terms: list[str] = []
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in WRITER_FIELDS}
        action = request.POST.get("action")
        try:
            if edition is None:
                raise ValidationError(_("The remembrance wall opens with the next edition."))
            if action == "submit":
                if _over_limit(
                    "write-user", str(request.user.pk), settings.TRIBUTE_WRITES_PER_HOUR
                ) or _over_limit(
                    "write-address", _address(request), settings.TRIBUTE_WRITES_PER_HOUR * 4
                ):
                    raise ValidationError(
                        _("You have written several tributes just now. Please try again later.")
                    )
                tribute_write(author=request.user, edition=edition, fields=fields)
                messages.success(
                    request,
                    _(
                        "Thank you. Your tribute will appear after the organisers have read it. "
                        "We have sent you an email with a link that deletes it at any time."
                    ),
                )
                return redirect("participants:me")
            cleaned = tribute_validate(author=request.user, fields=fields)
            preview = Tribute(author=request.user, **cleaned)
            _flags, preview_terms = tribute_flags(
                cleaned["text"], addressee=cleaned["addressee"], pseudonym=cleaned["pseudonym"]
            )
            preview.signature = (
                cleaned["pseudonym"]
                if cleaned["signature_kind"] == Tribute.Signature.PSEUDONYM
                else writer_display_name(request.user)
                if cleaned["signature_kind"] == Tribute.Signature.DISPLAY_NAME
                else ""
            )
        except ValidationError as error:
            _add_errors(form, error)
    return render(
        request,
        "participants/tributes/write.html",
        {"form": form, "preview": preview, "preview_terms": preview_terms, "edition": edition},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        tribute = tribute_get_for_user(user=request.user, pk=pk)
    except Tribute.DoesNotExist as error:
        raise Http404 from error
    action = request.POST.get("action")
    initial = {name: getattr(tribute, name) for name in WRITER_FIELDS}
    form = TributeForm(
        request.POST if action == "edit" else None,
        initial=initial,
        has_display_name=bool(writer_display_name(request.user)),
    )
    # Both forms carry the consent boxes: their own ids keep the page's ids unique.
    consent_form = ConsentForm(
        request.POST if action == "consents" else None,
        auto_id="consents-%s",
        initial={name: getattr(tribute, name) for name in ConsentForm.base_fields},
    )
    if action == "delete":
        tribute_delete(tribute=tribute)
        messages.success(request, _("Your tribute has been deleted."))
        return redirect("participants:me")
    if action == "consents" and consent_form.is_valid():
        tribute_consents_set(tribute=tribute, consents=consent_form.cleaned_data)
        messages.success(request, _("Your choices have been saved."))
        return redirect("participants:tribute_mine", pk=tribute.pk)
    if action == "edit" and form.is_valid():
        try:
            tribute_edit(
                tribute=tribute, fields={name: form.cleaned_data[name] for name in WRITER_FIELDS}
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Saved. The organisers will read it again."))
            return redirect("participants:tribute_mine", pk=tribute.pk)
    return render(
        request,
        "participants/tributes/mine.html",
        {"tribute": tribute, "form": form, "consent_form": consent_form},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def delete_signed(request: HttpRequest, token: str) -> HttpResponse:
    tribute = tribute_from_delete_token(token)
    if tribute is None or tribute.status == Tribute.Status.DELETED:
        return render(
            request,
            "participants/tributes/message.html",
            {
                "title": _("This link no longer works"),
                "message": _(
                    "The tribute has already been deleted, or the link is not complete. "
                    "You can also delete your tributes after signing in, on “My page”."
                ),
            },
            status=404,
        )
    if request.method == "POST":
        tribute_delete(tribute=tribute)
        return render(
            request,
            "participants/tributes/message.html",
            {
                "title": _("Your tribute has been deleted"),
                "message": _("Its words have been removed from every page and screen."),
            },
        )
    return render(request, "participants/tributes/delete_signed.html", {"tribute": tribute})
