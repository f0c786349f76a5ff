"""The journeys people make on a phone (issue 17), in Chromium at 390x844, in Korean and in
English: an attendee signs up, confirms the address from the email, books a programme item and
opens the booking email's ticket link with no password; a vendor applies for a stall; the door
finds the ticket by its typed code and by the person's name.

Every page is checked as a tester with a phone would: nothing scrolls sideways, no text runs
out of its box or off the screen, the buttons and links of forms are at least 24 px (WCAG
2.5.8), a Korean page carries no English sentence of ours. Each page is saved as a screenshot in
var/screens/phone/ (ignored by git) for a person to look at.
"""

import re
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings as django_settings
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from events.models import SEOUL, Edition
from participants.models import Reminder, Rsvp, StallApplication, Vendor
from participants.outbox.services import reminder_send
from tests.e2e.browser import PHONE, sign_in
from tests.factories import ProgramItemFactory, StageFactory, UserFactory, open_edition, seoul

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENS = Path(django_settings.BASE_DIR) / "var" / "screens" / "phone"
PASSWORD = "a long phone passphrase 2025"
PREFIX = {"ko": "", "en": "/en"}

# What a tester would see go wrong, measured in the page itself.
PAGE_PROBLEMS = """() => {
  const width = window.innerWidth;
  const shown = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 1 && r.height > 1 && s.visibility !== 'hidden';
  };
  const scrolls = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim()
      .replace(/\\s+/g, ' ').slice(0, 40) + '"';
  const overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text || !shown(el) || scrolls(el)) continue;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    // Partly off the side (the skip link waits wholly off it until focused, by design).
    const offScreen = (r.right > width + 1 && r.left < width) || (r.left < -1 && r.right > 0);
    // Wider or taller than its own box: cut off, or spilling over what is beside it.
    const spills = s.display !== 'inline' && el.clientWidth > 0
      && (el.scrollWidth > el.clientWidth + 1
          || (s.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1));
    if (offScreen || spills) overflowing.push(name(el));
  }
  // A table behind a sideways scroll hides its last columns from someone who does not know
  // to swipe: on these pages every table fits.
  for (const el of document.querySelectorAll('.table-scroll')) {
    if (el.scrollWidth > el.clientWidth + 1) overflowing.push(name(el).slice(0, 60));
  }
  const small = [];
  const targets = 'form button, form a, form summary, form select, form input[type=submit],'
    + ' form input[type=checkbox], form input[type=radio], main button, main a.button';
  for (const el of document.querySelectorAll(targets)) {
    if (!shown(el)) continue;
    const r = el.getBoundingClientRect();
    const size = `${Math.round(r.width)}x${Math.round(r.height)}`;
    if (r.width < 24 || r.height < 24) small.push(`${name(el)} ${size}`);
  }
  let english = [];
  if (document.documentElement.lang === 'ko') {
    // Three English words in a row, outside what the person typed (marked lang=en or a form
    // value), is a string we forgot to translate.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const host = node.parentElement;
      if (!shown(host) || host.closest('[lang=en], script, style, [hidden]')) continue;
      const found = node.textContent.match(/[A-Za-z]{2,}(?:[ ,'\u2019-]+[A-Za-z]{2,}){2,}/);
      if (found) english.push(found[0]);
    }
  }
  return {scrollWidth: document.scrollingElement.scrollWidth, width, overflowing, small, english};
}"""


