import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Edition
from participants.attendance.links import rsvp_cancel_token, rsvp_cancel_url
from participants.attendance.services import rsvp_create
from participants.models import Rsvp, User
from tests.factories import (
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    open_edition,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client, user):
    """The shared attendee, logged in."""
    client.force_login(user)
    return user


def post_rsvp(client, query="", **data):
    return client.post(reverse("participants:rsvp") + query, {"party_size": 1, **data})


# --- /rsvp/ -------------------------------------------------------------------------------------


def test_rsvp_page_needs_login(client):
    open_edition()

    response = client.get(reverse("participants:rsvp"))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/rsvp/")


def test_rsvp_page_shows_form_for_current_edition(client, user):
    edition = open_edition(capacity=10, max_party_size=3)

    response = client.get(reverse("participants:rsvp"))

    content = response.content.decode()
    assert response.status_code == 200
    assert edition.title in content
    assert 'max="3"' in content
    assert 'name="needs_wheelchair"' in content


def test_rsvp_post_confirms_and_redirects_to_ticket(client, user):
    edition = open_edition(capacity=10)

    response = post_rsvp(client, party_size=2, needs_wheelchair="on", other_needs="Quiet seat")

    rsvp = Rsvp.objects.get(user=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:ticket", kwargs={"pk": rsvp.pk})
    assert (rsvp.edition, rsvp.item, rsvp.party_size, rsvp.status) == (
        edition,
        None,
        2,
        Rsvp.Status.CONFIRMED,
    )
    assert (rsvp.needs_wheelchair, rsvp.needs_sign_language, rsvp.other_needs) == (
        True,
        False,
        "Quiet seat",
    )


def test_rsvp_post_when_full_waitlists_with_position_message(client, user):
    edition = open_edition(capacity=1)
    RsvpFactory(edition=edition, party_size=1)

    response = post_rsvp(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("participants:me")
    page = client.get(response["Location"]).content.decode()
    assert "좌석이 모두 찼습니다. 대기자 명단에 올랐습니다. 대기 순번은 아래에 있습니다." in page
    assert "대기자 명단 1번" in page
    assert "대기 대기" not in page
    assert Rsvp.objects.get(user=user).status == Rsvp.Status.WAITLISTED


@pytest.mark.parametrize(
    ("party_size", "message"),
    [
        ("0", "A party is at least one person."),
        ("-1", "A party is at least one person."),
        ("5", "You can book at most 4 seats (yourself and guests)."),
        ("many", "Enter a whole number."),
        ("", "This field is required."),
    ],
)
def test_rsvp_post_bad_party_size_shows_message_and_saves_nothing(
    client, user, party_size, message
):
    open_edition(capacity=10, max_party_size=4)

    response = client.post("/en/rsvp/", {"party_size": party_size})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_rsvp_post_second_booking_shows_the_services_message(client, user):
    edition = open_edition(capacity=10)
    rsvp_create(user=user, edition=edition)

    response = client.post("/en/rsvp/", {"party_size": 1})

    assert response.status_code == 400
    assert "You already have a booking for this. See “My tickets”." in response.content.decode()
    assert Rsvp.objects.filter(user=user).count() == 1


def test_rsvp_page_for_an_item_without_seats_shows_the_services_message(client, user):
    edition = open_edition(capacity=10)
    item = ProgramItemFactory(edition=edition, capacity=None)

    response = client.get(f"/en/rsvp/?item={item.pk}")

    assert response.status_code == 404
    assert "This programme item does not take seat bookings." in response.content.decode()


def test_rsvp_post_outside_window_is_refused(client, user):
    edition = open_edition(capacity=10)
    Edition.objects.filter(pk=edition.pk).update(
        registration_opens_at=timezone.now() + dt.timedelta(days=1),
        registration_closes_at=timezone.now() + dt.timedelta(days=2),
    )

    page = client.get("/en/rsvp/")
    response = client.post("/en/rsvp/", {"party_size": 1})

    assert "Registration is not open at the moment." in page.content.decode()
    assert 'name="party_size"' not in page.content.decode()
    assert response.status_code == 400
    assert "Registration is not open at the moment." in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_rsvp_post_second_for_same_target_is_refused(client, user):
    edition = open_edition(capacity=10)
    RsvpFactory(edition=edition, user=user)

    response = client.post("/en/rsvp/", {"party_size": 1})

    content = response.content.decode()
    assert response.status_code == 400
    assert "You already have a ticket for this." in content
    assert f'href="/en/me/tickets/{Rsvp.objects.get(user=user).pk}/"' in content
    assert Rsvp.objects.filter(user=user).count() == 1


def test_rsvp_for_item_books_a_seat_on_the_item(client, user):
    edition = open_edition(capacity=10)
    item = ProgramItemFactory(edition=edition, capacity=5, title_en="Memorial ceremony")

    page = client.get(f"/en/rsvp/?item={item.pk}")
    response = post_rsvp(client, query=f"?item={item.pk}", party_size=2)

    assert "Memorial ceremony" in page.content.decode()
    rsvp = Rsvp.objects.get(user=user)
    assert response.status_code == 302
    assert (rsvp.item, rsvp.party_size) == (item, 2)


# (A NUL byte is a 400 before any view: tests/bad_input/test_admin_urls.py.)
@pytest.mark.parametrize("query", ["?item=abc", "?item=999999", "?item=-1"])
def test_rsvp_bad_item_is_a_clear_404(client, user, query):
    open_edition(capacity=10)

    response = client.get("/en/rsvp/" + query)

    assert response.status_code == 404
    assert "There is no such programme item." in response.content.decode()


def test_rsvp_item_without_seats_or_unpublished_is_404(client, user):
    edition = open_edition()
    free_entry = ProgramItemFactory(edition=edition, capacity=None)
    hidden = ProgramItemFactory(
        edition=edition, capacity=5, is_published=False, starts_at=seoul(edition, 12)
    )

    no_seats = client.get(f"/en/rsvp/?item={free_entry.pk}")
    unpublished = client.get(f"/en/rsvp/?item={hidden.pk}")

    assert no_seats.status_code == 404
    assert "This programme item does not take seat bookings." in no_seats.content.decode()
    assert unpublished.status_code == 404


# --- /me/ and tickets ---------------------------------------------------------------------------


def test_me_lists_my_rsvps_with_status_and_position(client, user, django_assert_num_queries):
    edition = open_edition(capacity=1)
    item = ProgramItemFactory(edition=edition, capacity=1, title_en="Concert")
    RsvpFactory(edition=edition, party_size=1)
    RsvpFactory(edition=edition, item=item)
    now = timezone.now()
    RsvpFactory(edition=edition, status="waitlisted", waitlisted_at=now - dt.timedelta(hours=1))
    RsvpFactory(edition=edition, user=user, status="waitlisted", waitlisted_at=now)
    RsvpFactory(edition=edition, item=item, user=user, status="waitlisted", waitlisted_at=now)
    RsvpFactory(user=UserFactory())  # someone else's, never shown

    with django_assert_num_queries(5):  # session, user, RSVPs, queue, tributes (no staff nav)
        response = client.get("/en/me/")

    content = response.content.decode()
    assert "Number 2 on the waiting list" in content
    assert "Number 1 on the waiting list" in content
    assert content.count('class="card" id="rsvp-') == 2
    assert "Leave the waiting list" in content


def test_ticket_shows_qr_code_time_place_and_calendar(client, user):
    edition = open_edition(capacity=10)
    rsvp = RsvpFactory(edition=edition, user=user, party_size=3)

    response = client.get(f"/en/me/tickets/{rsvp.pk}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in content
    assert rsvp.code_display in content
    assert f"14 July {edition.year}" in content  # the date as English readers write it
    assert "Seoul" in content
    assert reverse("participants:ticket_ics", kwargs={"pk": rsvp.pk}) in content
    korean = client.get(f"/me/tickets/{rsvp.pk}/").content.decode()
    assert f"{edition.year}년 7월 14일 (" in korean


def test_ticket_of_someone_else_is_404(client, user):
    other = RsvpFactory(edition=open_edition(capacity=10))

    assert client.get(f"/en/me/tickets/{other.pk}/").status_code == 404
    assert client.get(f"/en/me/tickets/{other.pk}/ticket.ics").status_code == 404
    assert client.post(f"/en/me/rsvps/{other.pk}/cancel/").status_code == 404
    assert Rsvp.objects.get(pk=other.pk).status == Rsvp.Status.CONFIRMED


def test_ticket_of_waitlisted_rsvp_redirects_to_me(client, user):
    rsvp = RsvpFactory(
        edition=open_edition(), user=user, status="waitlisted", waitlisted_at=timezone.now()
    )

    response = client.get(f"/en/me/tickets/{rsvp.pk}/")

    assert (response.status_code, response["Location"]) == (302, "/en/me/")


def test_ticket_ics_for_an_item_has_its_times(client, user):
    edition = open_edition(capacity=10)
    item = ProgramItemFactory(edition=edition, capacity=5, title_en="Concert")
    rsvp = RsvpFactory(edition=edition, item=item, user=user)

    response = client.get(f"/en/me/tickets/{rsvp.pk}/ticket.ics")

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "SUMMARY:Concert" in body
    [event] = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert (event.decoded("dtstart"), event.decoded("dtend")) == (item.starts_at, item.ends_at)
    assert f"UID:programme-item-{item.pk}@127.0.0.1" in body


def test_cancel_from_me_frees_the_seat_and_promotes(client, user):
    edition = open_edition(capacity=1)
    rsvp = rsvp_create(user=user, edition=edition)
    waiting = rsvp_create(user=UserFactory(), edition=edition)

    response = client.post(f"/en/me/rsvps/{rsvp.pk}/cancel/")

    assert response["Location"] == "/en/me/"
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CANCELLED
    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.OFFERED


def test_cancel_get_asks_for_confirmation_and_cancels_nothing(client, user):
    rsvp = RsvpFactory(edition=open_edition(), user=user)

    response = client.get(f"/en/me/rsvps/{rsvp.pk}/cancel/")

    content = response.content.decode()
    assert response.status_code == 200
    assert "Do you want to cancel your booking for 1 person?" in content
    # Keeping the booking is the primary button; cancelling is the secondary one.
    assert '<a class="button" href="/en/me/">No, keep my booking</a>' in content
    assert 'class="button button-secondary">Yes, cancel it</button>' in content
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CONFIRMED


# --- signed cancel link -------------------------------------------------------------------------


def test_signed_cancel_link_asks_then_cancels_without_login(client, settings):
    settings.SITE_URL = "http://testserver"
    rsvp = RsvpFactory(edition=open_edition(capacity=10), party_size=2)
    with translation.override("ko"):
        url = rsvp_cancel_url(rsvp).removeprefix("http://testserver")

    page = client.get(url)
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CONFIRMED
    response = client.post(url)

    assert "이 신청(인원 2명)을 취소하시겠습니까?" in page.content.decode()
    assert response.status_code == 200
    assert "신청이 취소되었습니다." in response.content.decode()
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CANCELLED


def test_signed_cancel_link_replayed_for_another_rsvp_is_refused(client):
    edition = open_edition(capacity=10)
    mine, other = RsvpFactory(edition=edition), RsvpFactory(edition=edition)
    token = rsvp_cancel_token(mine)

    response = client.post(f"/en/rsvp/{other.pk}/cancel/{token}/")

    assert response.status_code == 400
    assert "This cancellation link is invalid or has expired." in response.content.decode()
    assert Rsvp.objects.get(pk=other.pk).status == Rsvp.Status.CONFIRMED


@pytest.mark.parametrize(
    "mangle", [lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"), lambda t: "x"]
)
def test_signed_cancel_link_altered_is_refused(client, mangle):
    rsvp = RsvpFactory(edition=open_edition(capacity=10))

    response = client.post(f"/en/rsvp/{rsvp.pk}/cancel/{mangle(rsvp_cancel_token(rsvp))}/")

    assert response.status_code == 400
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CONFIRMED


def test_signed_cancel_link_expired_is_refused(client, settings):
    rsvp = RsvpFactory(edition=open_edition(capacity=10))
    token = rsvp_cancel_token(rsvp)
    settings.RSVP_CANCEL_LINK_MAX_AGE = -1

    response = client.post(f"/en/rsvp/{rsvp.pk}/cancel/{token}/")

    assert response.status_code == 400
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CONFIRMED


def test_signed_cancel_link_for_unknown_rsvp_is_400(client):
    response = client.get("/en/rsvp/987654/cancel/abc:def/")

    assert response.status_code == 400


# --- account deletion ---------------------------------------------------------------------------


def test_account_delete_cancels_rsvps_promotes_and_removes_the_person(client, user):
    edition = open_edition(capacity=2)
    mine = rsvp_create(user=user, edition=edition, party_size=2)
    waiting = rsvp_create(user=UserFactory(), edition=edition, party_size=2)

    response = client.post("/en/me/delete/", {"password": "correct horse battery", "confirm": "on"})

    mine.refresh_from_db()
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert (mine.user, mine.status, mine.party_size) == (None, Rsvp.Status.CANCELLED, 2)
    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.OFFERED
    assert client.get("/en/me/").status_code == 302


def test_account_delete_wrong_password_deletes_nothing(client, user):
    response = client.post("/en/me/delete/", {"password": "wrong", "confirm": "on"})

    assert response.status_code == 200
    assert "The password is not correct." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()


def test_ticket_ics_for_the_day_is_an_all_day_event(client, user):
    edition = open_edition(capacity=10)
    rsvp = RsvpFactory(edition=edition, user=user, party_size=2)

    body = client.get(f"/en/me/tickets/{rsvp.pk}/ticket.ics").content.decode()

    assert f"DTSTART;VALUE=DATE:{edition.date:%Y%m%d}" in body
    assert f"DTEND;VALUE=DATE:{edition.date + dt.timedelta(days=1):%Y%m%d}" in body
    assert "Ticket for 2 people." in body
