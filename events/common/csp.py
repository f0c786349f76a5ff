"""Content-Security-Policy helpers: the admin's inline styles, and the violation report endpoint.

The policy itself is CONTENT_SECURITY_POLICY in config/settings/base.py (django-csp).
"""

import json
import logging
from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger("csp")

# A report is a few hundred bytes; anything larger is not a browser's report.
REPORT_MAX_BYTES = 16 * 1024


class AdminInlineStylesMiddleware:
    """Django's admin (and our admin pages built on it) set style attributes in HTML: only there,
    styles may be inline. Scripts never are. Sits after csp's middleware in MIDDLEWARE, so that
    its response passes here first."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is not None and "admin" in match.namespaces:
            response._csp_update = {"style-src": ["'unsafe-inline'"]}
        return response


def _path_only(url: object) -> str:
    # A page's address may carry a token or a search in its query: keep the path only.
    if not isinstance(url, str):
        return ""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else url.split("?")[0]


@csrf_exempt  # browsers send reports without a token; the view changes nothing
@require_POST
def csp_report(request: HttpRequest) -> HttpResponse:
    """Log a browser's CSP violation report (report-uri): directive and addresses, no query."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > REPORT_MAX_BYTES:
        return HttpResponseBadRequest()
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return HttpResponseBadRequest()
    report = payload.get("csp-report") if isinstance(payload, dict) else None
    if not isinstance(report, dict):
        return HttpResponseBadRequest()
    logger.warning(
        "CSP violation: %s blocked %s on %s",
        str(report.get("effective-directive") or report.get("violated-directive") or "")[:100],
        _path_only(report.get("blocked-uri"))[:300],
        _path_only(report.get("document-uri"))[:300],
    )
    return HttpResponse(status=204)
