"""Check-in refuses a ticket of another edition and one shown before its edition's day; an
organiser may override with a reason, which is audited."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission

from events.models import SEOUL, AuditEntry
from participants.attendance.services import rsvp_check_in
from participants.models import Rsvp
from tests.factories import EditionFactory, RsvpFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory(year=2027, date=dt.date(2027, 7, 14), is_published=True)


def door_staff():
    return UserFactory(is_staff=True)


def organiser():
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_rsvp"))
    return user


def test_checkin_refuses_ticket_of_another_edition(edition):
    other = RsvpFactory(edition=EditionFactory(year=2026, date=dt.date(2026, 7, 14)))
    on_the_day = dt.datetime(2027, 7, 14, 10, tzinfo=SEOUL)

    result = rsvp_check_in(code=other.ticket_code, by=door_staff(), edition=edition, now=on_the_day)

    other.refresh_from_db()
    assert (result.outcome, other.status) == ("other_edition", Rsvp.Status.CONFIRMED)


@pytest.mark.parametrize(
    ("when", "outcome", "status"),
    [
        (dt.datetime(2027, 7, 13, 23, 59, tzinfo=SEOUL), "too_early", "confirmed"),
        (dt.datetime(2027, 7, 14, 0, 0, tzinfo=SEOUL), "checked_in", "checked_in"),
    ],
)
def test_checkin_before_the_edition_day_refused_at_the_boundary(edition, when, outcome, status):
    rsvp = RsvpFactory(edition=edition)

    result = rsvp_check_in(code=rsvp.ticket_code, by=door_staff(), edition=edition, now=when)

    rsvp.refresh_from_db()
    assert (result.outcome, rsvp.status) == (outcome, status)


def test_checkin_organiser_overrides_with_a_reason_audited(edition):
    rsvp = RsvpFactory(edition=edition)
    by = organiser()
    early = dt.datetime(2027, 7, 13, 18, tzinfo=SEOUL)

    result = rsvp_check_in(
        code=rsvp.ticket_code, by=by, edition=edition, now=early, override_reason="rehearsal guest"
    )

    rsvp.refresh_from_db()
    assert (result.outcome, rsvp.status) == ("checked_in", Rsvp.Status.CHECKED_IN)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.OTHER)
    assert (entry.user, entry.object_id, entry.detail) == (
        by,
        str(rsvp.pk),
        {"check_in_override": "too_early", "reason": "rehearsal guest"},
    )


def test_checkin_door_staff_cannot_override(edition):
    rsvp = RsvpFactory(edition=edition)
    early = dt.datetime(2027, 7, 13, 18, tzinfo=SEOUL)

    result = rsvp_check_in(
        code=rsvp.ticket_code, by=door_staff(), edition=edition, now=early, override_reason="x"
    )

    assert result.outcome == "too_early"
    assert not AuditEntry.objects.exists()
