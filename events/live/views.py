"""Pages of the day: now and next (public), the venue screens, the stage manager's live control,
cue sheets (staff) and the programme's versions (public). Thin: selectors read, services act."""

import datetime as dt
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from events import selectors
from events.common.caching import public_cache
from events.live import selectors as live_selectors
from events.live import services
from events.live.cuesheet import cuesheet_pdf_response
from events.live.models import LiveAction, Segment
from events.live.screens import screen_interlude_sources
from events.models import ProgramItem, Stage

# --- Public: now and next, the venue screens -------------------------------------------------


def _stage_param(request: HttpRequest, edition) -> Stage | None:
    """The ``stage`` query parameter as a stage of ``edition``; None when absent or unknown."""
    raw = request.GET.get("stage", "")
    if not raw.isdigit() or len(raw) > 9:
        return None
    return Stage.objects.filter(edition=edition, pk=int(raw)).first()


@public_cache(query=("stage",), per_minute=True)
def now_page(request: HttpRequest) -> HttpResponse:
    """What is on now and next on every stage (or one), with live times and delays."""
    edition = selectors.edition_get()
    stage = _stage_param(request, edition)
    data = live_selectors.now_data(edition=edition, stage_id=stage.pk if stage else None)
    return render(
        request,
        "events/live/now.html",
        {
            "edition": edition,
            "stage": stage,
            "boards": live_selectors.now_next(data=data, now=timezone.now()),
        },
    )


def _unknown_stage(request: HttpRequest, edition) -> HttpResponse:
    stages = list(selectors.stage_list(edition=edition))
    return render(
        request,
        "events/live/screen_unknown.html",
        {"edition": edition, "stages": stages},
        status=404,
    )


@public_cache(query=("stage",), per_minute=True)
def now_screen(request: HttpRequest) -> HttpResponse:
    """A venue screen (1920x1080): one stage's now and next in large type, a Seoul clock; during
    a segment with an interlude (the moment of silence), what its app supplies (screens.py)."""
    edition = selectors.edition_get()
    stage = _stage_param(request, edition)
    if stage is None:
        return _unknown_stage(request, edition)
    data = live_selectors.now_data(edition=edition, stage_id=stage.pk)
    return render(
        request,
        "events/live/now_screen.html",
        {
            "edition": edition,
            "stage": stage,
            "board": live_selectors.now_next(data=data, now=timezone.now())[0],
            "now": timezone.now(),
            "interludes": json.dumps(screen_interlude_sources()),
        },
    )


@public_cache(query=("stage",))
def now_json(request: HttpRequest) -> JsonResponse:
    """The day as plain JSON for the pages' scripts (what is on is decided by their clock, so
    the answer changes only when a stage manager acts, and is cached until then)."""
    edition = selectors.edition_get()
    stage = None
    if "stage" in request.GET:
        stage = _stage_param(request, edition)
        if stage is None:
            return JsonResponse({"error": _("There is no such stage.")}, status=404)
    data = live_selectors.now_data(edition=edition, stage_id=stage.pk if stage else None)
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# --- Public: versions ------------------------------------------------------------------------


