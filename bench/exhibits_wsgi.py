"""Bench-only WSGI entry point: two constant baselines, Django for everything else.

Gunicorn serves ``bench.exhibits_wsgi:application`` so that the baselines and the catalogue
are measured by the same processes in the same run. Not used in production.

- ``/__bench__/constant``: a constant response from plain WSGI, without Django at all.
- ``/__bench__/django-constant``: a constant Django view behind the project's whole middleware
  stack (sessions, locale, CSRF, auth, allauth...), the floor of any page the project serves.
"""

from django.core.handlers.wsgi import WSGIHandler

from bench.exhibits_constant_urls import BODY
from config.wsgi import application as django_application

CONSTANT_PATH = "/__bench__/constant"
DJANGO_CONSTANT_PATH = "/__bench__/django-constant"


class ConstantViewHandler(WSGIHandler):
    """Django with the bench's own URLs, so the project's URLs stay untouched."""

    def get_response(self, request):
        request.urlconf = "bench.exhibits_constant_urls"
        return super().get_response(request)


django_constant = ConstantViewHandler()


def application(environ, start_response):
    path = environ.get("PATH_INFO")
    if path == CONSTANT_PATH:
        start_response(
            "200 OK",
            [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(BODY)))],
        )
        return [BODY]
    if path == DJANGO_CONSTANT_PATH:
        return django_constant(environ, start_response)
    return django_application(environ, start_response)
