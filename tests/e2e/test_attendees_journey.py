"""A phone-sized journey in Chromium: sign up, verify by the emailed link, join the waiting
list, accept the seat offered when one frees up, see the ticket with its QR code, cancel."""

import re

import pytest
from django.core import mail

from participants.attendance.links import offer_url, rsvp_cancel_url
from participants.models import Rsvp, WaitlistOffer
from tests.factories import RsvpFactory, UserFactory, open_edition

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_attendee_journey_on_a_phone(live_server, phone_page, settings):
    settings.SITE_URL = live_server.url
    edition = open_edition(capacity=1)
    holder = RsvpFactory(edition=edition, user=UserFactory(), party_size=1)

    # Sign up in Korean and choose English emails.
    phone_page.goto(f"{live_server.url}/accounts/signup/")
    phone_page.fill("input[name=email]", "phone.user@example.org")
    phone_page.fill("input[name=name]", "Phone User")
    phone_page.select_option("select[name=preferred_language]", "en")
    # (No password: an email and a name are enough; a password stays optional.)
    phone_page.click("button[type=submit]")
    phone_page.wait_for_url(re.compile(r"/accounts/confirm-email/$"))
    assert mail.outbox[-1].subject == "Please Confirm Your Email Address"

    # Verify by the emailed link: allauth confirms and signs in.
    link = re.search(r"http\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    phone_page.goto(link)
    phone_page.click("main button[type=submit]")

    # Every seat is taken: the waiting list, with the position shown.
    phone_page.goto(f"{live_server.url}/rsvp/")
    phone_page.fill("input[name=party_size]", "1")
    phone_page.click("button:has-text('대기자 명단에 등록')")  # every seat is taken: it says so
    phone_page.wait_for_url(re.compile(r"/me/$"))
    assert "대기자 명단 1번" in phone_page.inner_text("main")
    mine = Rsvp.objects.get(user__email="phone.user@example.org")
    assert mine.status == Rsvp.Status.WAITLISTED

    # The holder cancels from the link in their email (no login): the seat goes to us.
    other = phone_page.context.browser.new_page()
    other.goto(rsvp_cancel_url(holder))
    other.click("text=예, 취소합니다")
    assert "신청이 취소되었습니다." in other.inner_text("main")
    other.close()

    # The freed seat is offered to us, held until we answer: accept it from the offer link.
    mine.refresh_from_db()
    assert mine.status == Rsvp.Status.OFFERED
    phone_page.goto(offer_url(WaitlistOffer.objects.get(rsvp=mine)))
    phone_page.click("button[value=accept]")
    phone_page.wait_for_url(re.compile(r"/t/\d+/"))
    mine.refresh_from_db()
    assert mine.status == Rsvp.Status.CONFIRMED
    assert phone_page.locator(".ticket-qr svg").is_visible()
    assert mine.code_display in phone_page.inner_text(".ticket-code")
    assert (
        phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    )  # no sideways scrolling

    # Cancelling asks first; keeping the booking is the primary button.
    phone_page.goto(f"{live_server.url}/me/tickets/{mine.pk}/")
    phone_page.click("text=못 오시나요? 신청 취소")
    phone_page.click("text=예, 취소합니다")
    phone_page.wait_for_url(re.compile(r"/me/$"))
    assert "신청이 취소되었습니다. 좌석은 다른 분께 돌아갑니다." in phone_page.inner_text("main")
    assert Rsvp.objects.get(pk=mine.pk).status == Rsvp.Status.CANCELLED
