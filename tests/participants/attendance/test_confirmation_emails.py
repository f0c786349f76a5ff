"""Every booking, waiting-list entry, offer and cancellation is told at once, in the
recipient's language, with the ticket (inline QR, PDF, ICS) and signed links."""

import datetime as dt
import re
from email import message_from_bytes

import pytest
from django.core import mail
from django.utils import translation

from events.models import ProgramItem
from events.signals import program_item_withdrawn
from participants.attendance.services import rsvp_cancel, rsvp_create, rsvp_update
from participants.models import Reminder, Rsvp, WaitlistOffer
from participants.outbox.services import reminder_send, reminders_dispatch
from tests.factories import EditionFactory, ProgramItemFactory, UserFactory, seoul

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 7, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
def edition():
    return EditionFactory(
        year=2027,
        capacity=2,
        max_party_size=4,
        registration_opens_at=dt.datetime(2027, 6, 1, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2027, 7, 13, tzinfo=dt.UTC),
    )


def _send(kind: str, subject_id: int) -> mail.EmailMessage:
    reminder = Reminder.objects.get(kind=kind, subject_id=subject_id)
    mail.outbox.clear()
    outcome = reminder_send(reminder_id=reminder.pk, now=NOW + dt.timedelta(seconds=30))
    assert outcome.status == "sent"
    [message] = mail.outbox
    return message


def _parts(message) -> dict:
    parsed = message_from_bytes(message.message().as_bytes())
    parts = {}
    for part in parsed.walk():
        if part.get_content_maintype() == "multipart":
            continue
        parts.setdefault(part.get_content_type(), []).append(part)
    return parts


def test_booking_confirmation_is_due_at_once_and_carries_the_ticket_in_korean(edition):
    user = UserFactory(name="김하나", preferred_language="ko", email="hana@example.org")
    item = ProgramItemFactory(
        edition=edition, capacity=10, title_ko="추모식", starts_at=seoul(edition, 15)
    )

    rsvp = rsvp_create(user=user, edition=edition, item=item, party_size=3, now=NOW)
    reminder = Reminder.objects.get(kind="rsvp_confirmed", subject_id=rsvp.pk)
    message = _send("rsvp_confirmed", rsvp.pk)

    assert (reminder.due_at, reminder.language) == (NOW, "ko")
    assert message.subject == "입장권: 추모식"
    assert "2027년 7월 14일 (수) 오후 3:00" in message.body
    assert "좌석: 3" in message.body or "3" in message.body
    assert rsvp.code_display in message.body
    assert f"/t/{rsvp.pk}/" in message.body
    assert f"/rsvp/{rsvp.pk}/cancel/" in message.body
    assert not re.search(r"&(#\d+|[a-z]+);", message.body)  # no HTML entities in the text part
    parts = _parts(message)
    [html] = parts["text/html"]
    html_text = html.get_payload(decode=True).decode()
    assert 'src="cid:ticket-qr"' in html_text
    assert "2027년 7월 14일 (수) 오후 3:00" in html_text
    assert rsvp.code_display in html_text
    assert f"/t/{rsvp.pk}/" in html_text
    [qr] = parts["image/png"]
    assert qr["Content-ID"] == "<ticket-qr>"
    assert qr.get_payload(decode=True)[:8] == b"\x89PNG\r\n\x1a\n"
    [pdf] = parts["application/pdf"]
    pdf_bytes = pdf.get_payload(decode=True)
    assert pdf_bytes.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == (f'attachment; filename="ticket-{rsvp.code_display}.pdf"')
    [ics] = parts["text/calendar"]
    body = ics.get_payload(decode=True).decode()
    uid = f"programme-item-{rsvp.item_id}" if rsvp.item_id else f"edition-{rsvp.edition_id}"
    assert f"UID:{uid}@" in body  # the programme's UID: one calendar entry per event


