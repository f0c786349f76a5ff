"""Accessibility to KWCAG 2.2 / WCAG 2.1 AA (issue 17, item 6), in Chromium after load_demo:
axe-core on every public page, the attendee and vendor areas and /checkin/, on a phone (390 px)
and a laptop (1280 px), in Korean and English, with no serious or critical violation; pages
that reflow at 320 px and with wider text spacing; a visible focus for the keyboard.

axe-core is vendored (tests/e2e/vendor/axe.min.js, axe-core 4.10.3 from npm, MPL-2.0) and
injected through Playwright, never served by the site.
"""

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from participants.models import User
from tests.e2e.browser import sign_in
from tests.factories import EditionFactory, ExhibitFactory, ProgramItemFactory
from tests.site_pages import DEMO_PASSWORD, LANGUAGES, public_paths, role_paths

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_RUN = """() => axe.run(document, {runOnly: {type: 'tag', values:
    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"""
# WCAG 1.4.12: line height 1.5, paragraphs 2em apart, letters 0.12em, words 0.16em.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""


@pytest.fixture
def demo(live_server):
    call_command("load_demo", "--i-know-this-is-not-production", stdout=None)
    roles = role_paths()
    # Outside DEBUG the demo sets no known password: give the accounts used here one.
    for user in User.objects.filter(email__in=roles):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    return {None: public_paths(), **roles}


def _context(browser, live_server, width, email=None):
    # bypass_csp: the site forbids inline script, and axe is injected as one.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10000)
    if email:
        sign_in(page, live_server.url, email, DEMO_PASSWORD)
    return context, page


def _each_page(browser, live_server, demo, width):
    for email, paths in demo.items():
        context, page = _context(browser, live_server, width, email)
        for language in LANGUAGES:
            for path in paths:
                page.goto(f"{live_server.url}{language}{path}")
                yield f"{language}{path}", page
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_serious_or_critical_violation(browser, live_server, demo, width):
    found, clipped = [], []
    for path, page in _each_page(browser, live_server, demo, width):
        page.evaluate(AXE)
        result = page.evaluate(AXE_RUN)
        found += [
            (path, violation["id"], [node["target"] for node in violation["nodes"]][:3])
            for violation in result["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        if width == 390:
            # WCAG 1.4.12 on the phone: wider spacing loses nothing off the side.
            page.add_style_tag(content=TEXT_SPACING)
            if page.evaluate("() => document.documentElement.scrollWidth > 390"):
                clipped.append(path)

    assert found == []
    assert clipped == []


def test_pages_reflow_at_320_px_without_sideways_scrolling(browser, live_server, demo):
    # 320 CSS px is a 1280 px screen at 400% zoom (WCAG 1.4.10), and so covers 200%.
    wide = [
        path
        for path, page in _each_page(browser, live_server, demo, 320)
        if page.evaluate("() => document.documentElement.scrollWidth > 320")
    ]

    assert wide == []


@pytest.mark.parametrize("path", ["/", "/en/programme/", "/exhibits/"])
def test_keyboard_focus_is_always_visible(browser, live_server, path):
    edition = EditionFactory(year=2027)
    ProgramItemFactory(edition=edition, capacity=10)
    ExhibitFactory()
    context, page = _context(browser, live_server, 1280)
    page.goto(f"{live_server.url}{path}")
    invisible = []
    for _ in range(25):
        page.keyboard.press("Tab")
        focus = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
                return {tag: e.tagName, text: (e.innerText || e.name || '').slice(0, 30),
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2}; }"""
        )
        if focus["tag"] == "BODY":
            break
        if not focus["outline"]:
            invisible.append(focus)
    context.close()

    assert invisible == []


def test_vendor_form_errors_are_announced_and_tied_to_their_field(browser, live_server, demo):
    context, page = _context(browser, live_server, 390, "vendor.onsong@example.org")
    page.goto(f"{live_server.url}/en/vendor/products/add/")
    page.fill("input[name=price_won]", "-5")
    page.locator("main form button[type=submit]").click()

    alerts = page.locator("[role=alert]").count()
    described = page.get_attribute("input[name=price_won]", "aria-describedby")
    invalid = page.get_attribute("input[name=price_won]", "aria-invalid")
    error = page.locator(f"#{described.split()[-1]}").inner_text()
    context.close()

    assert alerts == 1
    assert invalid == "true"
    assert error == "The price cannot be below zero."


def test_remembrance_screen_pauses_on_a_key_and_goes_on_with_the_next(
    browser, live_server, monkeypatch
):
    # WCAG 2.2.1/2.2.2: the venue screen moves on by itself, and a reader can stop it.
    monkeypatch.setattr("participants.tributes.views.SCREEN_SECONDS", 1)
    context, page = _context(browser, live_server, 1280)
    page.goto(f"{live_server.url}/remember/screen/")
    page.keyboard.press("Space")
    page.evaluate("() => { window.stayed = true; }")
    page.wait_for_timeout(2500)
    paused = page.evaluate("() => window.stayed === true")
    shown = page.locator("#screen-paused").is_visible()
    page.keyboard.press("Space")
    page.wait_for_function("() => window.stayed === undefined", timeout=5000)  # reloaded
    context.close()

    assert paused
    assert shown
