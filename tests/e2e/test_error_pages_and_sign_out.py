"""On a phone, in Chromium, in both languages: the error pages in the site's layout with a way
back, and sign out from the navigation through its confirmation page."""

import os

import pytest

from tests.e2e.browser import CHROMIUM_ARGS
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.events.error_urls"),
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ko-KR"
        )
        yield context
        context.close()
        browser.close()


@pytest.mark.parametrize(
    ("path", "status", "heading", "home"),
    [
        ("/no-such-page/", 404, "페이지를 찾을 수 없습니다", "첫 화면으로 가기"),
        ("/en/no-such-page/", 404, "Page not found", "Go to the home page"),
        ("/test-errors/forbidden/", 403, "이 페이지를 열 수 없습니다", "첫 화면으로 가기"),
        ("/en/test-errors/forbidden/", 403, "You cannot open this page", "Go to the home page"),
        ("/test-errors/suspicious/", 400, "요청을 처리할 수 없습니다", "첫 화면으로 가기"),
        (
            "/en/test-errors/suspicious/",
            400,
            "The request could not be handled",
            "Go to the home page",
        ),
        ("/test-errors/broken/", 500, "일시적인 오류가 발생했습니다", "첫 화면으로 가기"),
        ("/en/test-errors/broken/", 500, "A temporary error occurred", "Go to the home page"),
    ],
)
def test_error_page_on_a_phone_leads_back_home(live_server, phone, path, status, heading, home):
    page = phone.new_page()

    response = page.goto(f"{live_server.url}{path}")

    assert response.status == status
    assert page.get_by_role("heading", level=1).inner_text() == heading
    assert page.locator(".site-header").is_visible()
    page.get_by_role("link", name=home).click()
    expected = "/en/" if path.startswith("/en/") else "/"
    assert page.url == f"{live_server.url}{expected}"


@pytest.mark.parametrize(
    ("prefix", "sign_out", "question", "sign_in"),
    [
        ("", "로그아웃", "로그아웃하시겠습니까?", "로그인"),
        ("/en", "Sign out", "Are you sure you want to sign out?", "Sign in"),
    ],
)
def test_sign_out_from_the_navigation_on_a_phone(
    live_server, phone, client, prefix, sign_out, question, sign_in
):
    client.force_login(UserFactory())
    phone.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = phone.new_page()
    page.goto(f"{live_server.url}{prefix}/about/")

    nav = page.get_by_role("navigation", name="주 메뉴" if not prefix else "Main")
    link = nav.get_by_role("link", name=sign_out)
    assert link.is_visible()
    link.click()

    assert page.locator("main p").first.inner_text() == question
    page.locator("main").get_by_role("button", name=sign_out).click()
    page.wait_for_url(f"{live_server.url}{prefix}/")

    assert nav.get_by_role("link", name=sign_in).is_visible()
    assert nav.get_by_role("link", name=sign_out).count() == 0
