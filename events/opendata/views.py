"""The schedule exports, the calendar feeds per stage and per kind, and the embeddable
programme. Thin: choose the edition, read through the selectors, render."""

import re

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from events import selectors
from events.api.http import error_response, open_data
from events.calendar import programme_calendar
from events.common.caching import public_cache
from events.models import ProgramItem
from events.opendata.schedule import schedule_document, schedule_json, schedule_xml
from events.opendata.selectors import open_programme


def _programme(year: int | None):
    try:
        edition = selectors.edition_get(year=year)
    except Http404:
        return None
    return open_programme(edition=edition)


@open_data()
def schedule_xml_view(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The edition's programme as frab/c3voc schedule.xml (the current edition without a year)."""
    programme = _programme(year)
    if programme is None:
        return error_response(_("There is no published edition for this year."), status=404)
    body = schedule_xml(schedule_document(programme))
    return HttpResponse(body, content_type="application/xml; charset=utf-8")


@open_data()
def schedule_json_view(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """The edition's programme as c3voc schedule.json."""
    programme = _programme(year)
    if programme is None:
        return error_response(_("There is no published edition for this year."), status=404)
    body = schedule_json(schedule_document(programme))
    return HttpResponse(body, content_type="application/json")


def _ics(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_cache
def stage_ics(request: HttpRequest, stage_id: int) -> HttpResponse:
    """One stage's published programme as an iCalendar feed."""
    stage = selectors.stage_get(pk=stage_id)
    items = list(selectors.program_item_list(edition=stage.edition).filter(stage=stage))
    calendar = programme_calendar(edition=stage.edition, items=items, language=get_language())
    return _ics(calendar.to_ical(), f"defectors-day-{stage.edition.year}-stage-{stage.pk}.ics")


@public_cache
def kind_ics(request: HttpRequest, kind: str, year: int | None = None) -> HttpResponse:
    """One kind of item (e.g. only performances) of an edition as an iCalendar feed."""
    if kind not in ProgramItem.Kind.values:
        raise Http404
    edition = selectors.edition_get(year=year)
    items = list(selectors.program_item_list(edition=edition, kind=kind))
    calendar = programme_calendar(edition=edition, items=items, language=get_language())
    return _ics(calendar.to_ical(), f"defectors-day-{edition.year}-{kind}.ics")


# Colours a partner may set (CSS variables --dd-<name>), as #rgb or #rrggbb only.
EMBED_COLOURS = ("accent", "background", "text")
COLOUR = re.compile(r"#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?")


def _colours(request: HttpRequest) -> dict[str, str]:
    return {
        name: value
        for name in EMBED_COLOURS
        if COLOUR.fullmatch(value := request.GET.get(name, ""))
    }


# The embed page is framed by partner sites: only it may be (frame-ancestors), and it sets no
# cookie, so that a partner's visitors are not tracked by us.
@xframe_options_exempt
@csp_replace({"frame-ancestors": settings.EMBED_FRAME_ANCESTORS})
@public_cache(query=("lang", "kind", *EMBED_COLOURS))
def embed_programme(request: HttpRequest) -> HttpResponse:
    """The programme for a partner site's iframe (static/events/embed/widget.js makes one)."""
    language = request.GET.get("lang")
    if language not in ("ko", "en"):
        language = get_language()
    kind = request.GET.get("kind", "")
    kind = kind if kind in ProgramItem.Kind.values else ""
    with translation.override(language):
        choice = selectors.edition_choose()
        edition = choice.edition
        items = selectors.timetable_entries(edition=edition, kind=kind or None)
        stages = list(selectors.stage_list(edition=edition))
        names = {stage.pk: stage.name for stage in stages}
        for item in items:
            item.stage_name = names.get(item.stage_id, "")
        return render(
            request,
            "events/embed_programme.html",
            {
                "edition": edition,
                "items": items,
                "language": language,
                "kind": kind,
                "colours": _colours(request),
            },
        )
