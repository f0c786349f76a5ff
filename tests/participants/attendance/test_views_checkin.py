"""The door: check-in by ticket code or QR, by staff holding the check-in permission."""

import json

import pytest
from django.utils import timezone

from participants.attendance.codes import new_ticket_code
from participants.models import Rsvp
from tests.factories import (
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    door_edition,
    open_edition,
    seoul,
)

pytestmark = pytest.mark.django_db


# --- check-in -----------------------------------------------------------------------------------


def test_checkin_without_permission_is_forbidden(client, user):
    client.force_login(user)

    response = client.get("/en/checkin/")

    assert response.status_code == 403


def test_checkin_staff_without_the_permission_is_forbidden(client):
    client.force_login(UserFactory(is_staff=True))

    assert client.get("/en/checkin/").status_code == 403
    assert client.get("/en/checkin/counts/").status_code == 403


def test_checkin_walk_in_form_names_the_day_as_its_empty_choice(client, door):
    door_edition(capacity=10)

    content = client.get("/en/checkin/").content.decode()

    walk_in = content[content.index('value="walk_in"') :]
    assert '<option value="" selected>The day (site)</option>' in walk_in
    assert "Programme item</label>" in walk_in
    assert "---------" not in content


def test_checkin_marks_checked_in_and_shows_name_party_and_needs(client, door):
    edition = door_edition(capacity=10)
    rsvp = RsvpFactory(
        edition=edition,
        user=UserFactory(name="Park Seo"),
        party_size=3,
        needs_sign_language=True,
        other_needs="Guide dog",
    )

    response = client.post("/en/checkin/", {"code": rsvp.ticket_code})

    content = response.content.decode()
    rsvp.refresh_from_db()
    assert response.status_code == 200
    assert "Checked in: 3 of 3." in content
    assert "Park Seo" in content
    assert "<dd>3 of 3 arrived</dd>" in content
    assert "Sign language interpretation. Guide dog" in content
    assert (rsvp.status, rsvp.checked_in_by) == (Rsvp.Status.CHECKED_IN, door)


def test_checkin_twice_says_the_whole_party_is_in(client, door):
    rsvp = RsvpFactory(edition=door_edition(capacity=10), party_size=2)
    client.post("/en/checkin/", {"code": rsvp.ticket_code})

    response = client.post("/en/checkin/", {"code": rsvp.code_display.lower()})

    assert response.status_code == 409
    assert "Already checked in: the whole party is in." in response.content.decode()
    assert Rsvp.objects.get(pk=rsvp.pk).arrived == 2


def test_checkin_unknown_and_cancelled_codes_get_clear_messages(client, door):
    cancelled = RsvpFactory(edition=door_edition(capacity=10), status="cancelled")
    code = cancelled.ticket_code
    unused = next(c for c in (new_ticket_code() for _ in range(100)) if c != code)

    unknown = client.post("/en/checkin/", {"code": unused})
    malformed = client.post("/en/checkin/", {"code": "'; DROP TABLE --"})
    refused = client.post("/en/checkin/", {"code": cancelled.ticket_code})

    assert unknown.status_code == 404
    assert "Unknown ticket code." in unknown.content.decode()
    assert malformed.status_code == 400
    assert "A ticket code has 8 letters and digits, e.g. ABCD-EFGH." in malformed.content.decode()
    assert "This booking was cancelled" in refused.content.decode()
    assert Rsvp.objects.get(pk=cancelled.pk).status == Rsvp.Status.CANCELLED


def test_checkin_empty_code_shows_form_error(client, door):
    response = client.post("/en/checkin/", {"code": ""})

    assert "This field is required." in response.content.decode()


def test_checkin_counts_per_item_and_day_in_constant_queries(
    client, door, django_assert_num_queries
):
    edition = open_edition(capacity=100)
    items = [
        ProgramItemFactory(edition=edition, capacity=20, starts_at=seoul(edition, 9 + n))
        for n in range(3)
    ]
    for item in items:
        RsvpFactory(edition=edition, item=item, party_size=2)
        RsvpFactory(
            edition=edition,
            item=item,
            party_size=3,
            status="checked_in",
            checked_in_at=timezone.now(),
        )
    RsvpFactory(edition=edition, party_size=4)
    RsvpFactory(edition=edition, party_size=1, status="waitlisted", waitlisted_at=timezone.now())

    with django_assert_num_queries(8):  # session, user, permissions x2, edition, 3 counts
        response = client.get("/en/checkin/counts/")

    data = json.loads(response.content)
    assert data["counts"][0] == {
        "item": None,
        "label": str(edition),
        "capacity": 100,
        "confirmed": 4,
        "checked_in": 0,
        "waitlisted": 1,
    }
    assert [(c["item"], c["confirmed"], c["checked_in"]) for c in data["counts"][1:]] == [
        (item.pk, 5, 3) for item in items
    ]