def test_html_and_text_parts_say_the_same(edition):
    user = UserFactory(name="Kim & Lee <family>", preferred_language="en")

    rsvp = rsvp_create(user=user, edition=edition, party_size=2, now=NOW)
    message = _send("rsvp_confirmed", rsvp.pk)

    [(html, _mimetype)] = message.alternatives
    for fact in (rsvp.code_display, "Wed 14 July 2027", "Seats: 2", f"/t/{rsvp.pk}/"):
        plain = fact.replace("Seats: ", "")
        assert plain in message.body
        assert plain in html
    assert message.subject == "Your ticket: North Korean Defectors' Day 2027"
    assert not re.search(r"&(#\d+|[a-z]+);", message.body)


def test_waitlisted_booking_is_told_it_waits_without_a_ticket(edition):
    rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    waiting = rsvp_create(
        user=UserFactory(preferred_language="en"), edition=edition, party_size=1, now=NOW
    )

    message = _send("rsvp_waitlisted", waiting.pk)

    assert waiting.status == Rsvp.Status.WAITLISTED
    assert message.subject == "On the waiting list: North Korean Defectors' Day 2027"
    assert "you are on the waiting list" in message.body
    assert "application/pdf" not in _parts(message)
    assert f"/rsvp/{waiting.pk}/cancel/" in message.body


def test_offer_email_has_the_deadline_and_the_answer_link(edition):
    seated = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    waiting = rsvp_create(
        user=UserFactory(preferred_language="ko"), edition=edition, party_size=1, now=NOW
    )

    rsvp_cancel(rsvp=seated, now=NOW)
    offer = WaitlistOffer.objects.get(rsvp=waiting)
    message = _send("waitlist_offer", offer.pk)

    assert message.subject == "좌석이 생겼습니다 — 제4회 북한이탈주민의 날"
    assert "2027년 7월 2일 (금) 오후 6:00" in message.body  # 24 hours later, Korean time
    assert f"/rsvp/offer/{offer.pk}/" in message.body


@pytest.mark.parametrize(
    ("how", "sentence"),
    [
        ("attendee", "Your booking is cancelled, as you asked."),
        ("organiser", "The organisers have cancelled your booking."),
        ("withdrawn", "this part of the programme has been withdrawn"),
    ],
)
def test_cancellation_email_says_who_cancelled(edition, how, sentence):
    item = ProgramItemFactory(edition=edition, capacity=5, title_en="Concert")
    rsvp = rsvp_create(
        user=UserFactory(preferred_language="en"), edition=edition, item=item, now=NOW
    )

    if how == "attendee":
        rsvp_cancel(rsvp=rsvp, now=NOW)
    elif how == "organiser":
        rsvp_update(rsvp=rsvp, status=Rsvp.Status.CANCELLED, now=NOW)
    else:
        ProgramItem.objects.filter(pk=item.pk).update(is_published=False)
        program_item_withdrawn.send(sender=ProgramItem, item=item)
    message = _send("rsvp_cancelled", rsvp.pk)

    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CANCELLED
    assert message.subject == "Cancelled: Concert"
    assert sentence in message.body
    assert "application/pdf" not in _parts(message)
    assert Reminder.objects.get(kind="rsvp_confirmed", subject_id=rsvp.pk).status == "cancelled"


def test_dispatcher_queues_a_confirmation_within_its_minute(edition):
    rsvp = rsvp_create(user=UserFactory(), edition=edition, now=NOW)

    queued = reminders_dispatch(now=NOW + dt.timedelta(minutes=1))

    assert queued == 1
    assert Reminder.objects.get(kind="rsvp_confirmed", subject_id=rsvp.pk).queued_at is not None


def test_english_recipient_gets_english_dates(edition):
    with translation.override("ko"):
        rsvp = rsvp_create(user=UserFactory(preferred_language="en"), edition=edition, now=NOW)
    message = _send("rsvp_confirmed", rsvp.pk)

    assert "When: Wed 14 July 2027" in message.body
