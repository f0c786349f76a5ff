"""Door staff see only published items of published editions: the counts, the walk-in choices,
the search, the door list and a ticket presented all leave out an unpublished item, and an
edition being prepared is never the door's."""

import pytest
from django.core.exceptions import ValidationError

from participants.attendance.selectors import door_list, seat_counts
from participants.attendance.services import door_search, rsvp_check_in, walk_in_register
from participants.models import Rsvp
from tests.factories import (
    EditionFactory,
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    door_edition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_session():
    """Today's edition with a published talk and an unpublished closed session, each booked."""
    edition = door_edition(capacity=50)
    public = ProgramItemFactory(edition=edition, capacity=20, title_en="Open Talk")
    closed = ProgramItemFactory(
        edition=edition, capacity=5, is_published=False, title_en="Closed Session"
    )
    RsvpFactory(edition=edition, item=public, user=UserFactory(name="박공개"))
    hidden = RsvpFactory(edition=edition, item=closed, user=UserFactory(name="박비공개"))
    return edition, public, closed, hidden


def test_door_counts_leave_out_unpublished_items(closed_session):
    edition, public, _closed, _hidden = closed_session

    labels = [count.label for count in seat_counts(edition=edition, published_only=True)]

    assert labels == [str(edition), public.title]


def test_door_page_shows_no_unpublished_item_in_counts_or_walk_in_choices(
    client, door, closed_session
):
    response = client.get("/en/checkin/")

    content = response.content.decode()
    assert "Open Talk" in content
    assert "Closed Session" not in content


def test_door_search_and_list_leave_out_bookings_of_unpublished_items(closed_session):
    edition, _public, _closed, hidden = closed_session

    found = door_search(edition=edition, query="공개")
    listed = door_list(edition=edition)

    assert [r.user.name for r in found] == ["박공개"]
    assert hidden not in listed
    assert len(listed) == 1


def test_ticket_of_an_unpublished_item_is_unknown_at_the_door(door, closed_session):
    edition, _public, _closed, hidden = closed_session

    result = rsvp_check_in(code=hidden.ticket_code, by=door, edition=edition)

    assert (result.outcome, result.rsvp) == ("unknown", None)
    assert Rsvp.objects.get(pk=hidden.pk).status == Rsvp.Status.CONFIRMED


def test_walk_in_for_an_unpublished_item_is_refused_and_saves_nothing(door, closed_session):
    edition, _public, closed, _hidden = closed_session

    with pytest.raises(ValidationError) as error:
        walk_in_register(edition=edition, item=closed, name="Walker", party_size=1, by=door)

    assert error.value.messages == ["현장 등록은 이번 행사의 공개된 프로그램에만 받습니다."]
    assert not Rsvp.objects.filter(guest_name="Walker").exists()


def test_door_page_walk_in_posted_for_an_unpublished_item_is_a_form_error(
    client, door, closed_session
):
    _edition, _public, closed, _hidden = closed_session

    response = client.post(
        "/en/checkin/",
        {"action": "walk_in", "name": "Walker", "party_size": 1, "item": closed.pk},
    )

    assert response.status_code == 400
    assert not Rsvp.objects.filter(guest_name="Walker").exists()


def test_door_page_never_opens_an_unpublished_edition_by_year(client, door):
    current = door_edition(capacity=10)
    EditionFactory(year=2031, is_published=False, capacity=99)
    ProgramItemFactory(
        edition__year=2032, edition__is_published=False, capacity=3, title_en="Secret Rehearsal"
    )

    page = client.get("/en/checkin/", {"year": "2031"})
    counts = client.get("/en/checkin/counts/", {"year": "2031"})

    assert page.context["edition"] == current
    assert counts.json()["edition"] == current.year
    assert "Secret Rehearsal" not in page.content.decode()
