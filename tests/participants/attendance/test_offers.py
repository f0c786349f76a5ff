"""Waiting-list offers: a freed seat is held for the next in line, who accepts or declines it
before its deadline; an unanswered offer passes on."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.attendance.links import offer_token
from participants.attendance.services import (
    rsvp_cancel,
    rsvp_create,
    seats_taken,
    waitlist_offer_accept,
    waitlist_offer_decline,
    waitlist_offers_expire,
)
from participants.models import Reminder, Rsvp, WaitlistOffer
from tests.factories import EditionFactory, ProgramItemFactory, UserFactory, open_edition, seoul

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 7, 1, 9, tzinfo=dt.UTC)


@pytest.fixture
def edition():
    return EditionFactory(
        year=2027,
        capacity=2,
        max_party_size=4,
        registration_opens_at=dt.datetime(2027, 6, 1, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2027, 7, 14, 12, tzinfo=dt.UTC),
    )


def full_with_queue(edition, *, waiting=2, now=NOW):
    seated = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=now)
    queue = [rsvp_create(user=UserFactory(), edition=edition, now=now) for _ in range(waiting)]
    return seated, queue


def test_freed_seat_is_offered_to_the_first_in_line_for_24_hours(edition):
    seated, (first, second) = full_with_queue(edition)

    offers = rsvp_cancel(rsvp=seated, now=NOW)

    first.refresh_from_db()
    assert [o.rsvp_id for o in offers] == [first.pk, second.pk]  # two seats, two parties of one
    assert {o.expires_at for o in offers} == {NOW + dt.timedelta(hours=24)}
    assert first.status == Rsvp.Status.OFFERED
    assert seats_taken(edition_id=edition.pk, item_id=None) == 2  # held, not free


def test_offer_on_the_day_itself_is_short_and_ends_before_the_item_starts(edition):
    item = ProgramItemFactory(edition=edition, capacity=1, starts_at=seoul(edition, 15))
    seated = rsvp_create(user=UserFactory(), edition=edition, item=item, now=NOW)
    waiting = rsvp_create(user=UserFactory(), edition=edition, item=item, now=NOW)
    early = dt.datetime(2027, 7, 14, 9, tzinfo=dt.timezone(dt.timedelta(hours=9)))

    [offer] = rsvp_cancel(rsvp=seated, now=early)

    assert offer.rsvp_id == waiting.pk
    assert offer.expires_at == early + dt.timedelta(minutes=60)
    late = rsvp_create(user=UserFactory(), edition=edition, item=item, now=NOW)
    [then] = rsvp_cancel(rsvp=Rsvp.objects.get(pk=waiting.pk), now=seoul(edition, 14, 40))
    assert (then.rsvp_id, then.expires_at) == (late.pk, seoul(edition, 15))


def test_no_offer_when_too_little_time_is_left_before_the_item(edition):
    item = ProgramItemFactory(edition=edition, capacity=1, starts_at=seoul(edition, 15))
    seated = rsvp_create(user=UserFactory(), edition=edition, item=item, now=NOW)
    waiting = rsvp_create(user=UserFactory(), edition=edition, item=item, now=NOW)

    offers = rsvp_cancel(rsvp=seated, now=seoul(edition, 14, 55))

    assert offers == []
    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.WAITLISTED


def test_accepting_confirms_and_sends_the_ticket_and_accepting_again_changes_nothing(edition):
    seated, (first, _second) = full_with_queue(edition)
    [offer] = rsvp_cancel(rsvp=seated, now=NOW)[:1]

    booking = waitlist_offer_accept(offer_id=offer.pk, now=NOW + dt.timedelta(hours=1))
    again = waitlist_offer_accept(offer_id=offer.pk, now=NOW + dt.timedelta(hours=2))

    offer.refresh_from_db()
    assert (booking.pk, again.pk) == (first.pk, first.pk)
    assert Rsvp.objects.get(pk=first.pk).status == Rsvp.Status.CONFIRMED
    assert (offer.status, offer.answered_at) == ("accepted", NOW + dt.timedelta(hours=1))
    assert Reminder.objects.filter(kind="rsvp_confirmed", subject_id=first.pk).count() == 1


def test_accepting_after_the_deadline_is_refused_and_changes_nothing(edition):
    seated, (first, _second) = full_with_queue(edition)
    [offer] = rsvp_cancel(rsvp=seated, now=NOW)[:1]

    with pytest.raises(ValidationError) as error:
        waitlist_offer_accept(offer_id=offer.pk, now=offer.expires_at)

    offer.refresh_from_db()
    assert error.value.code == "lapsed"
    assert offer.status == "open"
    assert Rsvp.objects.get(pk=first.pk).status == Rsvp.Status.OFFERED


def test_unanswered_offer_lapses_and_passes_to_the_next(edition):
    seated = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    first = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    second = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    [offer] = rsvp_cancel(rsvp=seated, now=NOW)

    lapsed = waitlist_offers_expire(now=offer.expires_at + dt.timedelta(seconds=1))

    offer.refresh_from_db()
    assert lapsed == 1
    assert offer.status == "expired"
    assert Rsvp.objects.get(pk=first.pk).status == Rsvp.Status.CANCELLED
    assert Rsvp.objects.get(pk=second.pk).status == Rsvp.Status.OFFERED
    assert Reminder.objects.get(kind="rsvp_cancelled", subject_id=first.pk).context == {
        "reason": "offer_lapsed"
    }
    assert seats_taken(edition_id=edition.pk, item_id=None) == 2


def test_declining_passes_the_seat_on_and_declining_twice_changes_nothing(edition):
    seated = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    first = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    second = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    [offer] = rsvp_cancel(rsvp=seated, now=NOW)

    assert waitlist_offer_decline(offer_id=offer.pk, now=NOW) is True
    assert waitlist_offer_decline(offer_id=offer.pk, now=NOW) is False

    assert Rsvp.objects.get(pk=first.pk).status == Rsvp.Status.CANCELLED
    assert Rsvp.objects.get(pk=second.pk).status == Rsvp.Status.OFFERED


def test_held_seats_are_not_taken_by_a_new_booking(edition):
    seated = rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    rsvp_create(user=UserFactory(), edition=edition, party_size=2, now=NOW)
    rsvp_cancel(rsvp=seated, now=NOW)

    newcomer = rsvp_create(user=UserFactory(), edition=edition, now=NOW)

    assert newcomer.status == Rsvp.Status.WAITLISTED


# --- the offer page ------------------------------------------------------------------------


@pytest.fixture
def offer():
    edition = open_edition(capacity=1)
    seated = rsvp_create(user=UserFactory(), edition=edition)
    rsvp_create(user=UserFactory(), edition=edition)
    [made] = rsvp_cancel(rsvp=seated)
    return made


def test_offer_page_shows_accept_as_primary_and_decline_as_secondary(client, offer):
    response = client.get(f"/en/rsvp/offer/{offer.pk}/{offer_token(offer)}/")

    content = response.content.decode()
    assert response.status_code == 200
    assert '<button type="submit" name="action" value="accept">Accept the seat</button>' in content
    assert 'value="decline" class="button button-secondary"' in content


def test_offer_page_accept_confirms_and_shows_the_ticket(client, offer):
    url = f"/en/rsvp/offer/{offer.pk}/{offer_token(offer)}/"

    response = client.post(url, {"action": "accept"})
    again = client.post(url, {"action": "accept"})

    assert response.status_code == 302
    assert response["Location"].startswith(f"/en/t/{offer.rsvp_id}/")
    assert again.status_code == 302
    assert Rsvp.objects.get(pk=offer.rsvp_id).status == Rsvp.Status.CONFIRMED


def test_offer_page_after_lapse_says_so_and_confirms_nothing(client, offer):
    WaitlistOffer.objects.filter(pk=offer.pk).update(
        expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    )

    response = client.post(
        f"/en/rsvp/offer/{offer.pk}/{offer_token(offer)}/", {"action": "accept"}, follow=True
    )

    assert "This offer is no longer open" in response.content.decode()
    assert Rsvp.objects.get(pk=offer.rsvp_id).status == Rsvp.Status.OFFERED


def test_offer_page_with_a_forged_token_is_refused(client, offer):
    response = client.post(f"/en/rsvp/offer/{offer.pk}/forged/", {"action": "accept"})

    assert response.status_code == 400
    assert "This offer link is invalid or has expired." in response.content.decode()
    assert Rsvp.objects.get(pk=offer.rsvp_id).status == Rsvp.Status.OFFERED


def test_organisers_see_offers_in_the_admin(client, offer):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get("/en/admin/participants/waitlistoffer/")

    assert response.status_code == 200
    assert f"Offer #{offer.pk}" in response.content.decode()
