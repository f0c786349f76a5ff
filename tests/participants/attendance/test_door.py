"""The door: codes in any form, late and early tickets, partial check-in, undo, walk-ins,
search, paper times, the door list."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import translation

from participants.attendance.door_views import result_message
from participants.attendance.selectors import door_list, seat_counts
from participants.attendance.services import (
    door_search,
    rsvp_check_in,
    rsvp_check_in_undo,
    walk_in_register,
)
from participants.models import CheckIn, Rsvp
from tests.factories import (
    EditionFactory,
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    door_edition,
    seoul,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return EditionFactory(year=2027, capacity=10, max_party_size=4)


@pytest.fixture
def day(edition):
    return seoul(edition, 10)


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, name="Door 1")


@pytest.fixture
def organiser():
    person = UserFactory(is_staff=True)
    person.user_permissions.add(Permission.objects.get(codename="change_rsvp"))
    return person


def test_ticket_of_last_year_is_refused_at_this_years_door(edition, day, staff):
    last_year = EditionFactory(year=2026)
    old = RsvpFactory(edition=last_year)

    result = rsvp_check_in(code=old.ticket_code, by=staff, edition=edition, now=day)

    assert (result.outcome, result.rsvp) == ("other_edition", old)
    assert Rsvp.objects.get(pk=old.pk).status == Rsvp.Status.CONFIRMED
    assert CheckIn.objects.count() == 0


def test_ticket_shown_before_the_day_is_refused(edition, staff):
    rsvp = RsvpFactory(edition=edition)

    result = rsvp_check_in(
        code=rsvp.ticket_code,
        by=staff,
        edition=edition,
        now=seoul(edition, 0) - dt.timedelta(minutes=1),
    )

    assert result.outcome == "too_early"
    assert Rsvp.objects.get(pk=rsvp.pk).arrived == 0
    with translation.override("ko"):
        assert result_message(result) == (
            "2027년 7월 14일 (수) 입장권입니다. 그날 전에는 쓸 수 없습니다."
        )
    with translation.override("en"):
        assert result_message(result) == (
            "This ticket is for Wed 14 July 2027: it is not valid before that day."
        )


def test_organiser_admits_a_refused_ticket_with_a_reason_and_the_log_keeps_it(
    edition, day, staff, organiser
):
    old = RsvpFactory(edition=EditionFactory(year=2026))

    without_reason = rsvp_check_in(code=old.ticket_code, by=organiser, edition=edition, now=day)
    without_permission = rsvp_check_in(
        code=old.ticket_code, by=staff, edition=edition, now=day, override_reason="VIP"
    )
    admitted = rsvp_check_in(
        code=old.ticket_code, by=organiser, edition=edition, now=day, override_reason="Speaker"
    )

    assert (without_reason.outcome, without_permission.outcome) == (
        "other_edition",
        "other_edition",
    )
    assert admitted.outcome == "checked_in"
    [entry] = CheckIn.objects.all()
    assert (entry.people, entry.by, entry.reason) == (
        1,
        organiser,
        "예외 입장(다른 해의 입장권): Speaker",
    )


def test_party_arrives_in_parts_and_never_beyond_its_size(edition, day, staff):
    rsvp = RsvpFactory(edition=edition, party_size=3)

    two = rsvp_check_in(code=rsvp.ticket_code, by=staff, edition=edition, people=2, now=day)
    too_many = rsvp_check_in(code=rsvp.ticket_code, by=staff, edition=edition, people=2, now=day)
    last = rsvp_check_in(code=rsvp.ticket_code, by=staff, edition=edition, now=day)
    again = rsvp_check_in(code=rsvp.ticket_code, by=staff, edition=edition, now=day)

    rsvp.refresh_from_db()
    assert [two.outcome, too_many.outcome, last.outcome, again.outcome] == [
        "checked_in",
        "too_many",
        "checked_in",
        "already",
    ]
    assert (two.people, last.people) == (2, 1)
    assert (rsvp.arrived, rsvp.status) == (3, Rsvp.Status.CHECKED_IN)
    assert list(CheckIn.objects.order_by("id").values_list("people", flat=True)) == [2, 1]


def test_undo_needs_a_reason_and_returns_the_party_to_confirmed(edition, day, staff):
    rsvp = RsvpFactory(edition=edition, party_size=2)
    rsvp_check_in(code=rsvp.ticket_code, by=staff, edition=edition, now=day)

    with pytest.raises(ValidationError):
        rsvp_check_in_undo(rsvp_id=rsvp.pk, people=1, reason="  ", by=staff, now=day)
    with pytest.raises(ValidationError):
        rsvp_check_in_undo(rsvp_id=rsvp.pk, people=3, reason="mistake", by=staff, now=day)
    one = rsvp_check_in_undo(rsvp_id=rsvp.pk, people=1, reason="wrong person", by=staff, now=day)
    both = rsvp_check_in_undo(rsvp_id=rsvp.pk, people=1, reason="wrong party", by=staff, now=day)

    assert (one.arrived, one.status) == (1, Rsvp.Status.CHECKED_IN)
    assert (both.arrived, both.status, both.checked_in_at) == (0, Rsvp.Status.CONFIRMED, None)
    assert list(CheckIn.objects.order_by("id").values_list("people", "reason")) == [
        (2, ""),
        (-1, "wrong person"),
        (-1, "wrong party"),
    ]


def test_walk_in_counts_against_capacity_and_a_full_item_refuses_one(edition, day, staff):
    item = ProgramItemFactory(edition=edition, capacity=3)
    RsvpFactory(edition=edition, item=item, party_size=2)

    walk_in = walk_in_register(
        edition=edition, item=item, name="박철", party_size=1, by=staff, now=day
    )
    with pytest.raises(ValidationError) as full:
        walk_in_register(edition=edition, item=item, name="이영", party_size=1, by=staff, now=day)

    assert (walk_in.status, walk_in.arrived, walk_in.is_walk_in) == ("checked_in", 1, True)
    assert full.value.code == "full"
    assert Rsvp.objects.filter(item=item).count() == 2
    [count] = [c for c in seat_counts(edition=edition) if c.item == item]
    assert (count.confirmed, count.checked_in) == (3, 1)


def test_door_search_finds_by_name_email_and_phone_digits_in_this_edition_only(edition):
    hana = RsvpFactory(
        edition=edition,
        user=UserFactory(name="김하나", email="hana@example.org", phone="010-2222-1234"),
    )
    RsvpFactory(edition=edition, user=UserFactory(name="박철", email="chul@example.org"))
    RsvpFactory(edition=EditionFactory(year=2026), user=UserFactory(name="김하나둘"))

    assert door_search(edition=edition, query="하나") == [hana]
    assert door_search(edition=edition, query="HANA@EXAMPLE") == [hana]
    assert door_search(edition=edition, query="1234") == [hana]


@pytest.mark.parametrize(
    ("query", "code"),
    [("가" * 10000, "too_long"), ("x", "too_short"), ("", "too_short")],
)
def test_door_search_refuses_long_or_empty_queries(edition, query, code):
    with pytest.raises(ValidationError) as error:
        door_search(edition=edition, query=query)

    assert error.value.code == code


def test_door_search_with_sql_finds_nobody(edition):
    RsvpFactory(edition=edition, user=UserFactory(name="김하나"))

    assert door_search(edition=edition, query="' OR '1'='1") == []
    assert door_search(edition=edition, query="%_%") == []


def test_door_list_is_in_korean_name_order_with_codes(edition):
    names = ["하은", "가람", "나래", "다온"]
    for name in names:
        RsvpFactory(edition=edition, user=UserFactory(name=name))
    RsvpFactory(edition=edition, status="cancelled", user=UserFactory(name="가가"))

    rows = door_list(edition=edition)

    assert [r.display_name for r in rows] == ["가람", "나래", "다온", "하은"]


# --- the door page --------------------------------------------------------------------------


def test_door_page_partial_check_in_by_search_result(client, door):
    edition = door_edition(capacity=10)
    rsvp = RsvpFactory(edition=edition, user=UserFactory(name="최영"), party_size=3)

    found = client.get("/en/checkin/", {"q": "최영"})
    admitted = client.post("/en/checkin/", {"action": "admit", "rsvp": rsvp.pk, "people": 2})

    assert "최영" in found.content.decode()
    assert admitted.status_code == 200
    assert "Checked in: 2 of 3." in admitted.content.decode()
    assert Rsvp.objects.get(pk=rsvp.pk).arrived == 2


def test_door_page_refuses_last_years_ticket_with_a_clear_message(client, door):
    door_edition(capacity=10)
    old = RsvpFactory(edition=EditionFactory(year=2020))

    response = client.post("/en/checkin/", {"code": old.code_display.lower()})

    assert response.status_code == 409
    assert "This ticket is for another year&#x27;s event (2020), not for today&#x27;s." in (
        response.content.decode()
    )


def test_door_page_confusable_characters_get_a_clear_message(client, door):
    door_edition(capacity=10)

    response = client.post("/en/checkin/", {"code": "ABCD-EFG0"})

    assert response.status_code == 400
    assert "Ticket codes never contain 0, O, 1, I or L." in response.content.decode()


def test_door_page_long_or_sql_search_is_a_message_not_an_error(client, door):
    door_edition(capacity=10)

    long = client.get("/en/checkin/", {"q": "x" * 10000})
    sql = client.get("/en/checkin/", {"q": "'; DROP TABLE participants_rsvp; --"})

    assert long.status_code == 400
    assert "Search for at most 100 characters." in long.content.decode()
    assert sql.status_code == 200
    assert "Nobody with a ticket matches." in sql.content.decode()


def test_door_page_walk_in_for_a_full_item_is_refused_and_saves_nothing(client, door):
    edition = door_edition(capacity=10)
    item = ProgramItemFactory(edition=edition, capacity=1)
    RsvpFactory(edition=edition, item=item)

    response = client.post(
        "/en/checkin/", {"action": "walk_in", "name": "Lee", "party_size": 1, "item": item.pk}
    )

    assert response.status_code == 409
    assert "Full: only 0 seats are free, so this party cannot come in." in (
        response.content.decode()
    )
    assert Rsvp.objects.filter(is_walk_in=True).count() == 0


def test_door_page_undo_without_reason_is_refused(client, door):
    edition = door_edition(capacity=10)
    rsvp = RsvpFactory(edition=edition, party_size=1, status="checked_in", arrived=1)

    response = client.post("/en/checkin/", {"action": "undo", "rsvp": rsvp.pk, "people": 1})

    assert response.status_code == 400
    assert "Say how many to undo and why." in response.content.decode()
    assert Rsvp.objects.get(pk=rsvp.pk).arrived == 1


def test_door_page_paper_check_in_keeps_its_real_time(client, door):
    edition = door_edition(capacity=10)
    rsvp = RsvpFactory(edition=edition)
    when = edition.day_starts_at.replace(hour=0) + dt.timedelta(hours=0, minutes=5)

    response = client.post(
        "/en/checkin/",
        {
            "code": rsvp.ticket_code,
            "at": when.astimezone(edition.day_starts_at.tzinfo).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    assert response.status_code == 200
    [entry] = CheckIn.objects.all()
    assert (entry.kind, entry.at) == ("paper", when)


def test_door_page_paper_time_outside_the_day_is_refused(client, door):
    edition = door_edition(capacity=10)
    rsvp = RsvpFactory(edition=edition)

    response = client.post("/en/checkin/", {"code": rsvp.ticket_code, "at": "2019-07-14T10:00"})

    assert response.status_code == 400
    assert "must be on the day of the event" in response.content.decode()
    assert CheckIn.objects.count() == 0


def test_door_scan_endpoint_answers_json(client, door):
    edition = door_edition(capacity=10)
    rsvp = RsvpFactory(edition=edition, user=UserFactory(name="한별"), party_size=2)

    first = client.post("/en/checkin/scan/", {"code": rsvp.ticket_code})
    second = client.post("/en/checkin/scan/", {"code": rsvp.ticket_code})

    assert first.status_code == 200
    assert json.loads(first.content) == {
        "outcome": "checked_in",
        "ok": True,
        "message": "Checked in: 2 of 2.",
        "name": "한별",
        "code": rsvp.code_display,
        "party_size": 2,
        "arrived": 2,
        "access_needs": False,
    }
    assert json.loads(second.content)["outcome"] == "already"


def test_door_list_pdf_needs_the_permission_and_is_a_pdf(client, door):
    edition = door_edition(capacity=10)
    RsvpFactory(edition=edition, user=UserFactory(name="가람"))

    response = client.get("/en/checkin/door-list.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/en/checkin/door-list.pdf").status_code == 403
