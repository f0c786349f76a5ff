"""Every email kind, with ', &, < and an emoji in every value a person typed (issue 17, item 2):
the text part carries them as written, the HTML part escapes them, both parts carry the house
layout's footer saying why the person received the email."""

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.utils import translation

from events.live.services import programme_version_publish, stage_delay
from events.services import program_item_reschedule
from participants.market.services import stall_application_request_info, stall_assign
from participants.models import Reminder, Rsvp, WaitlistOffer
from participants.outbox.services import (
    guest_invitation_notify,
    reminder_message,
    rsvp_cancelled_notify,
    rsvp_confirmed_notify,
    rsvp_reminders_schedule,
    rsvp_waitlisted_notify,
    waitlist_offer_notify,
    waitlist_promotion_notify,
)
from participants.surveys.models import Survey
from participants.tributes.services import tribute_request_changes, tribute_write
from tests.factories import (
    AnnouncementFactory,
    AppearanceFactory,
    EditionFactory,
    ProgramItemFactory,
    ReminderFactory,
    RsvpFactory,
    StallFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    seoul,
)

pytestmark = pytest.mark.django_db

HOSTILE = 'Kim\'s <순대> & "두부" 🍜'
HOSTILE_HTML = "Kim&#x27;s &lt;순대&gt; &amp; &quot;두부&quot; 🍜"
ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")
REASONS = {
    "en": "You are receiving this email because",
    "ko": "이 메일을 보내 드립니다.",
}


def _edition():
    return EditionFactory(
        year=2025,
        title_ko=HOSTILE,
        title_en=HOSTILE,
        venue_ko=HOSTILE,
        venue_en=HOSTILE,
        address_ko=HOSTILE,
        address_en=HOSTILE,
    )


def _user(language):
    return UserFactory(name=HOSTILE, preferred_language=language)


def _item(edition):
    return ProgramItemFactory(
        edition=edition,
        title_ko=HOSTILE,
        title_en=HOSTILE,
        stage__name_ko=HOSTILE,
        stage__name_en=HOSTILE,
    )


def _week_before(language):
    rsvp = RsvpFactory(user=_user(language), edition=_edition())
    return rsvp_reminders_schedule(rsvp=rsvp)[0]


def _day_before(language):
    rsvp = RsvpFactory(user=_user(language), edition=_edition())
    return rsvp_reminders_schedule(rsvp=rsvp)[1]


def _item_hour_before(language):
    edition = _edition()
    rsvp = RsvpFactory(user=_user(language), edition=edition, item=_item(edition))
    [reminder] = rsvp_reminders_schedule(rsvp=rsvp)
    return reminder


def _waitlist_promoted(language):
    edition = _edition()
    rsvp = RsvpFactory(user=_user(language), edition=edition, item=_item(edition))
    return waitlist_promotion_notify(rsvp=rsvp)


def _hostile_vendor_application(language):
    vendor = VendorFactory(
        owner=_user(language),
        display_name_ko=HOSTILE,
        display_name_en=HOSTILE,
        description_ko=HOSTILE,
    )
    return approved_application(edition=_edition(), vendor=vendor)


def _vendor_application(language):
    application = _hostile_vendor_application(language)
    application.status = "submitted"
    application.save()
    stall_application_request_info(application=application, by=UserFactory(), note=HOSTILE)
    return Reminder.objects.get(kind="vendor_application")


def _placed(language):
    application = _hostile_vendor_application(language)
    stall = StallFactory(
        stage__edition=application.edition,
        stage__name_ko=HOSTILE,
        stage__name_en=HOSTILE,
        setup_at=dt.time(7, 30),
    )
    stall_assign(application=application, stall=stall)


def _vendor_stall_placed(language):
    _placed(language)
    return Reminder.objects.get(kind="vendor_stall_placed")


def _vendor_day_before(language):
    _placed(language)
    return Reminder.objects.get(kind="vendor_day_before")


def _performer_call(language):
    edition = _edition()
    appearance = AppearanceFactory(
        item=_item(edition),
        performer__display_name=HOSTILE,
        call_time=dt.datetime(2025, 7, 14, 9, tzinfo=dt.UTC),
    )
    return ReminderFactory(
        kind="performer_call",
        recipient=None,
        recipient_email="singer@example.org",
        language=language,
        edition=edition,
        subject=appearance,
    )


def _tribute(language):
    edition = _edition()
    author = _user(language)
    tribute = tribute_write(
        author=author,
        edition=edition,
        fields={
            "text": "어머니, 보고 싶습니다.",
            "language": language,
            "addressee": "어머니께",
            "signature_kind": "pseudonym",
            "pseudonym": "봄비",
            "province": "north_hamgyong",
            "consent_web": True,
            "consent_screen": False,
            "consent_book": False,
        },
    )
    return tribute


def _tribute_received(language):
    _tribute(language)
    return Reminder.objects.get(kind="tribute_received")


def _tribute_update(language):
    tribute = _tribute(language)
    tribute_request_changes(
        tribute=tribute, by=UserFactory(is_staff=True, is_superuser=True), note=HOSTILE
    )
    return Reminder.objects.get(kind="tribute_update")


