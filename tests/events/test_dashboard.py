"""The edition dashboard on the admin's index: each app's panel, counts only, in a number of
queries that does not grow with the data."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.dashboard import registered_panels
from participants.models import Rsvp
from tests.factories import (
    EditionFactory,
    ProgramItemFactory,
    ReminderFactory,
    RsvpFactory,
    UserFactory,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return UserFactory(email="boss@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def edition():
    return EditionFactory(year=2027, capacity=100)


def _index(client, **params):
    return client.get(reverse("admin:index"), params)


def test_panels_are_registered_by_their_apps():
    assert [panel.key for panel in registered_panels()] == [
        "bookings",
        "on_the_day",
        "market",
        "exhibits",
        "outbox",
        "access_needs",
        "retention",
    ]


def test_dashboard_shows_counts_and_links_to_the_lists_behind_them(client, organiser, edition):
    RsvpFactory(edition=edition, party_size=3, needs_wheelchair=True)
    RsvpFactory(edition=edition, party_size=2, status=Rsvp.Status.WAITLISTED)
    client.force_login(organiser)

    page = _index(client, edition=2027).content.decode()

    assert 'id="panel-bookings"' in page
    assert "?edition__id__exact=" in page
    assert "needs=wheelchair" in page
    assert "<svg" in page  # the spark line, with its table for screen readers
    assert "<details>" in page
    for email in Rsvp.objects.values_list("user__email", flat=True):
        assert email not in page


def test_dashboard_query_count_does_not_grow_with_bookings(client, organiser, edition):
    item = ProgramItemFactory(edition=edition, capacity=500)
    client.force_login(organiser)
    RsvpFactory(edition=edition)
    _index(client, edition=2027)
    with CaptureQueriesContext(connection) as few:
        _index(client, edition=2027)
    for _ in range(30):
        RsvpFactory(
            edition=edition,
            item=item,
            status=Rsvp.Status.CHECKED_IN,
            checked_in_at=seoul(edition, 10, 7),
        )
        ReminderFactory()
    with CaptureQueriesContext(connection) as many:
        _index(client, edition=2027)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_dashboard_shows_only_the_panels_a_user_may_see(client, edition):
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_reminder"))
    client.force_login(viewer)
    page = _index(client, edition=2027).content.decode()
    assert 'id="panel-outbox"' in page
    assert 'id="panel-bookings"' not in page
    assert 'id="panel-access_needs"' not in page


def test_dashboard_raises_a_red_banner_when_reminders_are_stuck(client, organiser, edition):
    ReminderFactory(due_at=timezone.now() - dt.timedelta(minutes=45))
    client.force_login(organiser)
    page = _index(client, edition=2027).content.decode()
    assert 'class="dashboard-alert" role="alert"' in page
    assert "45" in page


def test_dashboard_refreshes_itself_only_on_the_day(client, organiser, settings):
    today = timezone.localdate()
    EditionFactory(year=today.year, date=today)
    client.force_login(organiser)
    assert 'http-equiv="refresh"' in _index(client, edition=today.year).content.decode()
    EditionFactory(year=today.year + 3)
    assert 'http-equiv="refresh"' not in _index(client, edition=today.year + 3).content.decode()


def test_dashboard_with_no_edition_shows_the_app_list(client, organiser):
    client.force_login(organiser)
    page = _index(client).content.decode()
    assert 'class="dashboard"' not in page
    assert "app-participants" in page


def test_dashboard_counts_check_ins_per_quarter_hour(client, organiser, edition):
    for minute in (1, 14, 16):
        RsvpFactory(
            edition=edition,
            party_size=1,
            status=Rsvp.Status.CHECKED_IN,
            checked_in_at=seoul(edition, 10, minute),
        )
    client.force_login(organiser)
    page = _index(client, edition=2027).content.decode()
    assert '<th scope="row">10:00</th><td>2</td>' in page
    assert '<th scope="row">10:15</th><td>1</td>' in page
