import datetime as dt

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils import translation

from events.models import Edition
from participants.attendance import links
from participants.attendance.codes import new_ticket_code
from participants.attendance.links import (
    rsvp_cancel_token,
    rsvp_cancel_token_valid,
    rsvp_cancel_url,
    ticket_url,
)
from participants.attendance.services import (
    normalise_ticket_code,
    rsvp_cancel,
    rsvp_check_in,
    rsvp_create,
    rsvp_update,
    rsvp_waitlist_position,
    seats_taken,
    waitlist_promote,
)
from participants.models import Reminder, Rsvp, WaitlistOffer
from tests.factories import EditionFactory, ProgramItemFactory, RsvpFactory, UserFactory, seoul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# Registration for the 2025 edition is open on this (Seoul) morning.
NOW = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)
# 10:00 in Seoul on the edition's day: the door admits its tickets.
DAY = dt.datetime(2025, 7, 14, 1, tzinfo=dt.UTC)


@pytest.fixture
def edition():
    return EditionFactory(
        year=2025,
        capacity=10,
        max_party_size=4,
        registration_opens_at=dt.datetime(2025, 6, 1, tzinfo=dt.UTC),
        registration_closes_at=dt.datetime(2025, 7, 13, tzinfo=dt.UTC),
    )


def book(edition, party_size=1, item=None, **kwargs):
    return rsvp_create(
        user=UserFactory(), edition=edition, item=item, party_size=party_size, now=NOW, **kwargs
    )


def test_rsvp_create_with_free_seats_is_confirmed_and_schedules_reminders(edition):
    rsvp = book(edition, party_size=3)

    assert rsvp.status == Rsvp.Status.CONFIRMED
    assert seats_taken(edition_id=edition.pk, item_id=None) == 3
    kinds = set(Reminder.objects.filter(subject_id=rsvp.pk).values_list("kind", flat=True))
    assert kinds == {"rsvp_confirmed", "edition_week_before", "edition_day_before"}


def test_rsvp_create_when_full_is_waitlisted_with_position(edition):
    book(edition, party_size=4)
    book(edition, party_size=4)
    book(edition, party_size=2)

    first = book(edition, party_size=1)
    second = book(edition, party_size=1)

    assert (first.status, first.waitlisted_at) == (Rsvp.Status.WAITLISTED, NOW)
    assert rsvp_waitlist_position(rsvp=first) == 1
    assert rsvp_waitlist_position(rsvp=second) == 2
    assert list(Reminder.objects.filter(subject_id=first.pk).values_list("kind", flat=True)) == [
        "rsvp_waitlisted"
    ]


def test_rsvp_create_party_too_large_for_what_is_left_is_waitlisted(edition):
    book(edition, party_size=4)
    book(edition, party_size=4)

    rsvp = book(edition, party_size=3)

    assert rsvp.status == Rsvp.Status.WAITLISTED
    assert seats_taken(edition_id=edition.pk, item_id=None) == 8


@pytest.mark.parametrize(
    ("party_size", "message"),
    [
        (0, "A party is at least one person."),
        (-2, "A party is at least one person."),
        (5, "You can book at most 4 seats (yourself and guests)."),
    ],
)
def test_rsvp_create_bad_party_size_is_refused(edition, party_size, message):
    with pytest.raises(ValidationError) as error:
        book(edition, party_size=party_size)

    assert error.value.message_dict == {"party_size": [message]}
    assert Rsvp.objects.count() == 0


@pytest.mark.parametrize(
    "now",
    [dt.datetime(2025, 5, 31, tzinfo=dt.UTC), dt.datetime(2025, 7, 13, 0, 0, tzinfo=dt.UTC)],
)
def test_rsvp_create_outside_window_is_refused(edition, now):
    with pytest.raises(ValidationError) as error:
        rsvp_create(user=UserFactory(), edition=edition, now=now)

    assert error.value.messages == ["Registration is not open at the moment."]
    assert Rsvp.objects.count() == 0


