"""The public page cache checks cookies after every middleware has run, and keys by host."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path

from events.common.caching import public_cache

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
calls: list[str] = []


@public_cache
def page_with_csrf_token(request):
    calls.append("csrf")
    # As a template with {% csrf_token %} does: the CSRF middleware sets its cookie afterwards.
    return HttpResponse(f"<form>{get_token(request)}</form>" + "x" * 600)


@public_cache
def plain_page(request):
    calls.append(request.get_host())
    return HttpResponse(f"<p>{request.get_host()}</p>" + "x" * 600)


urlpatterns = [path("csrf/", page_with_csrf_token), path("plain/", plain_page)]


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 0
    calls.clear()


def test_public_cache_never_stores_a_page_whose_csrf_cookie_is_set_by_middleware(client):
    first = client.get("/csrf/")
    client.cookies.clear()
    second = client.get("/csrf/")

    assert "csrftoken" in first.cookies
    assert "csrftoken" in second.cookies
    assert calls == ["csrf", "csrf"]


def test_public_cache_stores_a_plain_page_once(client):
    client.get("/plain/")
    second = client.get("/plain/")

    assert calls == ["testserver"]
    assert second.status_code == 200
    assert second["ETag"]


def test_public_cache_key_includes_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["one.example.org", "two.example.org"]

    one = client.get("/plain/", HTTP_HOST="one.example.org")
    two = client.get("/plain/", HTTP_HOST="two.example.org")
    again = client.get("/plain/", HTTP_HOST="one.example.org")

    assert calls == ["one.example.org", "two.example.org"]
    assert "two.example.org" in two.content.decode()
    assert "one.example.org" in again.content.decode()
    assert one.content == again.content