LINK = "https://example.org/map?a=1&b=2"


def _announcement(language):
    announcement = AnnouncementFactory(
        edition=_edition(),
        status="queued_all",
        subject_ko=HOSTILE,
        subject_en=HOSTILE,
        body_ko=f"{HOSTILE}\n{LINK}",
        body_en=f"{HOSTILE}\n{LINK}",
    )
    return ReminderFactory(
        kind="announcement",
        recipient=_user(language),
        edition=announcement.edition,
        subject=announcement,
    )


def _booking(language, **fields):
    edition = _edition()
    return RsvpFactory(
        user=_user(language), edition=edition, item=_item(edition), guest_name=HOSTILE, **fields
    )


def _rsvp_confirmed(language):
    return rsvp_confirmed_notify(rsvp=_booking(language))


def _rsvp_waitlisted(language):
    return rsvp_waitlisted_notify(rsvp=_booking(language, status=Rsvp.Status.WAITLISTED))


def _rsvp_cancelled(language):
    return rsvp_cancelled_notify(
        rsvp=_booking(language, status=Rsvp.Status.CANCELLED), reason="organiser"
    )


def _guest_invitation(language):
    return guest_invitation_notify(rsvp=_booking(language))


def _waitlist_offer(language):
    rsvp = _booking(language, status=Rsvp.Status.OFFERED)
    offer = WaitlistOffer.objects.create(
        rsvp=rsvp,
        seats=rsvp.party_size,
        offered_at=seoul(rsvp.edition, 9),
        expires_at=seoul(rsvp.edition, 10),
    )
    return waitlist_offer_notify(offer=offer)


def _programme_changed(language):
    edition = _edition()
    item = _item(edition)
    RsvpFactory(user=_user(language), edition=edition, item=item)
    programme_version_publish(edition=edition)
    program_item_reschedule(item=item, starts_at=seoul(edition, 15), ends_at=seoul(edition, 16, 30))
    # The organiser's note on the version is typed too.
    programme_version_publish(edition=edition, comment_ko=HOSTILE, comment_en=HOSTILE)
    return Reminder.objects.get(kind="programme_changed")


def _stage_delayed(language):
    # Through the stage manager's own action, as on the day: the item (10:00) moves to 10:20.
    edition = _edition()
    item = _item(edition)
    RsvpFactory(user=_user(language), edition=edition, item=item)
    stage_delay(stage=item.stage, minutes=20, version=0, now=seoul(edition, 9))
    return Reminder.objects.get(kind="stage_delayed")


def _survey_invitation(language):
    edition = _edition()
    survey = Survey.objects.create(
        edition=edition,
        title_ko=HOSTILE,
        title_en=HOSTILE,
        intro_ko=HOSTILE,
        intro_en=HOSTILE,
        closes_at=seoul(edition, 21),
    )
    return ReminderFactory(
        kind="survey_invitation",
        recipient=_user(language),
        edition=edition,
        subject=survey,
        context={"survey_url": "https://example.org/survey/abc/"},
    )


BUILDERS: dict[str, Callable[[str], Reminder]] = {
    "edition_week_before": _week_before,
    "edition_day_before": _day_before,
    "item_hour_before": _item_hour_before,
    "waitlist_promoted": _waitlist_promoted,
    "vendor_application": _vendor_application,
    "vendor_stall_placed": _vendor_stall_placed,
    "vendor_day_before": _vendor_day_before,
    "performer_call": _performer_call,
    "announcement": _announcement,
    "tribute_received": _tribute_received,
    "tribute_update": _tribute_update,
    "rsvp_confirmed": _rsvp_confirmed,
    "rsvp_waitlisted": _rsvp_waitlisted,
    "rsvp_cancelled": _rsvp_cancelled,
    "guest_invitation": _guest_invitation,
    "waitlist_offer": _waitlist_offer,
    "programme_changed": _programme_changed,
    "stage_delayed": _stage_delayed,
    "survey_invitation": _survey_invitation,
}
# What a person typed that each kind carries (the tribute's own text never leaves the site).
NOT_IN_TEXT = {"tribute_received"}


def test_email_kinds_are_all_covered_by_the_special_characters_test():
    # A new kind fails here until it has a builder above.
    assert sorted(Reminder.Kind.values) == sorted(BUILDERS)


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_email_with_special_characters_text_as_written_html_escaped(kind, language):
    reminder = BUILDERS[kind](language)
    assert reminder.kind == kind

    message = reminder_message(reminder=reminder)

    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert ENTITY.findall(message.subject) == []
    assert ENTITY.findall(message.body) == []
    assert "<순대>" not in html
    if kind not in NOT_IN_TEXT:
        assert HOSTILE in message.body
        assert HOSTILE_HTML in html
    # The house layout, and why the person gets it, in both parts.
    assert "max-width:600px" in html
    assert REASONS[language] in message.body
    assert REASONS[language] in html


def test_announcement_link_is_clickable_in_the_html_part():
    message = reminder_message(reminder=_announcement("en"))

    [(html, _mimetype)] = message.alternatives
    assert '<a href="https://example.org/map?a=1&amp;b=2" rel="nofollow">' in html
    assert LINK in message.body