def test_rsvp_create_outside_window_allowed_for_organisers(edition):
    rsvp = rsvp_create(
        user=UserFactory(),
        edition=edition,
        now=dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
        enforce_window=False,
    )

    assert rsvp.status == Rsvp.Status.CONFIRMED


def test_rsvp_create_second_for_same_target_is_refused(edition):
    user = UserFactory()
    rsvp_create(user=user, edition=edition, now=NOW)

    with pytest.raises(ValidationError) as error:
        rsvp_create(user=user, edition=edition, now=NOW)

    assert error.value.messages == ["You already have a booking for this. See “My tickets”."]
    assert Rsvp.objects.filter(user=user).count() == 1


def test_rsvp_create_after_cancelling_is_allowed_again(edition):
    user = UserFactory()
    first = rsvp_create(user=user, edition=edition, now=NOW)
    rsvp_cancel(rsvp=first, now=NOW)

    second = rsvp_create(user=user, edition=edition, now=NOW)

    assert second.status == Rsvp.Status.CONFIRMED
    assert second.ticket_code != first.ticket_code


def test_rsvp_create_item_and_day_are_separate_targets(edition):
    item = ProgramItemFactory(edition=edition, capacity=2)
    user = UserFactory()

    day = rsvp_create(user=user, edition=edition, now=NOW)
    seat = rsvp_create(user=user, edition=edition, item=item, party_size=2, now=NOW)

    assert (day.status, seat.status) == (Rsvp.Status.CONFIRMED, Rsvp.Status.CONFIRMED)
    assert seats_taken(edition_id=edition.pk, item_id=item.pk) == 2
    assert seats_taken(edition_id=edition.pk, item_id=None) == 1
    kinds = set(Reminder.objects.filter(subject_id=seat.pk).values_list("kind", flat=True))
    assert kinds == {"rsvp_confirmed", "item_hour_before"}


def test_rsvp_create_item_without_seat_booking_is_refused(edition):
    item = ProgramItemFactory(edition=edition, capacity=None)

    with pytest.raises(ValidationError) as error:
        book(edition, item=item)

    assert error.value.messages == ["This programme item does not take seat bookings."]


def test_rsvp_create_item_of_another_edition_is_refused(edition):
    other = ProgramItemFactory(edition=EditionFactory(year=2026), capacity=5)

    with pytest.raises(ValidationError) as error:
        book(edition, item=other)

    assert error.value.messages == ["This programme item belongs to another edition."]


def test_rsvp_create_without_waitlist_when_full_is_refused(edition):
    book(edition, party_size=4)
    book(edition, party_size=4)

    with pytest.raises(ValidationError) as error:
        book(edition, party_size=3, allow_waitlist=False)

    assert error.value.messages == ["Only 2 seats are left."]


def test_rsvp_cancel_promotes_waiting_list_in_order_skipping_parties_that_do_not_fit(edition):
    leaving = book(edition, party_size=4)
    book(edition, party_size=4)
    book(edition, party_size=2)
    too_big = book(edition, party_size=4)  # waits first, but will not fit in 3 seats
    fits = book(edition, party_size=2)
    also_fits = book(edition, party_size=1)
    left_over = book(edition, party_size=1)
    rsvp_update(rsvp=leaving, party_size=3, now=NOW)  # frees one seat: nobody fits except 1s

    offered_first = Rsvp.objects.get(pk=also_fits.pk)
    offers = rsvp_cancel(rsvp=Rsvp.objects.get(pk=leaving.pk), now=NOW)

    assert offered_first.status == Rsvp.Status.OFFERED
    assert [o.rsvp_id for o in offers] == [fits.pk, left_over.pk]
    assert Rsvp.objects.get(pk=too_big.pk).status == Rsvp.Status.WAITLISTED
    assert rsvp_waitlist_position(rsvp=Rsvp.objects.get(pk=too_big.pk)) == 1
    # Offered seats are held: the day is full until they are answered.
    assert seats_taken(edition_id=edition.pk, item_id=None) == 10
    offer_emails = Reminder.objects.filter(kind="waitlist_offer").values_list(
        "subject_id", flat=True
    )
    assert sorted(offer_emails) == sorted(
        WaitlistOffer.objects.filter(rsvp_id__in=[also_fits.pk, fits.pk, left_over.pk]).values_list(
            "pk", flat=True
        )
    )


