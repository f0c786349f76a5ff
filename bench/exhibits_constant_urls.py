"""Bench-only URLs: a constant view served through Django's whole middleware stack.

Used by bench/exhibits_wsgi.py for one path only (request.urlconf), never by the project.
"""

from django.http import HttpResponse
from django.urls import path

BODY = b"constant response for the benchmark baseline\n"


def constant(request):
    return HttpResponse(BODY, content_type="text/plain; charset=utf-8")


urlpatterns = [path("__bench__/django-constant", constant)]
