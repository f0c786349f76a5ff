"""Keyboard only (KWCAG 2.2 / WCAG 2.1.1 and 2.4.7, issue 17, item 6), in Chromium: an attendee
books a seat from the programme item's page, opens the ticket and cancels it; a vendor adds a
product; the door finds a ticket by its typed code and checks it in. Only Tab, Shift+Tab,
typing, Enter and Space; every element the keyboard reaches shows where the focus is, and
every control the journey needs can be reached (set-up and sign-in excepted)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission

from participants.market.models import Product
from participants.models import Rsvp
from tests.factories import (
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    door_edition,
    open_edition,
    seoul,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long and unusual passphrase 7"

# What has the focus, and whether it shows: an outline of 2 px or more, or a box shadow.
FOCUS = """() => { const e = document.activeElement;
    if (!e || e === document.body || e === document.documentElement) return null;
    const s = getComputedStyle(e);
    return {tag: e.tagName, text: (e.innerText || e.value || e.name || '').trim().slice(0, 40),
            shown: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
                   || s.boxShadow !== 'none'}; }"""

# Every control a pointer could use, numbered: shown (not in a closed <details>), enabled, not
# taken out of the tab order;
# of a group of radio buttons only the one Tab stops at (the checked one, else the first).
FOCUSABLE = """() => {
    const stop = (e) => e.type !== 'radio' || e.checked
        || (!document.querySelector(`input[type=radio][name="${e.name}"]:checked`)
            && document.querySelector(`input[type=radio][name="${e.name}"]`) === e);
    const all = [...document.querySelectorAll(
        'a[href], button, input, select, textarea, summary, [tabindex]')].filter((e) =>
        !e.disabled && e.type !== 'hidden' && e.tabIndex >= 0
        && e.checkVisibility({visibilityProperty: true}) && !e.closest('[inert]') && stop(e));
    all.forEach((e, i) => { e.dataset.kbd = i; });
    return all.map((e) => e.outerHTML.slice(0, 100)); }"""


class Keyboard:
    """Moves through a page with Tab (or Shift+Tab) and records every focus that does not show."""

    def __init__(self, page):
        self.page = page
        self.unseen: list[dict] = []
        self.unreachable: list[str] = []

    def walk(self) -> None:
        """Tab once around the whole page: every control gets the focus, and shows it."""
        controls = self.page.evaluate(FOCUSABLE)
        reached = set()
        for _ in range(len(controls) + 5):
            self.page.keyboard.press("Tab")
            focus = self.page.evaluate(FOCUS)
            if focus is not None and not focus["shown"]:
                self.unseen.append({**focus, "url": self.page.url})
            reached.add(self.page.evaluate("() => document.activeElement.dataset.kbd"))
        self.unreachable += [
            f"{self.page.url}: {html}"
            for number, html in enumerate(controls)
            if str(number) not in reached
        ]

    def tab_to(self, selector: str, *, backwards: bool = False, limit: int = 150) -> None:
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            focus = self.page.evaluate(FOCUS)
            if focus is None:
                continue
            if not focus["shown"]:
                self.unseen.append({**focus, "url": self.page.url})
            if self.page.evaluate("(s) => document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"{selector} on {self.page.url} cannot be reached with Tab")

    def type(self, selector: str, text: str) -> None:
        self.tab_to(selector)
        self.page.keyboard.press("Control+A")
        self.page.keyboard.type(text)

    def choose(self, selector: str, value: str) -> None:
        """A closed <select> moves through its options with the arrow keys."""
        self.tab_to(selector)
        for _ in range(20):
            if self.page.evaluate("() => document.activeElement.value") == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"{value} cannot be chosen in {selector} with the keyboard")

    def press(self, key: str, *, then_url: str | None = None) -> None:
        self.page.keyboard.press(key)
        if then_url:
            self.page.wait_for_url(re.compile(then_url))
            self.page.wait_for_load_state()
            self.walk()


def _account(email: str, **fields):
    user = UserFactory(email=email, **fields)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def _signed_in(browser, live_server, email: str):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(10000)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("#password-sign-in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    return page


def test_attendee_books_opens_the_ticket_and_cancels_by_keyboard(browser, live_server):
    edition = open_edition()
    item = ProgramItemFactory(
        edition=edition, capacity=20, starts_at=seoul(edition, 14), ends_at=seoul(edition, 15)
    )
    _account("keys@example.org")
    page = _signed_in(browser, live_server, "keys@example.org")
    keys = Keyboard(page)

    page.goto(f"{live_server.url}/programme/{item.pk}/")
    keys.walk()
    keys.tab_to(f"a[href$='?item={item.pk}']")
    keys.press("Enter", then_url=r"/rsvp/\?item=")
    keys.type("input[name=party_size]", "2")
    keys.tab_to("main form button[type=submit]")
    keys.press("Enter", then_url=r"/me/tickets/\d+/$")  # the booking opens the ticket
    booking = Rsvp.objects.get(user__email="keys@example.org")
    assert (booking.status, booking.party_size, booking.item_id) == ("confirmed", 2, item.pk)

    keys.tab_to("a[href*='/cancel/']")
    keys.press("Enter", then_url=r"/cancel/$")
    keys.tab_to("main form button[type=submit]")
    keys.press("Space")  # a button takes Space as well as Enter
    page.wait_for_function("() => !location.pathname.endsWith('/cancel/')")
    page.context.close()

    booking.refresh_from_db()
    assert booking.status == Rsvp.Status.CANCELLED
    assert keys.unseen == []
    assert keys.unreachable == []


def test_vendor_adds_a_product_by_keyboard(browser, live_server):
    owner = _account("stall@example.org")
    vendor = VendorFactory(owner=owner)
    approved_application(vendor=vendor)  # products come once the stall is approved
    page = _signed_in(browser, live_server, "stall@example.org")
    keys = Keyboard(page)

    page.goto(f"{live_server.url}/vendor/products/")
    keys.walk()
    keys.tab_to("main a[href$='/vendor/products/add/']")
    keys.press("Enter", then_url=r"/vendor/products/add/$")
    keys.type("input[name=name_ko]", "보자기")
    keys.type("input[name=name_en]", "Wrapping cloth")
    keys.choose("select[name=category]", "crafts")
    keys.type("input[name=price_won]", "5000")
    keys.tab_to("main form button[type=submit]")
    keys.press("Enter", then_url=r"/vendor/products/$")
    page.context.close()

    assert list(Product.objects.filter(vendor=vendor).values_list("name_ko", "price_won")) == [
        ("보자기", 5000)
    ]
    assert keys.unseen == []
    assert keys.unreachable == []


def test_door_checks_in_a_ticket_by_its_typed_code_by_keyboard(browser, live_server):
    edition = door_edition()
    door = _account("door.keys@example.org")
    door.user_permissions.add(Permission.objects.get(codename="checkin_rsvp"))
    ticket = RsvpFactory(edition=edition, user=UserFactory(name="하나"), party_size=1)
    page = _signed_in(browser, live_server, "door.keys@example.org")
    keys = Keyboard(page)

    page.goto(f"{live_server.url}/checkin/")
    keys.walk()
    keys.type("#checkin-form input[name=code]", ticket.code_display)
    keys.tab_to("#checkin-form button[type=submit]")
    keys.press("Enter")
    page.locator(".checkin-result").wait_for()
    result = page.inner_text(".checkin-result")
    # And back up with Shift+Tab: the code field is reachable again for the next person.
    keys.tab_to("#checkin-form input[name=code]", backwards=True)
    page.context.close()

    ticket.refresh_from_db()
    assert ticket.status == Rsvp.Status.CHECKED_IN
    assert "하나" in result
    assert keys.unseen == []
    assert keys.unreachable == []