def test_rsvp_cancel_cancels_pending_reminders(edition):
    rsvp = book(edition)

    rsvp_cancel(rsvp=rsvp, now=NOW)

    statuses = dict(Reminder.objects.filter(subject_id=rsvp.pk).values_list("kind", "status"))
    assert statuses == {
        "rsvp_confirmed": "cancelled",
        "edition_week_before": "cancelled",
        "edition_day_before": "cancelled",
        "rsvp_cancelled": "pending",
    }
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CANCELLED


def test_rsvp_cancel_leaving_waiting_list_promotes_nobody_and_keeps_no_place(edition):
    book(edition, party_size=4)
    book(edition, party_size=4)
    book(edition, party_size=2)
    leaving = book(edition)
    behind = book(edition)

    promoted = rsvp_cancel(rsvp=leaving, now=NOW)

    leaving.refresh_from_db()
    assert promoted == []
    assert (leaving.status, leaving.waitlisted_at) == (Rsvp.Status.CANCELLED, None)
    assert rsvp_waitlist_position(rsvp=Rsvp.objects.get(pk=behind.pk)) == 1


def test_rsvp_cancel_twice_changes_nothing(edition):
    rsvp = book(edition)
    rsvp_cancel(rsvp=rsvp, now=NOW)

    assert rsvp_cancel(rsvp=rsvp, now=NOW) == []
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CANCELLED


def test_rsvp_cancel_checked_in_is_refused(edition):
    rsvp = book(edition)
    rsvp_check_in(code=rsvp.ticket_code, by=UserFactory(is_staff=True), now=DAY)

    with pytest.raises(ValidationError):
        rsvp_cancel(rsvp=rsvp, now=NOW)
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CHECKED_IN


def test_rsvp_cancel_after_the_day_promotes_nobody(edition):
    leaving = book(edition, party_size=4)
    book(edition, party_size=4)
    book(edition, party_size=2)
    waiting = book(edition)

    promoted = rsvp_cancel(rsvp=leaving, now=dt.datetime(2025, 7, 20, tzinfo=dt.UTC))

    assert promoted == []
    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.WAITLISTED


def test_rsvp_update_more_seats_than_free_is_refused(edition):
    book(edition, party_size=4)
    book(edition, party_size=4)
    rsvp = book(edition, party_size=1)

    with pytest.raises(ValidationError) as error:
        rsvp_update(rsvp=rsvp, party_size=3, now=NOW)

    assert error.value.messages == [
        "Not enough seats: 8 of 10 are taken by others, so at most 2 are free for this RSVP."
    ]
    assert Rsvp.objects.get(pk=rsvp.pk).party_size == 1


def test_rsvp_update_waitlisted_to_confirmed_needs_free_seats_and_notifies(edition):
    book(edition, party_size=4)
    book(edition, party_size=4)
    waiting = book(edition, party_size=3)
    small = book(edition, party_size=2)  # fits: confirmed at once
    assert small.status == Rsvp.Status.CONFIRMED

    with pytest.raises(ValidationError):
        rsvp_update(rsvp=waiting, status=Rsvp.Status.CONFIRMED, now=NOW)
    rsvp_update(rsvp=small, party_size=1, now=NOW)  # one seat free: still too few for 3

    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.WAITLISTED


def test_rsvp_update_to_cancelled_goes_through_cancel(edition):
    rsvp = book(edition, party_size=4)
    book(edition, party_size=4)
    book(edition, party_size=2)
    waiting = book(edition, party_size=2)

    rsvp_update(rsvp=rsvp, status=Rsvp.Status.CANCELLED, now=NOW)

    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.OFFERED
    assert Reminder.objects.get(kind="rsvp_cancelled", subject_id=rsvp.pk).context == {
        "reason": "organiser"
    }


