"""Seat states on the programme and item pages: seats left, full, "you have a ticket"."""

import pytest

from participants.attendance.services import rsvp_create
from tests.factories import (
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    door_staff,
    open_edition,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return open_edition(capacity=100)


def test_programme_shows_seats_left_full_and_my_ticket(client, edition):
    person = UserFactory()
    roomy = ProgramItemFactory(edition=edition, capacity=5, starts_at=seoul(edition, 10))
    full = ProgramItemFactory(edition=edition, capacity=1, starts_at=seoul(edition, 12))
    mine = ProgramItemFactory(edition=edition, capacity=3, starts_at=seoul(edition, 14))
    RsvpFactory(edition=edition, item=roomy, party_size=2)
    RsvpFactory(edition=edition, item=full)
    booking = rsvp_create(user=person, edition=edition, item=mine)
    client.force_login(person)

    content = client.get("/en/programme/").content.decode()

    assert '<p class="seats seats-left">3 seats left</p>' in content
    assert '<p class="seats seats-full">Full: join the waiting list</p>' in content
    assert (
        '<p class="seats seats-mine">You already have a ticket. '
        f'<a href="/en/me/tickets/{booking.pk}/">View</a></p>'
    ) in content
    assert "<!--seats:" not in content


def test_programme_for_a_visitor_shows_seats_but_no_personal_state(client, edition):
    item = ProgramItemFactory(edition=edition, capacity=2)
    RsvpFactory(edition=edition, item=item)

    content = client.get("/en/programme/").content.decode()

    assert '<p class="seats seats-left">1 seat left</p>' in content
    assert "seats-mine" not in content


def test_item_page_shows_the_seat_state(client, edition):
    person = UserFactory()
    item = ProgramItemFactory(edition=edition, capacity=1)
    RsvpFactory(edition=edition, item=item)
    rsvp_create(user=person, edition=edition, item=item)  # waits
    client.force_login(person)

    content = client.get(f"/en/programme/{item.pk}/").content.decode()

    assert "You are on the waiting list." in content


def test_signed_in_programme_reuses_the_shared_timetable(client, edition, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    items = [
        ProgramItemFactory(edition=edition, capacity=10, starts_at=seoul(edition, 9 + n))
        for n in range(5)
    ]
    client.force_login(UserFactory())
    client.get("/en/programme/")

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        content = client.get("/en/programme/").content.decode()

    assert all(item.title_en in content for item in items)
    # session, user, the person's bookings: the editions, the timetable and the seat counts
    # come from memory, and the navigation reads permissions only for staff.
    assert len(queries) == 3


def test_cached_seat_states_keep_each_language_and_no_one_elses_booking(client, edition, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    item = ProgramItemFactory(edition=edition, capacity=4)
    booker = UserFactory()
    booking = rsvp_create(user=booker, edition=edition, item=item)
    client.force_login(booker)

    mine = client.get("/en/programme/").content.decode()
    client.logout()
    korean = client.get("/programme/").content.decode()
    english = client.get("/en/programme/").content.decode()

    assert f'<a href="/en/me/tickets/{booking.pk}/">View</a>' in mine
    assert '<p class="seats seats-left">3석 남음</p>' in korean
    assert '<p class="seats seats-left">3 seats left</p>' in english
    assert "seats-mine" not in english + korean


@pytest.fixture
def cached_pages(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def _shell_renders(client, path):
    from django.test.signals import template_rendered

    rendered = []

    def seen(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        content = client.get(path).content.decode()
    finally:
        template_rendered.disconnect(seen)
    return content, rendered.count("events/programme_list.html")


def test_signed_in_visitors_share_the_page_but_see_only_their_own_bookings(
    client, edition, cached_pages
):
    item = ProgramItemFactory(edition=edition, capacity=5)
    first = UserFactory(name="Zyxquor Wennamaker", email="zyxquor@example.invalid")
    second = UserFactory()
    first_booking = rsvp_create(user=first, edition=edition, item=item)
    client.force_login(first)
    first_page, first_renders = _shell_renders(client, "/en/programme/")
    client.force_login(second)
    second_page, second_renders = _shell_renders(client, "/en/programme/")

    assert (first_renders, second_renders) == (1, 0)
    assert f"/en/me/tickets/{first_booking.pk}/" in first_page
    assert f"/en/me/tickets/{first_booking.pk}/" not in second_page
    # Nothing of the first visitor's may reach the second through the kept page.
    assert "Zyxquor" not in second_page
    assert "zyxquor@" not in second_page
    assert '<p class="seats seats-left">4 seats left</p>' in second_page
    assert "My tickets" in second_page
    assert "Sign out" in second_page


def test_the_shared_signed_in_page_keeps_the_filter_and_the_language_switch(
    client, edition, cached_pages
):
    ProgramItemFactory(edition=edition, capacity=5, kind="talk")
    client.force_login(UserFactory())
    client.get("/en/programme/")

    filtered = client.get("/en/programme/?kind=talk").content.decode()

    assert '<span aria-current="true">Talk</span>' in filtered
    assert 'href="/programme/?kind=talk" hreflang="ko"' in filtered


def test_staff_and_visitors_with_a_message_get_their_own_page(client, edition, cached_pages, rf):
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.http import HttpResponse

    ProgramItemFactory(edition=edition, capacity=5)
    client.force_login(UserFactory())
    client.get("/en/programme/")  # the shared page is now cached

    response = HttpResponse()
    booked = Message(constants.SUCCESS, "Your seat is booked.")
    CookieStorage(rf.get("/"))._store([booked], response)
    client.cookies["messages"] = response.cookies["messages"].value
    with_message = client.get("/en/programme/").content.decode()

    client.force_login(door_staff())
    staff_page = client.get("/en/programme/").content.decode()

    assert "Your seat is booked." in with_message
    assert "/en/checkin/" in staff_page
