"""The WSGI replay of public pages (events/common/fastpath.py), driven through Django's own WSGI
handler as gunicorn drives config.wsgi."""

import io
import json
from wsgiref.util import setup_testing_defaults

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from events.common.caching import public_pages_changed
from events.common.fastpath import PublicPageReplay, replays
from tests.events.live.helpers import stage_day

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 1
    settings.ALLOWED_HOSTS = ["testserver", "127.0.0.1"]
    replays.clear()
    # As Django's test client does: a request's end must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    replays.clear()


class _Django:
    """Django's WSGI handler, counting the requests that reach it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()
        self.calls = 0
        request_started.connect(self._started, dispatch_uid="test-fastpath")

    def _started(self, **kwargs) -> None:
        self.calls += 1

    def __call__(self, environ, start_response):
        return self.handler(environ, start_response)


def _get(app, path: str, method: str = "GET", **headers) -> tuple[str, dict, bytes]:
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_HOST": "testserver",
        "HTTP_ACCEPT_ENCODING": "identity",
        "wsgi.input": io.BytesIO(b""),
        **headers,
    }
    setup_testing_defaults(environ)
    answer: dict = {}

    def start_response(status, response_headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(response_headers)

    result = app(environ, start_response)
    body = b"".join(result)
    if hasattr(result, "close"):
        result.close()
    return answer["status"], answer["headers"], body


def test_public_page_second_visit_is_replayed_without_django_and_identical():
    stage_day()
    django = _Django()
    app = PublicPageReplay(django)

    _get(app, "/en/now/data.json")  # rendered and stored by the page cache
    first = _get(app, "/en/now/data.json")  # a hit, through Django, kept by the replay
    second = _get(app, "/en/now/data.json")

    assert django.calls == 2
    request_ids = first[1].pop("X-Request-ID"), second[1].pop("X-Request-ID")
    assert request_ids[0] != request_ids[1]
    assert second == first
    assert first[0] == "200 OK"
    assert json.loads(first[2])["stages"][0]["name"] == "Main hall"
    assert first[1]["X-Content-Type-Options"] == "nosniff"
    assert first[1]["Content-Language"] == "en"


def test_public_page_replay_stops_when_anything_public_changes():
    _edition, _stage, (ceremony, *_rest) = stage_day()
    django = _Django()
    app = PublicPageReplay(django)
    _get(app, "/en/now/data.json")
    _get(app, "/en/now/data.json")

    ceremony.title_en = "Renamed ceremony"
    ceremony.save()
    public_pages_changed()
    _status, _headers, body = _get(app, "/en/now/data.json")

    assert django.calls == 3
    assert json.loads(body)["stages"][0]["items"][0]["title"] == "Renamed ceremony"


def test_public_page_replay_if_none_match_is_a_304():
    stage_day()
    django = _Django()
    app = PublicPageReplay(django)
    _get(app, "/now/data.json")
    _status, headers, _body = _get(app, "/now/data.json")

    status, again, body = _get(app, "/now/data.json", HTTP_IF_NONE_MATCH=headers["ETag"])

    assert (status, body, django.calls) == ("304 Not Modified", b"", 2)
    assert again["ETag"] == headers["ETag"]


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("GET", {"HTTP_COOKIE": "sessionid=abc"}),
        ("GET", {"HTTP_COOKIE": "messages=xyz"}),
        ("HEAD", {}),
    ],
)
def test_public_page_replay_never_serves_personal_or_other_requests(method, headers):
    stage_day()
    django = _Django()
    app = PublicPageReplay(django)
    _get(app, "/now/data.json")
    _get(app, "/now/data.json")

    _get(app, "/now/data.json", method=method, **headers)

    assert django.calls == 3


def test_public_page_replay_does_not_keep_pages_that_are_not_public_cached():
    stage_day()
    django = _Django()
    app = PublicPageReplay(django)

    _get(app, "/healthz")
    _get(app, "/healthz")

    assert django.calls == 2


def test_public_page_replay_switched_off_sends_everything_to_django(settings):
    settings.PUBLIC_PAGE_REPLAY = False
    stage_day()
    django = _Django()
    app = PublicPageReplay(django)

    _get(app, "/now/data.json")
    _get(app, "/now/data.json")

    assert django.calls == 2
