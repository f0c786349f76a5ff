"""In Chromium, under the site's Content-Security-Policy (self only, no inline script,
frame-ancestors 'none' everywhere but the embed page): the API's docs page works, and a partner
site embeds the programme with the three-line snippet."""

import os

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    # The partner page and the live server are both on this machine; Chromium's local-network
    # permission prompt (which a real partner on the internet never meets) is turned off.
    "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,"
    "PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests",
]
PARTNER = "http://partner.test/"


@pytest.fixture
def browser_page():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1000, "height": 900})
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.console_messages = messages
        yield page
        browser.close()


def test_api_docs_page_works_under_a_strict_csp(live_server, browser_page):
    page = browser_page

    page.goto(live_server.url + "/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")

    assert "North Korean Defectors' Day open data" in page.inner_text(".swagger-ui .info .title")
    assert page.locator(".opblock-summary-path").count() == 9
    violations = [m for m in page.console_messages if "Content Security Policy" in m]
    assert violations == []


def test_partner_site_embeds_the_programme_in_three_lines(live_server, browser_page):
    call_command("load_demo", "--i-know-this-is-not-production")
    page = browser_page
    snippet = (
        '<div data-defectors-day-programme data-lang="en" data-kind="ceremony"'
        ' data-accent="#005a9c"></div>\n'
        f'<script src="{live_server.url}/static/embed/widget.js" async></script>'
    )
    page.route(
        PARTNER,
        lambda route: route.fulfill(
            content_type="text/html",
            body=f"<!doctype html><html><body><h1>Partner</h1>{snippet}</body></html>",
        ),
    )

    page.goto(PARTNER)
    frame_element = page.wait_for_selector("iframe")
    frame = frame_element.content_frame()
    frame.wait_for_selector(".dd-item")

    assert frame.locator("html").get_attribute("lang") == "en"
    # The current edition (the demo's upcoming one), its ceremony only.
    assert frame.locator(".dd-item-title").all_inner_texts() == ["Memorial ceremony", "Addresses"]
    accent = frame.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--dd-accent').trim()"
    )
    assert accent == "#005a9c"
    page.wait_for_function(
        "document.querySelector('iframe').style.height !== '480px'", timeout=5000
    )
    assert page.context.cookies(live_server.url) == []
    violations = [m for m in page.console_messages if "Content Security Policy" in m]
    assert violations == []
