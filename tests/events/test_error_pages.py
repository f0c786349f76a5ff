"""400, 403, 404 and 500 in the visitor's language, in the site's layout, with a way back; the
500 page renders without the database. DEBUG is off in the test settings, as in production."""

import re

import pytest
from django.conf import settings
from django.test import Client, override_settings

pytestmark = pytest.mark.urls("tests.events.error_urls")


def _title(content: str) -> str:
    return re.search(r"<title>(.*?)</title>", content, re.S).group(1).strip()


def _h1(content: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", content, re.S).group(1).strip()


def test_settings_have_debug_off_for_error_pages():
    assert settings.DEBUG is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "heading", "home"),
    [
        ("/no-such-page/", 404, "페이지를 찾을 수 없습니다", 'href="/"'),
        ("/en/no-such-page/", 404, "Page not found", 'href="/en/"'),
        ("/test-errors/forbidden/", 403, "이 페이지를 열 수 없습니다", 'href="/"'),
        ("/en/test-errors/forbidden/", 403, "You cannot open this page", 'href="/en/"'),
        ("/test-errors/suspicious/", 400, "요청을 처리할 수 없습니다", 'href="/"'),
        ("/en/test-errors/suspicious/", 400, "The request could not be handled", 'href="/en/"'),
    ],
)
def test_error_page_in_visitors_language_with_site_layout(client, path, status, heading, home):
    response = client.get(path)

    content = response.content.decode()
    assert response.status_code == status
    assert _h1(content) == heading
    assert 'class="site-header"' in content
    assert 'class="site-nav"' in content
    assert f'<a class="button" {home}>' in content
    assert "Not Found" not in content
    assert "Forbidden" not in content


@pytest.mark.django_db
def test_forbidden_page_offers_sign_in_to_a_visitor_signed_out(client):
    content = client.get("/test-errors/forbidden/").content.decode()

    assert '<a href="/accounts/login/?next=/test-errors/forbidden/">로그인</a>' in content


@pytest.mark.parametrize(
    ("path", "language", "title", "home"),
    [
        (
            "/test-errors/broken/",
            "ko",
            "일시적인 오류가 발생했습니다 · 북한이탈주민의 날",
            'href="/"',
        ),
        (
            "/en/test-errors/broken/",
            "en",
            "A temporary error occurred · North Korean Defectors' Day",
            'href="/en/"',
        ),
    ],
)
def test_server_error_page_renders_without_the_database(path, language, title, home):
    # No django_db mark: any query while rendering the 500 page would raise and fail the test.
    client = Client(raise_request_exception=False)

    response = client.get(path)

    content = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{language}">' in content
    assert _title(content).replace("&#x27;", "'") == title
    assert f'<a class="button" {home}>' in content
    assert "a failure the visitor must not see" not in content


@override_settings(ALLOWED_HOSTS=["testserver"])
@pytest.mark.django_db
def test_bad_host_gets_the_korean_400_page():
    response = Client().get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert _h1(response.content.decode()) == "요청을 처리할 수 없습니다"


@pytest.mark.django_db
def test_csrf_failure_page_is_translated_and_plain():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/en/accounts/login/", {"login": "a@example.org", "password": "x"})

    content = response.content.decode()
    assert response.status_code == 403
    assert _h1(content) == "The form has expired"
    assert '<a class="button" href="/en/">' in content
