"""The vendor emails as the reminders renderer renders them: the reminder's context plus
``reminder``, ``recipient``, ``subject`` and ``site_url``, inside the recipient's language."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from participants.market.services import stall_application_request_info, stall_assign
from participants.models import Reminder
from tests.factories import (
    EditionFactory,
    StallApplicationFactory,
    StallFactory,
    UserFactory,
    VendorFactory,
    approved_application,
)

pytestmark = pytest.mark.django_db


def render(reminder: Reminder) -> dict[str, str]:
    context = {
        **reminder.context,
        "reminder": reminder,
        "recipient": reminder.recipient,
        "subject": reminder.subject,
        "site_url": "https://defectorsday.example.org",
    }
    with translation.override(reminder.language):
        return {
            part: render_to_string(f"email/{reminder.kind}/{part}", context)
            for part in ("subject.txt", "body.txt", "body.html")
        }


def test_vendor_application_email_in_english_carries_status_and_note():
    application = StallApplicationFactory(
        edition=EditionFactory(year=2025),
        vendor__owner__preferred_language="en",
        vendor__display_name_en="Onsong Tofu",
    )
    stall_application_request_info(
        application=application, by=UserFactory(), note="Send your <b>menu</b> & prices."
    )

    email = render(Reminder.objects.get())

    assert email["subject.txt"] == (
        "Your stall application for 2025: waiting for more information from you"
    )
    assert "Hello Onsong Tofu," in email["body.txt"]
    assert "Send your <b>menu</b> & prices." in email["body.txt"]
    assert "Please edit your application and submit it again." in email["body.txt"]
    assert "https://defectorsday.example.org/en/vendor/" in email["body.txt"]
    assert "Send your &lt;b&gt;menu&lt;/b&gt; &amp; prices." in email["body.html"]


def test_vendor_application_email_in_korean():
    application = StallApplicationFactory(
        edition=EditionFactory(year=2025),
        vendor__owner__preferred_language="ko",
        vendor__display_name_ko="온성 두부",
    )
    stall_application_request_info(
        application=application, by=UserFactory(), note="메뉴를 보내 주세요."
    )

    email = render(Reminder.objects.get())

    assert email["subject.txt"] == "2025년 매대 신청: 추가 정보를 기다리는 중"
    assert "온성 두부 님, 안녕하세요." in email["body.txt"]
    assert "메뉴를 보내 주세요." in email["body.html"]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_vendor_day_before_email_has_stall_number_and_setup_time(language):
    application = approved_application(
        edition=EditionFactory(year=2025),
        vendor=VendorFactory(owner__preferred_language=language),
    )
    stall = StallFactory(stage__edition=application.edition, number=42, setup_at=dt.time(7, 0))
    stall_assign(application=application, stall=stall)

    email = render(Reminder.objects.get(kind="vendor_day_before"))

    assert "42" in email["subject.txt"]
    assert "\n" not in email["subject.txt"]
    for part in ("body.txt", "body.html"):
        assert "07:00" in email[part]
        assert "2025-07-14" in email[part]
    area = "장터" if language == "ko" else "Market"
    assert area in email["body.txt"]
