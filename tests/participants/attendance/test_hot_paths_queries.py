"""The paths of the rush and the door cost the same number of queries with 2 bookings as with 60
(issue 12's performance goals depend on it)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from participants.models import Rsvp
from tests.factories import RsvpFactory, UserFactory, door_edition, door_staff, open_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


@pytest.mark.parametrize("others", [2, 60])
def test_booking_costs_the_same_queries_however_many_booked_before(
    client, cached, others, django_assert_max_num_queries
):
    edition = open_edition(capacity=500)
    RsvpFactory.create_batch(others, edition=edition)
    client.force_login(UserFactory())
    client.get("/en/rsvp/")  # the form, as a phone loads it first
    ContentType.objects.get_for_model(Rsvp)  # read once per process, as a server has

    # PostgreSQL: session, user, savepoint, the booking's id, savepoint, its messages, the
    # booking (whose trigger locks and counts), release. SQLite: session, user, savepoint, the
    # lock (a write and a read: no SELECT ... FOR UPDATE), seats count, the booking, its
    # messages, release.
    lock_queries = 2 if connection.vendor == "sqlite" else 1
    with django_assert_max_num_queries(7 + lock_queries):
        response = client.post("/en/rsvp/", {"party_size": 1})

    assert response.status_code == 302
    assert response["Location"].startswith("/en/me/tickets/")


@pytest.mark.parametrize("others", [2, 60])
def test_door_scan_costs_the_same_queries_however_many_tickets(
    client, others, django_assert_max_num_queries
):
    edition = door_edition(capacity=500)
    RsvpFactory.create_batch(others, edition=edition)
    guest = RsvpFactory(edition=edition)
    client.force_login(door_staff())

    # session, user, permissions x2, edition, the ticket, savepoint, the admission, the log,
    # release
    with django_assert_max_num_queries(10):
        response = client.post("/en/checkin/scan/", {"code": guest.ticket_code})

    assert response.json()["outcome"] == "checked_in"
