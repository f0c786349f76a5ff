"""The ticket without a password: the signed link, its revocation, the PDF."""

import pytest
from django.core import signing
from django.utils import translation

from participants.attendance.links import ticket_token
from participants.attendance.links import ticket_url_path as _ticket_url_path
from participants.attendance.services import rsvp_cancel, rsvp_ticket_reissue
from participants.attendance.tickets import ticket_document
from participants.models import Rsvp
from tests.factories import (
    EditionFactory,
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    open_edition,
)

pytestmark = pytest.mark.django_db


def ticket_url_path(rsvp) -> str:
    with translation.override("ko"):
        return _ticket_url_path(rsvp)


@pytest.fixture
def booking():
    edition = open_edition(capacity=10)
    person = UserFactory(name="하나", email="private.person@example.org", phone="010-1234-5678")
    return RsvpFactory(
        edition=edition, user=person, party_size=2, other_needs="Guide dog", needs_wheelchair=True
    )


def test_signed_ticket_link_opens_without_sign_in_and_shows_only_the_display_name(client, booking):
    response = client.get(f"/en{ticket_url_path(booking)}")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content
    assert booking.code_display in content
    assert "하나" in content
    for private in ("private.person@example.org", "010-1234-5678", "5678", "Guide dog"):
        assert private not in content
    assert f"/rsvp/{booking.pk}/cancel/" in content  # the signed cancel link, not /me/


def test_signed_ticket_link_is_revoked_when_the_code_is_reissued(client, booking):
    old_path = ticket_url_path(booking)
    old_code = booking.ticket_code

    rsvp_ticket_reissue(rsvp=booking)
    old = client.get(f"/en{old_path}")
    new = client.get(f"/en{ticket_url_path(Rsvp.objects.get(pk=booking.pk))}")

    assert Rsvp.objects.get(pk=booking.pk).ticket_code != old_code
    assert old.status_code == 400
    assert "This ticket link is invalid, has expired or was replaced" in old.content.decode()
    assert new.status_code == 200


@pytest.mark.parametrize(
    "token",
    ["nonsense", "MQ:1abcde:forgedsignature", signing.dumps(999, salt="participants.ticket:x")],
)
def test_forged_ticket_link_is_refused_clearly(client, booking, token):
    response = client.get(f"/en/t/{booking.pk}/{token}/")

    assert response.status_code == 400
    assert "This ticket link is invalid" in response.content.decode()


def test_another_tickets_token_does_not_open_this_one(client, booking):
    other = RsvpFactory(edition=booking.edition)

    response = client.get(f"/en/t/{booking.pk}/{ticket_token(other)}/")

    assert response.status_code == 400


def test_expired_ticket_link_is_refused(client, booking, settings):
    path = ticket_url_path(booking)
    settings.TICKET_LINK_MAX_AGE = -1

    response = client.get(f"/en{path}")

    assert response.status_code == 400


def test_signed_link_of_a_cancelled_booking_says_it_has_no_ticket(client, booking):
    path = ticket_url_path(booking)
    rsvp_cancel(rsvp=booking)

    response = client.get(f"/en{path}")

    assert response.status_code == 410
    assert "This booking was cancelled, so it has no ticket any more." in response.content.decode()


def test_signed_ticket_pdf_is_a_pdf(client, booking):
    response = client.get(f"/en{ticket_url_path(booking)}ticket.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_ticket_pdf_is_one_page_with_the_code_in_large_type(booking):
    item = ProgramItemFactory(edition=booking.edition, capacity=5)
    rsvp = RsvpFactory(edition=booking.edition, item=item, party_size=3)

    document = ticket_document(
        rsvp, language="ko", context={"title": "추모식", "when": "오후 3:00", "place": "본관"}
    )

    assert len(document.pages) == 1


def test_me_lists_every_booking_upcoming_and_past_and_past_ones_have_no_cancel(client):
    person = UserFactory()
    client.force_login(person)
    upcoming = RsvpFactory(edition=open_edition(capacity=10), user=person)
    past_edition = EditionFactory(year=2024, capacity=10)
    past = RsvpFactory(edition=past_edition, user=person)

    content = client.get("/en/me/").content.decode()

    coming, gone = content.split("<h2>Past</h2>")
    assert f'id="rsvp-{upcoming.pk}"' in coming
    assert f"/me/rsvps/{upcoming.pk}/cancel/" in coming
    assert f'id="rsvp-{past.pk}"' in gone
    assert f"/me/rsvps/{past.pk}/cancel/" not in gone
