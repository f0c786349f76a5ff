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

    assert email["subject.txt"] == "2025년 매대 신청: 보완 요청"
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
    setup, day = {
        "ko": ("오전 7:00", "2025년 7월 14일 (월)"),
        "en": ("7:00 AM", "Mon 14 July 2025"),
    }[language]
    for part in ("body.txt", "body.html"):
        assert setup in email[part]
        assert day in email[part]
    area = "장터" if language == "ko" else "Market"
    assert area in email["body.txt"]


@pytest.mark.parametrize(
    ("status", "language", "said"),
    [
        ("withdrawn", "ko", "신청 취소"),
        ("draft", "ko", "임시 저장"),
        ("rejected", "ko", "미선정"),
        ("submitted", "ko", "접수 완료"),
        ("something_new", "ko", "판매자 페이지에서 확인해 주세요"),
        ("withdrawn", "en", "Withdrawn"),
    ],
)
def test_vendor_application_status_is_never_a_raw_code(status, language, said):
    with translation.override(language):
        text = render_to_string("email/vendor_application/_status.txt", {"status": status})

    assert text == said
