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


def test_public_page_replay_if_modified_since_is_a_304():
    stage_day()
    django = _Django()
    app = PublicPageReplay(django)
    _get(app, "/now/data.json")
    _status, headers, _body = _get(app, "/now/data.json")

    status, _again, body = _get(
        app, "/now/data.json", HTTP_IF_MODIFIED_SINCE=headers["Last-Modified"]
    )

    assert (status, body, django.calls) == ("304 Not Modified", b"", 2)


def test_public_page_replay_broken_etag_gets_the_whole_page():
    stage_day()
    django = _Django()
    app = PublicPageReplay(django)
    _get(app, "/now/data.json")
    _get(app, "/now/data.json")

    status, _headers, body = _get(app, "/now/data.json", HTTP_IF_NONE_MATCH='"not-a-tag')

    assert (status, django.calls) == ("200 OK", 2)
    assert json.loads(body)["stages"][0]["name"] == "대강당"


# The open data (events/api/http.py): the API's language comes from Accept-Language, which the
# address does not hold, and every answer counts towards the client's rate limit.
@pytest.fixture
def open_programme():
    from tests.factories import EditionFactory, ProgramItemFactory, StageFactory, seoul

    edition = EditionFactory(year=2025)
    stage = StageFactory(edition=edition, name_ko="대강당", name_en="Main hall")
    ProgramItemFactory(
        edition=edition,
        stage=stage,
        title_ko="대담",
        title_en="Talk",
        starts_at=seoul(edition, 10),
        ends_at=seoul(edition, 11),
    )
    return edition


ITEMS = "/api/v1/editions/2025/items"


def _titles(body: bytes) -> list[str]:
    return [item["title"] for item in json.loads(body)["results"]]


def test_api_replay_answers_each_accept_language_in_its_own_language(open_programme):
    django = _Django()
    app = PublicPageReplay(django)
    for _ in range(3):
        korean = _get(app, ITEMS, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    for _ in range(3):
        english = _get(app, ITEMS, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    again_korean = _get(app, ITEMS, HTTP_ACCEPT_LANGUAGE="ko")

    assert django.calls == 4  # each language: rendered once, then a hit, then replays
    assert (_titles(korean[2]), korean[1]["Content-Language"]) == (["대담"], "ko")
    assert (_titles(english[2]), english[1]["Content-Language"]) == (["Talk"], "en")
    assert (_titles(again_korean[2]), again_korean[1]["Content-Language"]) == (["대담"], "ko")


def test_api_replay_language_cookie_and_lang_parameter_are_honoured(open_programme, settings):
    django = _Django()
    app = PublicPageReplay(django)
    for _ in range(3):
        _get(app, ITEMS, HTTP_ACCEPT_LANGUAGE="ko")

    by_cookie = _get(
        app, ITEMS, HTTP_ACCEPT_LANGUAGE="ko", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en"
    )
    by_parameter = _get(app, ITEMS + "?lang=en", HTTP_ACCEPT_LANGUAGE="ko")
    unknown = _get(app, ITEMS + "?lang=xx")

    assert _titles(by_cookie[2]) == ["Talk"]
    assert _titles(by_parameter[2]) == ["Talk"]
    assert unknown[0] == "400 Bad Request"


def test_api_replay_counts_towards_the_rate_limit(open_programme, settings):
    settings.OPEN_DATA_RATE_LIMIT = "5/m"
    django = _Django()
    app = PublicPageReplay(django)

    statuses = [_get(app, ITEMS)[0] for _ in range(6)]
    other_client = _get(app, ITEMS, REMOTE_ADDR="192.0.2.7")
    refused = _get(app, ITEMS)

    assert statuses == ["200 OK"] * 5 + ["429 Too Many Requests"]
    assert other_client[0] == "200 OK"
    assert refused[0] == "429 Too Many Requests"
    assert json.loads(refused[2])["detail"].startswith("요청이 너무 많습니다.")


def test_schedule_xml_replay_and_its_304(open_programme):
    django = _Django()
    app = PublicPageReplay(django)
    _get(app, "/2025/schedule.xml")
    status, headers, body = _get(app, "/2025/schedule.xml")

    replayed = _get(app, "/2025/schedule.xml")
    conditional = _get(app, "/2025/schedule.xml", HTTP_IF_NONE_MATCH=headers["ETag"])

    assert (status, django.calls) == ("200 OK", 2)
    assert replayed[2] == body
    assert b"<title>\xeb\x8c\x80\xeb\x8b\xb4</title>" in body
    assert (conditional[0], conditional[2]) == ("304 Not Modified", b"")
    assert conditional[1]["ETag"] == headers["ETag"]


def test_api_replay_304_for_the_tag_of_the_first_uncompressed_answer(open_programme):
    django = _Django()
    app = PublicPageReplay(django)
    first = _get(app, ITEMS + "?limit=200", HTTP_ACCEPT_ENCODING="gzip")
    _get(app, ITEMS + "?limit=200", HTTP_ACCEPT_ENCODING="gzip")

    status, _headers, body = _get(
        app, ITEMS + "?limit=200", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first[1]["ETag"]
    )

    assert (status, body, django.calls) == ("304 Not Modified", b"", 2)


def test_public_page_replay_kept_again_when_clients_only_revalidate(monkeypatch):
    """Once the kept copy has expired, a conditional request asks Django for the whole page (so
    that it is kept again) and still gets its 304; the next one is a replay again."""
    import time

    stage_day()
    django = _Django()
    app = PublicPageReplay(django)
    _get(app, "/now/data.json")
    _status, headers, _body = _get(app, "/now/data.json")
    real_monotonic = time.monotonic
    monkeypatch.setattr(time, "monotonic", lambda: real_monotonic() + 61)  # the copy expired

    revalidated = _get(app, "/now/data.json", HTTP_IF_NONE_MATCH=headers["ETag"])
    again = _get(app, "/now/data.json", HTTP_IF_NONE_MATCH=headers["ETag"])

    assert (revalidated[0], revalidated[2]) == ("304 Not Modified", b"")
    assert (again[0], again[2]) == ("304 Not Modified", b"")
    assert django.calls == 3
    assert revalidated[1]["ETag"] == headers["ETag"]
    assert revalidated[1]["X-Request-ID"] != again[1]["X-Request-ID"]