def test_rsvp_update_checked_in_status_is_refused(edition):
    rsvp = book(edition)

    with pytest.raises(ValidationError) as error:
        rsvp_update(rsvp=rsvp, status=Rsvp.Status.CHECKED_IN, now=NOW)

    assert error.value.messages == ["Check people in at the door page, not here."]


def test_rsvp_check_in_marks_once_then_reports_when_and_by_whom(edition):
    rsvp = book(edition, party_size=2)
    staff = UserFactory(is_staff=True, name="Door 1")
    later = NOW + dt.timedelta(minutes=5)

    later = DAY + dt.timedelta(minutes=5)

    first = rsvp_check_in(code=rsvp.ticket_code, by=staff, now=DAY)
    second = rsvp_check_in(code=f"  {rsvp.ticket_code.lower()} ", by=UserFactory(), now=later)

    assert first.outcome == "checked_in"
    assert second.outcome == "already"
    assert (second.rsvp.checked_in_at, second.rsvp.checked_in_by) == (DAY, staff)
    assert Rsvp.objects.get(pk=rsvp.pk).status == Rsvp.Status.CHECKED_IN


@pytest.mark.parametrize("code", ["", "nope", "x" * 300, "<script>", "A" * 22, "' OR 1=1 --"])
def test_rsvp_check_in_malformed_code_is_invalid(edition, code):
    book(edition)

    result = rsvp_check_in(code=code, by=UserFactory(), now=DAY)

    assert (result.outcome, result.rsvp) == ("invalid", None)
    assert Rsvp.objects.filter(status=Rsvp.Status.CHECKED_IN).count() == 0


def test_rsvp_check_in_cancelled_and_waitlisted_are_refused(edition):
    cancelled = book(edition)
    rsvp_cancel(rsvp=cancelled, now=NOW)
    waiting = RsvpFactory(edition=edition, status="waitlisted", waitlisted_at=NOW)

    assert rsvp_check_in(code=cancelled.ticket_code, by=UserFactory(), now=NOW).outcome == (
        "cancelled"
    )
    assert rsvp_check_in(code=waiting.ticket_code, by=UserFactory(), now=NOW).outcome == (
        "waitlisted"
    )


def test_normalise_ticket_code_accepts_any_case_spaces_dashes_and_prefixes():
    code = new_ticket_code()
    typed = f" {code[:4].lower()} - {code[4:]} "

    assert normalise_ticket_code(typed) == code
    assert normalise_ticket_code(f"DDT:{code}") == code
    assert normalise_ticket_code(f"https://x.example/checkin/{code}") == code
    assert normalise_ticket_code("abc def ghijklmnopqrs") == ""


def test_rsvp_cancel_token_valid_for_its_rsvp_only(edition):
    mine, other = book(edition), book(edition)
    token = rsvp_cancel_token(mine)

    assert rsvp_cancel_token_valid(rsvp=mine, token=token) is True
    assert rsvp_cancel_token_valid(rsvp=other, token=token) is False
    assert rsvp_cancel_token_valid(rsvp=mine, token=token[:-2] + "xx") is False
    assert rsvp_cancel_token_valid(rsvp=mine, token=rsvp_cancel_token(other)) is False
    forged = signing.dumps(other.pk, salt=f"{links.CANCEL_LINK_SALT}:{mine.ticket_code}")
    assert rsvp_cancel_token_valid(rsvp=other, token=forged) is False


def test_rsvp_cancel_token_expires(edition, settings):
    rsvp = book(edition)
    token = rsvp_cancel_token(rsvp)
    settings.RSVP_CANCEL_LINK_MAX_AGE = -1

    assert rsvp_cancel_token_valid(rsvp=rsvp, token=token) is False


