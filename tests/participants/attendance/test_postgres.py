"""Races on the real database: capacity is never exceeded, whoever writes and however fast."""

import datetime as dt
import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from events.models import Edition, ProgramItem
from participants.attendance.services import (
    rsvp_cancel,
    rsvp_check_in,
    rsvp_create,
    seats_taken,
)
from participants.models import Reminder, Rsvp
from tests.factories import EditionFactory, ProgramItemFactory, RsvpFactory, UserFactory

pytestmark = [
    pytest.mark.usefixtures("english"),
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]


NOW = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)


def race(workers):
    """Run each callable in its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(workers))
    results: list = [None] * len(workers)

    def run(index, work):
        try:
            barrier.wait()
            results[index] = work()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.fixture
def edition():
    return EditionFactory(
        year=2025,
        capacity=15,
        max_party_size=4,
        registration_opens_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2025, 7, 13, tzinfo=dt.UTC),
    )


def test_rsvp_create_fifty_racing_for_last_ten_seats_take_exactly_ten(edition):
    for _ in range(5):
        rsvp_create(user=UserFactory(), edition=edition, now=NOW)
    users = [UserFactory() for _ in range(50)]

    results = race([lambda u=u: rsvp_create(user=u, edition=edition, now=NOW) for u in users])

    assert [r for r in results if isinstance(r, Exception)] == []
    statuses = Counter(r.status for r in results)
    assert statuses == {Rsvp.Status.CONFIRMED: 10, Rsvp.Status.WAITLISTED: 40}
    assert seats_taken(edition_id=edition.pk, item_id=None) == 15
    assert Rsvp.objects.filter(edition=edition).count() == 55


def test_rsvp_create_mixed_party_sizes_never_overfill_an_item(edition):
    item = ProgramItemFactory(edition=edition, capacity=9)
    users = [UserFactory() for _ in range(40)]

    results = race(
        [
            lambda u=u, n=n: rsvp_create(
                user=u, edition=edition, item=item, party_size=n % 4 + 1, now=NOW
            )
            for n, u in enumerate(users)
        ]
    )

    assert [r for r in results if isinstance(r, Exception)] == []
    taken = seats_taken(edition_id=edition.pk, item_id=item.pk)
    assert taken <= 9
    # Nobody who would have fitted was left waiting.
    smallest_waiting = min(r.party_size for r in results if r.status == Rsvp.Status.WAITLISTED)
    assert taken + smallest_waiting > 9


def test_rsvp_create_same_person_twice_at_once_books_once(edition):
    user = UserFactory()

    results = race([lambda: rsvp_create(user=user, edition=edition, now=NOW)] * 4)

    assert sum(isinstance(r, Rsvp) for r in results) == 1
    assert all(isinstance(r, ValidationError) for r in results if not isinstance(r, Rsvp))
    assert Rsvp.objects.filter(user=user).count() == 1


def test_rsvp_cancel_concurrent_cancellations_promote_each_waiting_rsvp_once(edition):
    Edition.objects.filter(pk=edition.pk).update(capacity=10)
    edition.refresh_from_db()
    seated = [rsvp_create(user=UserFactory(), edition=edition, now=NOW) for _ in range(10)]
    waiting = [rsvp_create(user=UserFactory(), edition=edition, now=NOW) for _ in range(12)]
    assert {r.status for r in waiting} == {Rsvp.Status.WAITLISTED}

    results = race([lambda r=r: rsvp_cancel(rsvp=r, now=NOW) for r in seated])

    assert [r for r in results if isinstance(r, Exception)] == []
    offered = [offer.rsvp_id for batch in results for offer in batch]
    assert sorted(offered) == sorted(r.pk for r in waiting[:10])
    assert seats_taken(edition_id=edition.pk, item_id=None) == 10
    assert Reminder.objects.filter(kind="waitlist_offer").count() == 10
    assert (
        Rsvp.objects.filter(pk__in=[r.pk for r in waiting[10:]])
        .values_list("status", flat=True)
        .distinct()
        .get()
        == Rsvp.Status.WAITLISTED
    )


def test_rsvp_check_in_same_ticket_by_many_staff_checks_in_once(edition):
    rsvp = rsvp_create(user=UserFactory(), edition=edition, now=NOW)
    staff = [UserFactory(is_staff=True) for _ in range(6)]

    day = edition.day_starts_at + dt.timedelta(hours=10)

    results = race([lambda s=s: rsvp_check_in(code=rsvp.ticket_code, by=s, now=day) for s in staff])

    assert Counter(r.outcome for r in results) == {"checked_in": 1, "already": 5}
    winner = next(r for r in results if r.outcome == "checked_in")
    rsvp.refresh_from_db()
    assert rsvp.checked_in_by_id == winner.rsvp.checked_in_by_id


def test_trigger_refuses_a_raw_write_beyond_capacity(edition):
    item = ProgramItemFactory(edition=edition, capacity=2)
    RsvpFactory(edition=edition, item=item, party_size=2)
    waiting = RsvpFactory(edition=edition, item=item, status="waitlisted", waitlisted_at=NOW)

    with pytest.raises(IntegrityError, match="participants_rsvp_capacity"), transaction.atomic():
        Rsvp.objects.filter(pk=waiting.pk).update(status="confirmed")
    with pytest.raises(IntegrityError, match="participants_rsvp_capacity"), transaction.atomic():
        RsvpFactory(edition=edition, item=item, party_size=1)

    assert seats_taken(edition_id=edition.pk, item_id=item.pk) == 2


def test_trigger_refuses_growing_a_party_beyond_the_day_capacity(edition):
    Edition.objects.filter(pk=edition.pk).update(capacity=3)
    rsvp = RsvpFactory(edition=edition, party_size=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        Rsvp.objects.filter(pk=rsvp.pk).update(party_size=4)
    Rsvp.objects.filter(pk=rsvp.pk).update(party_size=3)

    assert Rsvp.objects.get(pk=rsvp.pk).party_size == 3


def test_trigger_refuses_lowering_capacity_below_seats_taken(edition):
    item = ProgramItemFactory(edition=edition, capacity=5)
    RsvpFactory(edition=edition, party_size=4)
    RsvpFactory(edition=edition, item=item, party_size=3)

    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=edition.pk).update(capacity=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramItem.objects.filter(pk=item.pk).update(capacity=2)
    Edition.objects.filter(pk=edition.pk).update(capacity=4)
    ProgramItem.objects.filter(pk=item.pk).update(capacity=None)

    assert Edition.objects.get(pk=edition.pk).capacity == 4


def test_capacity_lowered_while_people_book_never_leaves_more_seats_than_capacity(edition):
    # The capacity path locks the item's row like a booking does: whichever comes second sees
    # the first. Either the lowering is refused (seats already above it) or the bookings after
    # it are waitlisted; never a capacity below the seats taken, never an IntegrityError.
    from events.services import program_item_update

    item = ProgramItemFactory(edition=edition, capacity=10)
    for _ in range(5):
        rsvp_create(user=UserFactory(), edition=edition, item=item, now=NOW)
    users = [UserFactory() for _ in range(10)]

    results = race(
        [
            lambda: program_item_update(item=ProgramItem.objects.get(pk=item.pk), capacity=7),
            *[lambda u=u: rsvp_create(user=u, edition=edition, item=item, now=NOW) for u in users],
        ]
    )

    lowering, bookings = results[0], results[1:]
    assert [r for r in bookings if isinstance(r, Exception)] == []
    capacity = ProgramItem.objects.get(pk=item.pk).capacity
    taken = seats_taken(edition_id=edition.pk, item_id=item.pk)
    if isinstance(lowering, ValidationError):
        assert list(lowering.message_dict) == ["capacity"]
        assert (capacity, taken) == (10, 10)
    else:
        assert lowering.capacity == capacity == 7
        assert taken == 7


def _statements_of_a_booking(user, edition, item):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        booking = rsvp_create(user=user, edition=edition, item=item, now=NOW)
    return booking, [query["sql"] for query in queries.captured_queries]


def test_a_booking_holds_the_lock_only_from_its_own_row_to_the_commit():
    # The capacity trigger takes the item's lock when the booking row is written: everything
    # else (the id, the messages) is done before, and nothing is left between it and the commit.
    edition = EditionFactory(capacity=100, is_published=True)
    item = ProgramItemFactory(edition=edition, capacity=1)

    first, statements = _statements_of_a_booking(UserFactory(), edition, item)
    second, waiting = _statements_of_a_booking(UserFactory(), edition, item)

    assert not any("FOR UPDATE" in sql for sql in statements + waiting)
    booking_row = next(
        index
        for index, sql in enumerate(statements)
        if sql.startswith('INSERT INTO "participants_rsvp"')
    )
    assert statements[booking_row - 1].startswith('INSERT INTO "participants_reminder"')
    assert all(
        sql.startswith(("RELEASE SAVEPOINT", "COMMIT")) for sql in statements[booking_row + 1 :]
    )
    assert (first.status, second.status) == (Rsvp.Status.CONFIRMED, Rsvp.Status.WAITLISTED)
    assert sorted(Reminder.objects.filter(subject_id=second.pk).values_list("kind", flat=True)) == [
        Reminder.Kind.RSVP_WAITLISTED
    ]
    assert Reminder.objects.filter(subject_id=first.pk, kind=Reminder.Kind.RSVP_CONFIRMED).exists()


def test_once_an_item_refused_someone_the_next_booking_writes_its_messages_only_if_it_gets_in():
    edition = EditionFactory(capacity=100, is_published=True)
    item = ProgramItemFactory(edition=edition, capacity=1)
    seated = rsvp_create(user=UserFactory(), edition=edition, item=item, now=NOW)
    rsvp_create(user=UserFactory(), edition=edition, item=item, now=NOW)  # refused: waits

    waiting, statements = _statements_of_a_booking(UserFactory(), edition, item)
    rsvp_cancel(rsvp=seated, now=NOW)  # the seat goes to the first in line as an offer
    item.capacity = 3
    item.save(update_fields=["capacity"])
    lucky, _ = _statements_of_a_booking(UserFactory(), edition, item)

    inserts = [sql.split(" (")[0] for sql in statements if sql.startswith("INSERT")]
    assert inserts == [
        'INSERT INTO "participants_rsvp"',  # as confirmed: refused
        'INSERT INTO "participants_rsvp"',  # as waitlisted
        'INSERT INTO "participants_reminder"',  # the waiting-list notice only
    ]
    assert waiting.status == Rsvp.Status.WAITLISTED
    assert lucky.status == Rsvp.Status.CONFIRMED
    assert Reminder.objects.filter(subject_id=lucky.pk, kind=Reminder.Kind.RSVP_CONFIRMED).exists()


def test_the_trigger_counts_the_same_statuses_as_the_service():
    # A new booking on PostgreSQL is counted by the trigger alone: its list of seat-holding
    # statuses must be the model's, or bookings and the other services would disagree.
    import re

    from participants.attendance.db_guards import RSVP_GUARD_SQL

    lists = re.findall(r"status (?:NOT )?IN \(([^)]*)\)", RSVP_GUARD_SQL)
    holding = {status.strip(" '") for status in lists[0].split(",")}

    assert len(lists) >= 4
    assert all({s.strip(" '") for s in found.split(",")} == holding for found in lists)
    assert holding == set(Rsvp.HOLDING_STATUSES)