@pytest.mark.parametrize("language", ["ko", "en"])
def test_signup_confirmation_email_in_the_house_layout_with_special_characters(client, language):
    with translation.override("ko"):
        client.post(
            "/accounts/signup/",
            {
                "email": "new.person@example.org",
                "password1": "a long and unusual passphrase 7",
                "password2": "a long and unusual passphrase 7",
                "name": HOSTILE,
                "preferred_language": language,
            },
        )

    [message] = mail.outbox
    [(html, _mimetype)] = message.alternatives
    assert ENTITY.findall(message.body) == []
    assert HOSTILE in message.body
    assert HOSTILE_HTML in html
    assert "max-width:600px" in html
    assert REASONS[language] in html
    # The confirmation link is a link in the HTML part.
    [link] = re.findall(r"^(http\S+/accounts/confirm-email/\S+)$", message.body, re.M)
    assert f'<a href="{link}"' in html


@pytest.mark.parametrize("kind", ["rsvp_cancelled", "rsvp_confirmed", "waitlist_offer"])
def test_booking_email_footer_says_the_person_booked_not_the_cancellation_code(kind):
    message = reminder_message(reminder=BUILDERS[kind]("en"))

    footer = message.body.split("\n--\n", 1)[1]
    assert footer.splitlines()[1] == (
        "You are receiving this email because you booked with this address on the North "
        "Korean Defectors' Day website."
    )
    assert "organiser" not in footer


def test_booking_details_labels_stay_on_one_line_on_a_phone():
    # "입장권 코드" broke after "입장권" in a 390 px wide mail app.
    message = reminder_message(reminder=BUILDERS["rsvp_confirmed"]("ko"))

    [(html, _mimetype)] = message.alternatives
    labels = re.findall(r'<th scope="row" style="([^"]*)">([^<]*)</th>', html)
    assert [label for _style, label in labels] == ["행사", "일시", "장소", "좌석 수", "입장권 코드"]
    assert {"white-space:nowrap" in style for style, _label in labels} == {True}


CHANGE_LINES = {
    "ko": [
        f"- 시간·장소 변경: {HOSTILE}",
        f"  변경 전: 오전 10:00~오전 11:00 · {HOSTILE}",
        f"  지금: 오후 3:00~오후 4:30 · {HOSTILE}",
        "내 입장권: http://testserver/me/",
    ],
    "en": [
        f"- Moved: {HOSTILE}",
        f"  Before: 10:00 AM–11:00 AM · {HOSTILE}",  # noqa: RUF001
        f"  Now: 3:00 PM–4:30 PM · {HOSTILE}",  # noqa: RUF001
        "My tickets: http://testserver/en/me/",
    ],
}
CHANGE_HTML = {
    "ko": f"<br>지금: 오후 3:00~오후 4:30 · {HOSTILE_HTML}</li>",
    "en": f"<br>Now: 3:00 PM–4:30 PM · {HOSTILE_HTML}</li>",  # noqa: RUF001
}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_programme_changed_email_times_as_written_everywhere_and_a_link_to_my_tickets(
    language, settings
):
    settings.SITE_URL = "http://testserver"

    message = reminder_message(reminder=_programme_changed(language))

    [(html, _mimetype)] = message.alternatives
    lines = message.body.splitlines()
    assert [line for line in CHANGE_LINES[language] if line not in lines] == []
    assert CHANGE_HTML[language] in html
    me = CHANGE_LINES[language][-1].split(": ", 1)[1]
    assert f'<a href="{me}" style="color:#1d3557;">' in html


def test_programme_changed_email_to_a_performer_without_an_account_has_no_tickets_link():
    edition = _edition()
    item = _item(edition)
    AppearanceFactory(item=item, performer__contact_email="singer@example.org")
    programme_version_publish(edition=edition)
    program_item_reschedule(item=item, starts_at=seoul(edition, 15), ends_at=seoul(edition, 16))
    programme_version_publish(edition=edition)
    reminder = Reminder.objects.get(kind="programme_changed")

    message = reminder_message(reminder=reminder)

    assert reminder.recipient is None
    assert "/me/" not in message.body
    assert "/me/" not in message.alternatives[0][0]


@pytest.mark.parametrize(
    ("language", "line", "link"),
    [
        ("ko", f"- {HOSTILE}: 오전 10:20 (예정 오전 10:00)", "내 입장권: http://testserver/me/"),
        (
            "en",
            f"- {HOSTILE}: 10:20 AM (planned 10:00 AM)",
            "My tickets: http://testserver/en/me/",
        ),
    ],
)
def test_stage_delayed_email_times_as_written_everywhere_and_a_link_to_my_tickets(
    language, line, link, settings
):
    settings.SITE_URL = "http://testserver"

    message = reminder_message(reminder=_stage_delayed(language))

    [(html, _mimetype)] = message.alternatives
    assert line in message.body.splitlines()
    assert link in message.body.splitlines()
    time_part = line.split(": ", 1)[1]
    assert f"<li><strong>{HOSTILE_HTML}</strong>: {time_part}</li>" in html
