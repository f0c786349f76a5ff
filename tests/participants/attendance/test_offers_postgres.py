"""Offers and the door under concurrency, on PostgreSQL: an offer accepted twice at once, an
accept racing the expiry, two offers for one seat, a party admitted by several staff at once."""

import datetime as dt
from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from participants.attendance.services import (
    rsvp_cancel,
    rsvp_check_in,
    rsvp_create,
    seats_taken,
    waitlist_offer_accept,
    waitlist_offers_expire,
    waitlist_promote,
)
from participants.models import Rsvp, WaitlistOffer
from tests.factories import EditionFactory, RsvpFactory, UserFactory, seoul
from tests.participants.attendance.test_postgres import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

NOW = dt.datetime(2027, 7, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
def edition():
    return EditionFactory(
        year=2027,
        capacity=1,
        max_party_size=4,
        registration_opens_at=dt.datetime(2027, 6, 1, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2027, 7, 13, tzinfo=dt.UTC),
    )


def _offer(edition) -> WaitlistOffer:
    seated = rsvp_create(user=UserFactory(), edition=edition, now=NOW)
    rsvp_create(user=UserFactory(), edition=edition, now=NOW)
    rsvp_create(user=UserFactory(), edition=edition, now=NOW)
    [offer] = rsvp_cancel(rsvp=seated, now=NOW)
    return offer


def test_offer_accepted_twice_at_once_confirms_one_booking(edition):
    offer = _offer(edition)

    results = race([lambda: waitlist_offer_accept(offer_id=offer.pk, now=NOW)] * 6)

    assert {r.pk for r in results} == {offer.rsvp_id}
    assert Rsvp.objects.get(pk=offer.rsvp_id).status == Rsvp.Status.CONFIRMED
    assert seats_taken(edition_id=edition.pk, item_id=None) == 1


def test_accept_racing_the_expiry_either_confirms_or_passes_on_never_both(edition):
    offer = _offer(edition)
    lapse = offer.expires_at + dt.timedelta(seconds=1)

    results = race(
        [
            lambda: waitlist_offer_accept(
                offer_id=offer.pk, now=offer.expires_at - dt.timedelta(seconds=1)
            ),
            lambda: waitlist_offers_expire(now=lapse),
        ]
    )

    offer.refresh_from_db()
    holding = Rsvp.objects.filter(edition=edition, status__in=Rsvp.HOLDING_STATUSES)
    assert holding.count() == 1
    assert seats_taken(edition_id=edition.pk, item_id=None) == 1
    if isinstance(results[0], Rsvp):
        assert (offer.status, results[1]) == ("accepted", 0)
    else:
        assert isinstance(results[0], ValidationError)
        assert offer.status == "expired"


def test_accept_after_lapse_is_refused_even_under_load(edition):
    offer = _offer(edition)
    late = offer.expires_at + dt.timedelta(minutes=1)

    results = race([lambda: waitlist_offer_accept(offer_id=offer.pk, now=late)] * 4)

    assert all(isinstance(r, ValidationError) for r in results)
    assert Rsvp.objects.get(pk=offer.rsvp_id).status == Rsvp.Status.OFFERED


def test_one_free_seat_gets_one_offer_whoever_promotes(edition):
    RsvpFactory(edition=edition, status="waitlisted", waitlisted_at=NOW)
    RsvpFactory(edition=edition, status="waitlisted", waitlisted_at=NOW + dt.timedelta(seconds=1))

    results = race([lambda: waitlist_promote(edition=edition, now=NOW)] * 5)

    assert sum(len(r) for r in results) == 1
    assert WaitlistOffer.objects.count() == 1
    assert seats_taken(edition_id=edition.pk, item_id=None) == 1


def test_party_admitted_by_many_staff_at_once_never_exceeds_its_size():
    edition = EditionFactory(year=2027, capacity=10)
    rsvp = RsvpFactory(edition=edition, party_size=3)
    day = seoul(edition, 10)
    staff = [UserFactory(is_staff=True) for _ in range(6)]

    results = race(
        [
            lambda s=s: rsvp_check_in(
                code=rsvp.ticket_code, by=s, edition=edition, people=1, now=day
            )
            for s in staff
        ]
    )

    outcomes = Counter(r.outcome for r in results)
    assert outcomes["checked_in"] == 3
    assert Rsvp.objects.get(pk=rsvp.pk).arrived == 3
