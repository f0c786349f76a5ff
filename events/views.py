from django.conf import settings
from django.db.models import Case, When
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_POST

from events import selectors
from events.calendar import programme_calendar
from events.common.caching import public_cache, public_fragment, signed_in_shell
from events.common.exports import audit_log
from events.common.images import image_content_type
from events.common.storage import private_file_response
from events.live.selectors import running_order_rows
from events.models import AuditEntry, Performer, ProgramItem
from events.seats import seat_markers_fill


def _kind_filter(request: HttpRequest) -> str:
    kind = request.GET.get("kind", "")
    return kind if kind in ProgramItem.Kind.values else ""


def _edition_context(choice: selectors.EditionChoice) -> dict:
    return {
        "edition": choice.edition,
        "is_current": choice.is_current,
        "other_editions": choice.others,
    }


@public_cache
def edition_home(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The current edition (or a past one): date, place, highlights, how to attend."""
    choice = selectors.edition_choose(year=year)
    edition = choice.edition
    ceremony_first = Case(When(kind=ProgramItem.Kind.CEREMONY, then=0), default=1)
    stages = list(selectors.stage_list(edition=edition))
    stage_names = {stage.pk: stage.name for stage in stages}
    highlights = selectors.timetable_entries(
        edition=edition, limit=4, order_by=(ceremony_first, "starts_at", "pk")
    )
    for entry in highlights:
        entry.stage_name = stage_names.get(entry.stage_id, "")
    return render(
        request,
        "events/edition_home.html",
        {
            **_edition_context(choice),
            "highlights": highlights,
            "item_count": selectors.program_item_count(edition=edition),
            "stages": stages,
        },
    )


@public_cache(query=("kind",))
def programme_list(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The timetable: one column per stage, items in time order; filterable by kind.

    The timetable is the same for everyone: it is rendered once per site version (a cached
    fragment) and only its seat markers are filled per visitor (events.seats)."""
    choice = selectors.edition_choose(year=year)
    edition = choice.edition
    kind = _kind_filter(request)
    context = {**_edition_context(choice), "kind": kind, "kinds": ProgramItem.Kind.choices}

    def timetable() -> str:
        items = selectors.timetable_entries(edition=edition, kind=kind or None)
        stages = list(selectors.stage_list(edition=edition))
        columns = selectors.timetable_columns(stages=stages, items=items)
        return render_to_string(
            "events/_programme_body.html",
            {
                **context,
                "items": items,
                "columns": columns,
                "hours": selectors.timetable_grid(columns=columns),
            },
        )

    def page() -> str:
        body = public_fragment(f"programme:{edition.pk}:{kind}", timetable)
        return render_to_string(
            "events/programme_list.html",
            {**context, "timetable": mark_safe(body)},  # noqa: S308 - our own rendered template
            request,
        )

    html = signed_in_shell(request, f"programme:{edition.pk}:{kind}", page)
    return HttpResponse(seat_markers_fill(html, edition=edition, user=request.user))


@public_cache
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.program_item_get(pk=pk)
    response = render(
        request,
        "events/programme_detail.html",
        {
            "item": item,
            "edition": item.edition,
            "running_order": running_order_rows(item=item),
            "item_live": getattr(item, "live", None),
        },
    )
    response.content = seat_markers_fill(
        response.content.decode(), edition=item.edition, user=request.user
    ).encode()
    return response


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_cache
def programme_ics(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The whole published programme of an edition as an iCalendar feed."""
    edition = selectors.edition_get(year=year)
    items = list(selectors.program_item_list(edition=edition))
    calendar = programme_calendar(edition=edition, items=items, language=get_language())
    return _ics_response(calendar.to_ical(), f"defectors-day-{edition.year}.ics")


@public_cache
def programme_item_ics(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.program_item_get(pk=pk)
    calendar = programme_calendar(edition=item.edition, items=[item], language=get_language())
    return _ics_response(calendar.to_ical(), f"defectors-day-{item.edition.year}-{item.pk}.ics")


@public_cache
def about(request: HttpRequest) -> HttpResponse:
    """The facts of the day: why 14 July, whom it honours, who the resettled defectors are."""
    return render(request, "events/about.html", {"edition": selectors.edition_current()})


@public_cache
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement: the standard we keep, what is not yet right, how to ask."""
    return render(
        request,
        "events/accessibility.html",
        {
            "contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL,
            "contact_phone": settings.ACCESSIBILITY_CONTACT_PHONE,
            "edition": selectors.edition_current(),
        },
    )


# What deciding whether a photo may be shown needs, and nothing private.
PHOTO_FIELDS = ("pk", "photo", "photo_consent", "is_published", "visibility")


def _photo_response(photo: FieldFile, *, public: bool) -> HttpResponse:
    return private_file_response(photo, content_type=image_content_type(photo.name), public=public)


@require_GET
def performer_photo(request: HttpRequest, pk: int) -> FileResponse:
    """A performer's photo, only while ``Performer.public_photo`` shows it; a 404 otherwise.

    The address carries the performer's id, never their name.
    """
    performer = Performer.objects.only(*PHOTO_FIELDS).filter(pk=pk).first()
    if performer is None or not performer.public_photo:
        raise Http404
    # Only the visitor's own browser may keep it, and briefly: no shared cache (proxy, CDN) would
    # go on serving a face after its consent is withdrawn or the performer unpublished.
    return _photo_response(performer.public_photo, public=True)


@require_GET
def performer_photo_preview(request: HttpRequest, pk: int) -> FileResponse:
    """Any performer's photo, for organisers who may view performers (the admin's preview).

    Anyone else gets a 404, whether or not there is a photo. Viewing a photo the public may not
    see is audited.
    """
    user = request.user
    if not (user.is_active and user.is_staff and user.has_perm("events.view_performer")):
        raise Http404
    performer = Performer.objects.only(*PHOTO_FIELDS).filter(pk=pk).first()
    if performer is None or not performer.photo:
        raise Http404
    response = _photo_response(performer.photo, public=False)
    if not performer.public_photo:
        audit_log(
            user=user,
            action=AuditEntry.Action.PRIVATE_FILE,
            target=Performer._meta.label,
            object_id=str(performer.pk),
        )
    return response


def bench_constant(request: HttpRequest) -> HttpResponse:
    """A constant response through the whole Django stack: the benchmarks' yardstick.

    Routed only when settings.BENCH_CONSTANT_VIEW is on (bench/harness.py sets it).
    """
    if not getattr(settings, "BENCH_CONSTANT_VIEW", False):
        raise Http404
    return HttpResponse(b"ok", content_type="text/plain")


@require_POST
def bench_insert(request: HttpRequest) -> HttpResponse:
    """A signed-in POST that inserts one row and redirects: the yardstick of the booking rush
    (bench/rsvp_race.py --rush). Routed only with settings.BENCH_CONSTANT_VIEW."""
    if not getattr(settings, "BENCH_CONSTANT_VIEW", False):
        raise Http404
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    AuditEntry.objects.create(
        user=request.user, action=AuditEntry.Action.OTHER, target="bench.insert"
    )
    return HttpResponseRedirect("/bench/constant")