class Pages:
    """Checks every page a journey reaches and saves its screenshot."""

    def __init__(self, language: str, allowed_english: tuple[str, ...] = ()):
        self.language = language
        self.allowed_english = allowed_english
        self.count = 0
        self.problems: list[tuple[str, str, object]] = []
        SCREENS.mkdir(parents=True, exist_ok=True)

    def check(self, page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        self.count += 1
        page.screenshot(
            path=SCREENS / f"{self.language}-{self.count:02d}-{name}.png", full_page=True
        )
        found = page.evaluate(PAGE_PROBLEMS)
        if found["scrollWidth"] > found["width"]:
            self.problems.append((name, "sideways scroll", found["scrollWidth"]))
        for kind in ("overflowing", "small"):
            if found[kind]:
                self.problems.append((name, kind, found[kind]))
        english = [text for text in found["english"] if text not in self.allowed_english]
        if english:
            self.problems.append((name, "English on a Korean page", english))


def _account(email: str, language: str, **fields):
    user = UserFactory(email=email, preferred_language=language, **fields)
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


NAMES = {"ko": ("김하나", "햇살 공예"), "en": ("Hana Kim", "Sunlight Crafts")}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_phone_journeys_fit_the_screen(live_server, browser, settings, language):
    settings.SITE_URL = live_server.url
    edition = open_edition(capacity=50)
    stage = StageFactory(edition=edition, name_ko="대강당", name_en="Main hall")
    item = ProgramItemFactory(
        edition=edition,
        stage=stage,
        capacity=20,
        kind="performance",
        title_ko="탈북민 합창단 공연",
        title_en="Defectors' choir concert",
        starts_at=seoul(edition, 15),
        ends_at=seoul(edition, 16),
    )
    person, shop = NAMES[language]
    base = f"{live_server.url}{PREFIX[language]}"
    pages = Pages(language)

    # An attendee signs up and confirms the address from the email.
    attendee = browser.new_context(**PHONE, locale="ko-KR" if language == "ko" else "en-GB")
    page = attendee.new_page()
    page.set_default_timeout(10000)
    page.goto(f"{base}/accounts/signup/")
    pages.check(page, "signup")
    page.fill("input[name=email]", "hana@example.org")
    page.fill("input[name=name]", person)
    page.select_option("select[name=preferred_language]", language)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    pages.check(page, "check-your-email")
    [link] = re.findall(r"http\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    page.goto(link)
    pages.check(page, "confirm-email")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()

    # ... books the item from its page ...
    page.goto(f"{base}/programme/{item.pk}/")
    pages.check(page, "programme-item")
    page.locator(f"a[href$='?item={item.pk}']").click()
    page.wait_for_url(re.compile(r"/rsvp/"))
    pages.check(page, "rsvp")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/me/tickets/\d+/$"))
    pages.check(page, "ticket-signed-in")
    rsvp = Rsvp.objects.get(user__email="hana@example.org")
    assert (rsvp.item, rsvp.status) == (item, Rsvp.Status.CONFIRMED)
    page.goto(f"{base}/me/")
    pages.check(page, "me")

    # ... and opens the booking email's ticket link on a phone with no session.
    confirmation = Reminder.objects.get(kind=Reminder.Kind.RSVP_CONFIRMED, subject_id=rsvp.pk)
    mail.outbox.clear()
    assert reminder_send(reminder_id=confirmation.pk, now=timezone.now()).status == "sent"
    [email] = mail.outbox
    [ticket_link] = re.findall(r"^(http\S+/t/\d+/\S+/)$", email.body, re.M)
    stranger = browser.new_context(**PHONE).new_page()
    stranger.goto(ticket_link)
    pages.check(stranger, "ticket-from-email")
    assert stranger.locator(".ticket-qr svg").is_visible()
    assert stranger.inner_text(".ticket-code") == rsvp.code_display
    assert stranger.locator("html").get_attribute("lang") == language
    stranger.context.close()
    attendee.close()

    # A vendor applies for a stall.
    _account("sun@example.org", language, name=shop)
    vendor = browser.new_context(**PHONE).new_page()
    vendor.set_default_timeout(10000)
    sign_in(vendor, base, "sun@example.org", PASSWORD)
    vendor.goto(f"{base}/vendor/profile/")
    pages.check(vendor, "vendor-profile")
    vendor.fill("#id_display_name_ko", "햇살 공예")
    vendor.fill("#id_display_name_en", "Sunlight Crafts")
    vendor.check("input[name=visibility][value=pseudonym]")
    vendor.fill("#id_legal_name", "김햇살")
    vendor.locator("main form button[type=submit]").click()
    vendor.wait_for_url(re.compile(r"/vendor/$"))
    pages.check(vendor, "vendor-home")
    vendor.goto(f"{base}/vendor/application/")
    pages.check(vendor, "stall-application")
    vendor.check("input[name=categories][value=crafts]")
    vendor.locator("button[value=submit]").click()
    vendor.wait_for_url(re.compile(r"/vendor/$"))
    pages.check(vendor, "application-submitted")
    application = StallApplication.objects.get(vendor=Vendor.objects.get())
    assert application.status == "submitted"
    vendor.context.close()

    # The day comes: the door finds the ticket by the person's name, then by its typed code.
    Edition.objects.filter(pk=edition.pk).update(date=timezone.now().astimezone(SEOUL).date())
    door_user = _account("door@example.org", language, name="입구" if language == "ko" else "Door")
    door_user.user_permissions.add(Permission.objects.get(codename="checkin_rsvp"))
    door = browser.new_context(**PHONE).new_page()
    door.set_default_timeout(10000)
    sign_in(door, base, "door@example.org", PASSWORD)
    door.goto(f"{base}/checkin/")
    pages.check(door, "checkin")
    door.fill("input[name=q]", person[:2])
    door.locator("form[method=get] button[type=submit]").click()
    door.wait_for_load_state()
    found = door.locator(".checkin-found li")
    assert found.count() == 1
    assert person in found.inner_text()
    assert rsvp.code_display in found.inner_text()
    pages.check(door, "checkin-found-by-name")
    door.fill("#checkin-form input[name=code]", rsvp.code_display.lower().replace("-", " "))
    door.locator("#checkin-form button[type=submit]").first.click()
    door.wait_for_load_state()
    result = door.inner_text(".checkin-result")
    pages.check(door, "checkin-by-code")
    rsvp.refresh_from_db()
    assert rsvp.status == Rsvp.Status.CHECKED_IN
    assert person in result
    door.context.close()

    assert pages.problems == []
