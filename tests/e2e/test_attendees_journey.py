"""A phone-sized journey in Chromium: sign up, verify by the emailed link, join the waiting
list, accept the seat offered when one frees up, see the ticket with its QR code, cancel."""

import os
import re

import pytest
from django.core import mail

from participants.attendance.links import offer_url, rsvp_cancel_url
from participants.models import Rsvp, WaitlistOffer
from tests.e2e.browser import CHROMIUM_ARGS
from tests.factories import RsvpFactory, UserFactory, open_edition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Playwright's sync API runs an event loop in this thread; the ORM calls below are still
# plain synchronous calls between browser steps.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="ko-KR"
        )
        yield context.new_page()
        context.close()
        browser.close()


def test_attendee_journey_on_a_phone(live_server, page, settings):
    settings.SITE_URL = live_server.url
    edition = open_edition(capacity=1)
    holder = RsvpFactory(edition=edition, user=UserFactory(), party_size=1)

    # Sign up in Korean and choose English emails.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("input[name=email]", "phone.user@example.org")
    page.fill("input[name=name]", "Phone User")
    page.select_option("select[name=preferred_language]", "en")
    # (No password: an email and a name are enough; a password stays optional.)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert mail.outbox[-1].subject == "Please Confirm Your Email Address"

    # Verify by the emailed link: allauth confirms and signs in.
    link = re.search(r"http\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.click("main button[type=submit]")

    # Every seat is taken: the waiting list, with the position shown.
    page.goto(f"{live_server.url}/rsvp/")
    page.fill("input[name=party_size]", "1")
    page.click("button:has-text('대기자 명단에 등록')")  # every seat is taken: it says so
    page.wait_for_url(re.compile(r"/me/$"))
    assert "대기자 명단 1번" in page.inner_text("main")
    mine = Rsvp.objects.get(user__email="phone.user@example.org")
    assert mine.status == Rsvp.Status.WAITLISTED

    # The holder cancels from the link in their email (no login): the seat goes to us.
    other = page.context.browser.new_page()
    other.goto(rsvp_cancel_url(holder))
    other.click("text=예, 취소합니다")
    assert "신청이 취소되었습니다." in other.inner_text("main")
    other.close()

    # The freed seat is offered to us, held until we answer: accept it from the offer link.
    mine.refresh_from_db()
    assert mine.status == Rsvp.Status.OFFERED
    page.goto(offer_url(WaitlistOffer.objects.get(rsvp=mine)))
    page.click("button[value=accept]")
    page.wait_for_url(re.compile(r"/t/\d+/"))
    mine.refresh_from_db()
    assert mine.status == Rsvp.Status.CONFIRMED
    assert page.locator(".ticket-qr svg").is_visible()
    assert mine.code_display in page.inner_text(".ticket-code")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling

    # Cancelling asks first; keeping the booking is the primary button.
    page.goto(f"{live_server.url}/me/tickets/{mine.pk}/")
    page.click("text=못 오시나요? 신청 취소")
    page.click("text=예, 취소합니다")
    page.wait_for_url(re.compile(r"/me/$"))
    assert "신청이 취소되었습니다. 좌석은 다른 분께 돌아갑니다." in page.inner_text("main")
    assert Rsvp.objects.get(pk=mine.pk).status == Rsvp.Status.CANCELLED
