"""Every public page, the attendee pages, /vendor/, /checkin/ and the admin load in Chromium with
the Content-Security-Policy and break none of it."""

import logging
import os

import pytest
from django.core.management import call_command

from participants.models import Rsvp, User, Vendor
from tests.e2e.test_programme import CHROMIUM_ARGS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "csp-e2e-password-2025"

# Records violations as the browser sees them; an init script runs before the page's own code.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def demo():
    call_command("load_demo", "--i-know-this-is-not-production")
    for email in (
        "organiser@example.org",
        "attendee1@example.org",
        "door@example.org",
        "vendor.onsong@example.org",
    ):
        user = User.objects.get(email=email)
        user.set_password(PASSWORD)
        user.save()


@pytest.fixture
def chromium():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def visit_all(browser, base: str, paths: list[str], email: str | None = None) -> dict:
    """Open each page (signed in as ``email``); return the violations seen per page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.set_default_timeout(10000)
    console = []
    page.on(
        "console",
        lambda message: (
            console.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    if email:
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_login", email)
        page.fill("#id_password", PASSWORD)
        page.locator("#password-sign-in").click()
        page.wait_for_load_state("networkidle")
    seen = {}
    for path in paths:
        console.clear()
        response = page.goto(base + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, (path, response.status)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        seen[path] = page.evaluate("window.__cspViolations") + console
    context.close()
    return seen


def test_csp_no_violation_on_any_page(live_server, demo, chromium, caplog):
    caplog.set_level(logging.WARNING, logger="csp")
    base = live_server.url
    attendee = User.objects.get(email="attendee1@example.org")
    ticket = Rsvp.objects.filter(user=attendee).exclude(status="cancelled").first()
    item = ticket.item or ticket.edition.items.filter(is_published=True).first()
    vendor = Vendor.objects.filter(is_listed=True).first()
    exhibit_number = (
        __import__("exhibits.models")
        .models.Exhibit.objects.filter(is_published=True)
        .first()
        .object_number
    )

    public = [
        "/",
        "/en/",
        "/about/",
        "/programme/",
        f"/programme/{item.pk}/",
        "/2025/",
        "/2025/programme/",
        "/exhibits/",
        f"/exhibits/{exhibit_number}/",
        "/market/",
        "/market/plan/",
        f"/market/{vendor.pk}/",
        "/accounts/login/",
        "/accounts/signup/",
    ]
    results = visit_all(chromium, base, public)
    results |= visit_all(
        chromium, base, ["/me/", f"/me/tickets/{ticket.pk}/"], "attendee1@example.org"
    )
    results |= visit_all(
        chromium,
        base,
        ["/vendor/", "/vendor/products/", "/vendor/permits/"],
        "vendor.onsong@example.org",
    )
    results |= visit_all(chromium, base, ["/checkin/"], "door@example.org")
    results |= visit_all(
        chromium,
        base,
        [
            "/admin/",
            "/admin/events/programitem/",
            f"/admin/events/edition/{ticket.edition.pk}/timeline/",
            "/admin/participants/stall/plan/",
        ],
        "organiser@example.org",
    )

    assert {path: found for path, found in results.items() if found} == {}
    assert [r.getMessage() for r in caplog.records if r.name == "csp"] == []
