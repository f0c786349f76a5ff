"""A phone-sized journey on the remembrance wall: write under a pseudonym (with the warning and
the preview), see it waiting on "My page", a moderator approves, it appears on the wall, the
writer deletes it with the emailed link, and it is gone."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from participants.models import Reminder
from participants.outbox.services import reminder_send
from participants.tributes.models import Tribute
from participants.tributes.services import tribute_approve
from tests.e2e.browser import sign_in
from tests.factories import EditionFactory, UserFactory
from tests.participants.tributes.conftest import make_moderator

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _send_pending() -> None:
    for reminder in Reminder.objects.filter(status=Reminder.Status.PENDING):
        reminder_send(reminder_id=reminder.pk)


def test_tribute_journey_on_a_phone(live_server, phone_page, settings):
    settings.SITE_URL = live_server.url
    EditionFactory(year=2027)
    writer = UserFactory(email="writer@example.org", name="실제 이름")
    EmailAddress.objects.create(user=writer, email=writer.email, verified=True, primary=True)
    sign_in(phone_page, live_server.url, writer.email, "correct horse battery")
    phone_page.wait_for_url(re.compile(r"/me/$"))

    phone_page.goto(f"{live_server.url}/remember/write/")
    assert "가족의 안전" in phone_page.inner_text("main")
    phone_page.fill("textarea[name=text]", "어머니, 두만강을 건너던 밤을 잊지 않겠습니다.")
    phone_page.fill("input[name=addressee]", "어머니께")
    phone_page.check("input[name=signature_kind][value=pseudonym]")
    phone_page.fill("input[name=pseudonym]", "봄비")
    phone_page.check("input[name=consent_web]")
    phone_page.click("button[value=preview]")
    preview = phone_page.inner_text(".tribute-preview")
    assert "봄비" in preview
    assert "실제 이름" not in preview
    assert Tribute.objects.count() == 0
    phone_page.click("button[value=submit]")
    phone_page.wait_for_url(re.compile(r"/me/$"))
    assert "검토 중" in phone_page.inner_text("main")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390

    tribute = Tribute.objects.get()
    tribute_approve(tribute=tribute, by=make_moderator("moderator@example.org"))
    _send_pending()
    phone_page.goto(f"{live_server.url}/remember/")
    assert "두만강을 건너던 밤" in phone_page.inner_text("main")
    assert "봄비" in phone_page.inner_text("main")

    link = re.search(r"http\S+/remember/delete/\S+/", mail.outbox[-1].body).group(0)
    reader = phone_page.context.browser.new_page()
    reader.goto(link)
    reader.click("main form button[type=submit]")
    assert "추모글을 삭제했습니다" in reader.inner_text("main")
    reader.goto(f"{live_server.url}/remember/")
    assert "두만강을 건너던 밤" not in reader.inner_text("main")
    reader.close()
