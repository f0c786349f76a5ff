"""The site's URLs plus three views that fail, to reach the 400, 403 and 500 pages."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a failure the visitor must not see")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a request the visitor must not see the details of")


urlpatterns = [
    *i18n_patterns(
        path("test-errors/broken/", broken),
        path("test-errors/forbidden/", forbidden),
        path("test-errors/suspicious/", suspicious),
        prefix_default_language=False,
    ),
    *site_urlpatterns,
]
