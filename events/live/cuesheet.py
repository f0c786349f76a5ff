"""Cue sheets as PDF (WeasyPrint): the same template as the HTML page, A4 landscape, with page
numbers, the programme version and the print time (static/css/cuesheet.css @page).

WeasyPrint fetches nothing: the stylesheet is read from the static files on disk and any other
URL is refused, so a cue sheet never makes the server open a connection."""

import logging

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

STYLESHEET = "css/cuesheet.css"
# WeasyPrint logs every layout step at INFO.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"A cue sheet loads nothing from {url!r}.")


def cuesheet_document(*, request: HttpRequest, context: dict):
    """The laid-out cue sheet (a weasyprint Document: its pages, their size)."""
    # Imported here: WeasyPrint loads Pango at import, which only cue sheets need.
    import weasyprint

    html = render_to_string("events/live/cuesheet.html", {**context, "pdf": True}, request)
    stylesheet = weasyprint.CSS(filename=finders.find(STYLESHEET), url_fetcher=_no_fetch)
    return weasyprint.HTML(string=html, url_fetcher=_no_fetch).render(stylesheets=[stylesheet])


def cuesheet_pdf(*, request: HttpRequest, context: dict) -> bytes:
    return cuesheet_document(request=request, context=context).write_pdf()


def cuesheet_pdf_response(*, request: HttpRequest, context: dict, filename: str) -> HttpResponse:
    response = HttpResponse(cuesheet_pdf(request=request, context=context), "application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Internal notes: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response
