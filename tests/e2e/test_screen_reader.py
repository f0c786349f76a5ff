"""What a screen reader is given (issue 17): no person with a screen reader could go through the
site here, so Chromium's accessibility tree (CDP ``Accessibility.getFullAXTree``, what VoiceOver,
TalkBack and NVDA read) of the key pages stands in, in Korean and English, after load_demo.

Each page has one h1 and headings that do not skip a level; the banner, main, footer and named
navigation landmarks; a name on every control; the page's language; a text alternative on every
image; links that say where they go (the same name never leads to two places); and a live region
on the pages that change without a reload.
"""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from participants.models import Rsvp, User
from tests.e2e.browser import sign_in
from tests.site_pages import DEMO_PASSWORD, LANGUAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ATTENDEE = "attendee1@example.org"
VENDOR = "vendor.onsong@example.org"
DOOR = "door@example.org"
CONTROLS = {
    "button",
    "checkbox",
    "combobox",
    "link",
    "listbox",
    "menuitem",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "tab",
    "textbox",
}
LIVE_ROLES = {"status", "alert", "log", "timer", "marquee"}


@pytest.fixture
def pages(live_server):
    """The key pages by the account that sees them (None: signed out)."""
    call_command("load_demo", "--i-know-this-is-not-production", stdout=None)
    for user in User.objects.filter(email__in=[ATTENDEE, VENDOR, DOOR]):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
    ticket = Rsvp.objects.filter(user__email=ATTENDEE, item__isnull=False).order_by("pk").first()
    return {
        None: ["/", "/programme/", f"/programme/{ticket.item_id}/"],
        ATTENDEE: ["/rsvp/", "/me/", f"/me/tickets/{ticket.pk}/", "/remember/write/"],
        VENDOR: ["/vendor/", "/vendor/products/"],
        DOOR: ["/checkin/"],
    }


def _value(node: dict, key: str) -> str:
    return str((node.get(key) or {}).get("value") or "").strip()


def _property(node: dict, name: str):
    for prop in node.get("properties", []):
        if prop["name"] == name:
            return prop["value"].get("value")
    return None


def ax_outline(session) -> list[dict]:
    """The tree as a screen reader walks it: unignored nodes in reading order, with role, name,
    heading level and whether they sit in a live region."""
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}
    root = next(node for node in nodes if "parentId" not in node)
    outline, stack = [], [(root, False)]
    while stack:
        node, live = stack.pop()
        role = _value(node, "role")
        live = live or role in LIVE_ROLES or _property(node, "live") in ("polite", "assertive")
        if not node.get("ignored"):
            outline.append(
                {
                    "role": role,
                    "name": _value(node, "name"),
                    "level": _property(node, "level"),
                    "live": live,
                    "backend": node.get("backendDOMNodeId"),
                }
            )
        children = [by_id[child] for child in node.get("childIds", []) if child in by_id]
        stack += [(child, live) for child in reversed(children)]
    return outline


def problems_of(page, session, *, language: str, updates: bool) -> list[str]:
    """What a screen-reader user would stumble on, as sentences (empty when the page is right)."""
    outline = ax_outline(session)
    found = []
    headings = [node["level"] for node in outline if node["role"] == "heading"]
    if headings.count(1) != 1:
        found.append(f"{headings.count(1)} h1")
    for before, after in itertools.pairwise(headings):
        if after > before + 1:
            found.append(f"heading h{before} then h{after}")
    roles = [node["role"] for node in outline]
    for landmark in ("banner", "main", "contentinfo", "navigation"):
        if landmark not in roles:
            found.append(f"no {landmark} landmark")
    found += [
        "a navigation without a name"
        for node in outline
        if node["role"] == "navigation" and not node["name"]
    ]
    found += [
        f"a {node['role']} without a name"
        for node in outline
        if node["role"] in CONTROLS and not node["name"]
    ]
    found += [
        "an image without a text alternative"
        for node in outline
        if node["role"] in ("image", "img") and not node["name"]
    ]
    lang = page.evaluate("() => document.documentElement.lang")
    if lang != language:
        found.append(f"lang={lang!r}")
    found += [
        f"img without alt: {src}"
        for src in page.evaluate(
            "() => [...document.querySelectorAll('img:not([alt])')].map(i => i.src)"
        )
    ]
    # WCAG 2.4.4: a link's name says where it goes; "보기" x 20 to 20 places says nothing.
    # Links in a named navigation take their context from it ("종류별 보기: 추모식").
    links = page.evaluate(
        """() => [...document.querySelectorAll('a[href]')]
            .filter(a => a.offsetParent !== null && !a.closest('nav'))
            .map(a => [a.href.split('#')[0], (a.getAttribute('aria-label')
            || a.innerText || '').replace(/\\s+/g, ' ').trim()])"""
    )
    targets: dict[str, set[str]] = {}
    for href, name in links:
        targets.setdefault(name, set()).add(href)
    found += [
        f"link {name!r} goes to {len(hrefs)} places"
        for name, hrefs in targets.items()
        if name and len(hrefs) > 1
    ]
    # An empty live region is not in the tree yet, but the screen reader watches it.
    regions = page.evaluate(
        "() => document.querySelectorAll('[aria-live], [role=status], [role=alert]').length"
    )
    if updates and not regions and not any(node["live"] for node in outline):
        found.append("no live region on a page that updates itself")
    return found


# The pages whose content changes without a reload (static/js/checkin.js polls and scans).
UPDATING = {"/checkin/"}


def test_key_pages_read_well_to_a_screen_reader(browser, live_server, pages):
    found = {}
    for email, paths in pages.items():
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.set_default_timeout(10000)
        if email:
            sign_in(page, live_server.url, email, DEMO_PASSWORD)
        session = context.new_cdp_session(page)
        for prefix in LANGUAGES:
            for path in paths:
                page.goto(f"{live_server.url}{prefix}{path}")
                problems = problems_of(
                    page, session, language=prefix[1:] or "ko", updates=path in UPDATING
                )
                if problems:
                    found[f"{prefix}{path}"] = problems
        context.close()

    assert found == {}


def test_outline_sees_a_skipped_heading_a_nameless_button_and_an_unnamed_nav(browser):
    # The audit above can fail: a page with each fault is caught.
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        '<html lang="ko"><body><header>h</header><nav><a href="/a">a</a></nav><main>'
        "<h1>제목</h1><h3>건너뜀</h3><button></button><img src='x.png'>"
        '<a href="/x">보기</a><a href="/y">보기</a></main><footer>f</footer></body></html>'
    )
    session = context.new_cdp_session(page)

    problems = problems_of(page, session, language="en", updates=True)
    context.close()

    assert problems == [
        "heading h1 then h3",
        "a navigation without a name",
        "a button without a name",
        "an image without a text alternative",
        "lang='ko'",
        "img without alt: x.png",
        "link '보기' goes to 2 places",
        "no live region on a page that updates itself",
    ]