@public_cache
def programme_changes(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Every version of the published programme with what changed in it."""
    choice = selectors.edition_choose(year=year)
    versions = [
        (version, live_selectors.changelog_display(entries=version.changelog))
        for version in live_selectors.programme_version_list(edition=choice.edition)
    ]
    return render(
        request,
        "events/live/changes.html",
        {"edition": choice.edition, "versions": versions, "other_editions": choice.others},
    )


# --- Staff: live control ---------------------------------------------------------------------


def _require_run_stage(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("events.run_stage")):
        raise PermissionDenied


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) <= 9 else None


def _time_on_day(value: str, day: dt.date) -> dt.datetime | None:
    try:
        clock = dt.time.fromisoformat(value)
    except ValueError:
        return None
    return dt.datetime.combine(day, clock, tzinfo=timezone.get_current_timezone())


def _perform(request: HttpRequest, stage: Stage) -> LiveAction:
    post = request.POST
    action = post.get("action", "")
    common = {"stage": stage, "user": request.user, "version": _int(post.get("version"))}
    if common["version"] is None:
        raise ValidationError(_("The page was incomplete: reload it and try again."))
    # The items this stage holds on the day, with those moved to it.
    on_stage = live_selectors.stage_items_on_the_day(stage_id=stage.pk)
    if action == "delay":
        return services.stage_delay(minutes=post.get("minutes"), **common)
    if action == "undo":
        target = LiveAction.objects.filter(stage=stage, pk=_int(post.get("action_id"))).first()
        if target is None:
            raise ValidationError(_("There is nothing to undo."))
        return services.live_action_undo(action=target, **common)
    if action in ("segment_start", "segment_end"):
        segment = (
            Segment.objects.select_related("item")
            .filter(item__in=on_stage, pk=_int(post.get("segment")))
            .first()
        )
        if segment is None:
            raise ValidationError(_("There is no such segment on this stage."))
        act = services.segment_start if action == "segment_start" else services.segment_end
        return act(segment=segment, **common)
    item = on_stage.filter(pk=_int(post.get("item"))).first()
    if item is None:
        raise ValidationError(_("There is no such item on this stage."))
    if action == "item_start":
        return services.item_start(item=item, **common)
    if action == "item_end":
        return services.item_end(item=item, **common)
    if action == "cancel":
        return services.item_cancel(item=item, **common)
    if action == "move":
        to_stage = Stage.objects.filter(
            edition=stage.edition_id, pk=_int(post.get("to_stage"))
        ).first()
        starts_at = _time_on_day(post.get("starts_at", ""), stage.edition.date)
        return services.item_move(item=item, starts_at=starts_at, to_stage=to_stage, **common)
    raise ValidationError(_("Unknown action."))


@login_required
@require_http_methods(["GET", "POST"])
def live_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """The stage manager's page: start and end items and segments, delays, cancel, move, undo."""
    _require_run_stage(request)
    stage = get_object_or_404(Stage.objects.select_related("edition"), pk=pk)
    if request.method == "POST":
        try:
            action = _perform(request, stage)
            messages.success(
                request, _("Done: %(action)s.") % {"action": action.get_kind_display()}
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("events:live_stage", pk=stage.pk)
    now = timezone.now()
    day = live_selectors.live_stage(stage=stage)
    latest = (
        LiveAction.objects.filter(stage=stage, undone_at__isnull=True)
        .exclude(kind=LiveAction.Kind.UNDO)
        .order_by("-created_at", "-pk")
        .first()
    )
    undoable = (
        latest
        if latest and (now - latest.created_at).total_seconds() <= (settings.LIVE_UNDO_SECONDS)
        else None
    )
    return render(
        request,
        "events/live/live_stage.html",
        {
            "stage": stage,
            "edition": stage.edition,
            "day": day,
            "current": day.current(now),
            "upcoming": day.upcoming(now)[:6],
            "stages": list(selectors.stage_list(edition=stage.edition)),
            "undoable": undoable,
            "now": now,
        },
    )


# --- Staff: cue sheets -----------------------------------------------------------------------


def _require_cuesheet(request: HttpRequest) -> bool:
    """Staff who may view segments see the internal version; ``?public=1`` hides it."""
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("events.view_segment")):
        raise PermissionDenied
    return request.GET.get("public") != "1"


def _cuesheet(request: HttpRequest, context: dict, filename: str) -> HttpResponse:
    context = {**context, "printed_at": timezone.now()}
    if request.GET.get("format") == "pdf":
        return cuesheet_pdf_response(request=request, context=context, filename=filename)
    return render(request, "events/live/cuesheet.html", context)


@login_required
def cuesheet_item(request: HttpRequest, pk: int) -> HttpResponse:
    """The cue sheet (큐시트) of one item, A4 landscape, HTML or PDF."""
    internal = _require_cuesheet(request)
    item = get_object_or_404(ProgramItem.objects.select_related("stage", "edition"), pk=pk)
    context = {
        "title": item.title,
        "edition": item.edition,
        "stage": item.stage,
        "orders": [live_selectors.running_order_rows(item=item)],
        "internal": internal,
        "version": services.programme_version_current(edition=item.edition),
    }
    return _cuesheet(request, context, f"cue-sheet-{item.edition.year}-{item.pk}.pdf")


@login_required
def cuesheet_stage(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole day's run sheet of one stage, A4 landscape, HTML or PDF."""
    internal = _require_cuesheet(request)
    stage = get_object_or_404(Stage.objects.select_related("edition"), pk=pk)
    context = {
        "title": stage.name,
        "edition": stage.edition,
        "stage": stage,
        "orders": live_selectors.stage_items_with_running_order(stage=stage, published_only=False),
        "internal": internal,
        "whole_day": True,
        "version": services.programme_version_current(edition=stage.edition),
    }
    return _cuesheet(request, context, f"run-sheet-{stage.edition.year}-stage-{stage.pk}.pdf")
