"""A phone-sized journey on the remembrance wall: write under a pseudonym (with the warning and
the preview), see it waiting on "My page", a moderator approves, it appears on the wall, the
writer deletes it with the emailed link, and it is gone."""

import os
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from participants.models import Reminder
from participants.outbox.services import reminder_send
from participants.tributes.models import Tribute
from participants.tributes.services import tribute_approve
from tests.e2e.browser import sign_in
from tests.e2e.test_attendees_journey import CHROMIUM_ARGS
from tests.factories import EditionFactory, UserFactory
from tests.participants.tributes.conftest import make_moderator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
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


def _send_pending() -> None:
    for reminder in Reminder.objects.filter(status=Reminder.Status.PENDING):
        reminder_send(reminder_id=reminder.pk)


def test_tribute_journey_on_a_phone(live_server, page, settings):
    settings.SITE_URL = live_server.url
    EditionFactory(year=2027)
    writer = UserFactory(email="writer@example.org", name="실제 이름")
    EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
    sign_in(page, live_server.url, writer.email, "correct horse battery")
    page.wait_for_url(re.compile(r"/me/$"))

    page.goto(f"{live_server.url}/remember/write/")
    assert "가족의 안전" in page.inner_text("main")
    page.fill("textarea[name=text]", "어머니, 두만강을 건너던 밤을 잊지 않겠습니다.")
    page.fill("input[name=addressee]", "어머니께")
    page.check("input[name=signature_kind][value=pseudonym]")
    page.fill("input[name=pseudonym]", "봄비")
    page.check("input[name=consent_web]")
    page.click("button[value=preview]")
    preview = page.inner_text(".tribute-preview")
    assert "봄비" in preview
    assert "실제 이름" not in preview
    assert Tribute.objects.count() == 0
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r"/me/$"))
    assert "검토 중" in page.inner_text("main")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    tribute = Tribute.objects.get()
    tribute_approve(tribute=tribute, by=make_moderator("moderator@example.org"))
    _send_pending()
    page.goto(f"{live_server.url}/remember/")
    assert "두만강을 건너던 밤" in page.inner_text("main")
    assert "봄비" in page.inner_text("main")

    link = re.search(r"http\S+/remember/delete/\S+/", mail.outbox[-1].body).group(0)
    reader = page.context.browser.new_page()
    reader.goto(link)
    reader.click("main form button[type=submit]")
    assert "추모글을 삭제했습니다" in reader.inner_text("main")
    reader.goto(f"{live_server.url}/remember/")
    assert "두만강을 건너던 밤" not in reader.inner_text("main")
    reader.close()
