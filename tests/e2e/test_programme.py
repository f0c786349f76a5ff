"""A visitor opens the site in Chromium, switches to English and reads the programme."""

import os

import pytest
from django.core.management import call_command

from tests.e2e.browser import CHROMIUM_ARGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_page():
    # Playwright's sync API runs an event loop; Django's async-safety check must not trip on it.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 390, "height": 844}, locale="ko-KR")
        yield page
        browser.close()


def test_programme_visitor_switches_to_english_and_reads_programme(live_server, browser_page):
    call_command("load_demo", "--i-know-this-is-not-production")
    page = browser_page

    # The demo's current edition is the upcoming one; 2025 is the full past programme.
    page.goto(live_server.url + "/2025/")
    assert page.locator("h1").inner_text() == "제2회 북한이탈주민의 날"
    assert page.locator("html").get_attribute("lang") == "ko"

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/2025/")
    assert page.locator("h1").inner_text() == "The second North Korean Defectors' Day"

    page.get_by_role("link", name="See the programme").click()
    page.wait_for_url(f"{live_server.url}/en/2025/programme/")
    assert page.locator("h1").inner_text() == "Programme 2025"
    stages = page.locator(".stage-column h2").all_inner_texts()
    assert stages[:3] == ["Main hall", "Outdoor stage", "Seminar room"]
    first_item = page.locator(".stage-column").first.locator("article").first
    assert first_item.locator("h3").inner_text() == "Opening and a minute of silence"
    assert first_item.locator(".item-time").inner_text() == "10:00 AM–10:15 AM"  # noqa: RUF001
    assert "Surprise set" not in page.content()  # unpublished

    page.get_by_role("link", name="Performance", exact=True).click()
    titles = page.locator("article h3").all_inner_texts()
    assert "Songs from both Koreas" in titles
    assert "Addresses" not in titles

    page.get_by_role("link", name="Songs from both Koreas", exact=True).click()
    assert page.locator("h1").inner_text() == "Songs from both Koreas"
    assert page.locator(".performers li").all_inner_texts()[:2] == [
        "새봄 합창단 — Choir\nA choir of defectors and South Korean citizens singing together.",
        "이하나 — Piano\nPianist who plays art songs from both Koreas.",
    ]
    assert page.get_by_text("600 seats, booking required").is_visible()
