"""The API object, its error answers (always JSON) and the events routers."""

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from events.api.http import error_response

DESCRIPTION = """
The programme, the catalogue of exhibits and the market of North Korean Defectors' Day
(북한이탈주민의 날) as open data. Read-only and anonymous: no endpoint writes, and none
returns a private field (legal names, contacts, places finer than a province, unpublished rows).

* Language: `?lang=ko` or `?lang=en`, else the `Accept-Language` header; Korean by default.
* Lists are paginated with `limit` (1-200) and `offset`.
* Responses carry an `ETag` and `Last-Modified`; send `If-None-Match` or `If-Modified-Since`
  to get a `304 Not Modified` when nothing changed.
* CORS is open for GET. Each client is rate limited; a `429` says when to try again.
* The programme is also available as a conference schedule: `/<year>/schedule.xml` and
  `/<year>/schedule.json` (frab/c3voc format).
"""

api = NinjaAPI(
    title="North Korean Defectors' Day open data",
    version="1.0.0",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    details = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))}
        for e in error.errors
    ]
    return error_response(_("The request's parameters are not valid."), status=422, errors=details)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404) -> HttpResponse:
    return error_response(_("Not found."), status=404)


def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other address under /api/v1/: a JSON 404, not the site's HTML page."""
    return error_response(_("There is no such endpoint."), status=404)


def _register() -> None:
    from events.api import programme

    api.add_router("/", programme.router)


_register()