def test_rsvp_cancel_url_and_ticket_url_are_absolute(edition, settings):
    settings.SITE_URL = "https://dd.example.org"
    rsvp = book(edition)

    url = rsvp_cancel_url(rsvp)
    with translation.override("ko"):
        korean = ticket_url(rsvp)

    assert url.startswith(f"https://dd.example.org/en/rsvp/{rsvp.pk}/cancel/")
    assert rsvp_cancel_token_valid(rsvp=rsvp, token=url.rstrip("/").rsplit("/", 1)[-1])
    assert ticket_url(rsvp).startswith(f"https://dd.example.org/en/t/{rsvp.pk}/")
    assert korean.startswith(f"https://dd.example.org/t/{rsvp.pk}/")


def test_seats_taken_counts_checked_in_but_not_waiting_or_cancelled(edition):
    item = ProgramItemFactory(edition=edition, capacity=20, starts_at=seoul(edition, 11))
    RsvpFactory(edition=edition, item=item, party_size=2, status="confirmed")
    RsvpFactory(edition=edition, item=item, party_size=3, status="checked_in", checked_in_at=NOW)
    RsvpFactory(edition=edition, item=item, party_size=4, status="waitlisted", waitlisted_at=NOW)
    RsvpFactory(edition=edition, item=item, party_size=4, status="cancelled")

    assert seats_taken(edition_id=edition.pk, item_id=item.pk) == 5
    assert seats_taken(edition_id=edition.pk, item_id=None) == 0


def test_waitlist_promote_after_capacity_raised_confirms_in_order(edition):
    book(edition, party_size=4)
    book(edition, party_size=4)
    book(edition, party_size=2)
    first, second, third = book(edition, party_size=2), book(edition), book(edition)
    Edition.objects.filter(pk=edition.pk).update(capacity=13)

    offers = waitlist_promote(edition=edition, now=NOW)

    assert [o.rsvp_id for o in offers] == [first.pk, second.pk]
    assert Rsvp.objects.get(pk=third.pk).status == Rsvp.Status.WAITLISTED
    assert seats_taken(edition_id=edition.pk, item_id=None) == 13


def test_rsvp_update_checked_in_cannot_be_cancelled_but_can_be_undone(edition):
    rsvp = book(edition, party_size=2)
    rsvp_check_in(code=rsvp.ticket_code, by=UserFactory(), now=DAY)

    with pytest.raises(ValidationError) as error:
        rsvp_update(rsvp=rsvp, status=Rsvp.Status.CANCELLED, now=NOW)
    undone = rsvp_update(rsvp=rsvp, status=Rsvp.Status.CONFIRMED, now=NOW)

    assert error.value.messages == [
        "This ticket has already been used at the door and cannot be cancelled. To undo a "
        "mistaken check-in, set it back to confirmed."
    ]
    assert (undone.status, undone.checked_in_at, undone.checked_in_by) == ("confirmed", None, None)


def test_rsvp_update_reactivating_when_person_booked_again_is_refused(edition):
    user = UserFactory()
    old = rsvp_create(user=user, edition=edition, now=NOW)
    rsvp_cancel(rsvp=old, now=NOW)
    rsvp_create(user=user, edition=edition, now=NOW)

    with pytest.raises(ValidationError) as error:
        rsvp_update(rsvp=old, status=Rsvp.Status.CONFIRMED, now=NOW)

    assert error.value.messages == ["This person already has another active booking for this."]
    assert Rsvp.objects.get(pk=old.pk).status == Rsvp.Status.CANCELLED


def test_rsvp_update_reactivating_a_cancelled_rsvp_needs_free_seats(edition):
    old = book(edition, party_size=4)
    rsvp_cancel(rsvp=old, now=NOW)
    book(edition, party_size=4)
    book(edition, party_size=4)

    with pytest.raises(ValidationError):
        rsvp_update(rsvp=old, status=Rsvp.Status.CONFIRMED, now=NOW)
    reactivated = rsvp_update(rsvp=old, status=Rsvp.Status.CONFIRMED, party_size=2, now=NOW)

    assert (reactivated.status, reactivated.party_size) == ("confirmed", 2)
    assert seats_taken(edition_id=edition.pk, item_id=None) == 10
