"""Complementary suppression in the ministry's report: where a total and its parts are printed,
a "<5" part must not be recoverable by subtraction (docs/report.md, "Privacy"). Each case below
leaked before: the total minus the printed parts gave the hidden number exactly."""

import pytest
from django.utils import translation

from events.models import ProgramItem
from events.report.render import report_context
from events.report.sections import WITHHELD, SectionContent, SumGroup, Table, column_sum
from events.report.suppression import section_suppress, withheld_cells
from participants.models import Reminder, Rsvp
from tests.factories import EditionFactory, ProgramItemFactory, ReminderFactory, RsvpFactory, seoul

DAY = ("figure", 0)
CAME = ("figure", 1)
NO_SHOWS = ("figure", 2)


def _day(booked: int, came: int, no_shows: int) -> SectionContent:
    return SectionContent(
        figures=[("Booked", booked), ("Came", came), ("No-shows", no_shows)],
        sums=[SumGroup(DAY, (CAME, NO_SHOWS))],
    )


def test_withheld_cells_hide_the_smallest_printed_part_beside_a_lone_small_one():
    # Today: 12 booked, 9 came, "<5" no-shows: 12 - 9 = 3.
    content = _day(booked=12, came=9, no_shows=3)

    assert withheld_cells(content) == {CAME}
    assert [value for _, value in section_suppress(content).figures] == [12, WITHHELD, 3]


def test_withheld_cells_leave_a_section_alone_when_nothing_can_be_worked_out():
    assert withheld_cells(_day(booked=12, came=7, no_shows=5)) == set()
    # Two "<5" parts of 6: 2+4, 3+3 or 4+2, nothing pinned.
    assert withheld_cells(_day(booked=6, came=3, no_shows=3)) == set()
    assert section_suppress(_day(booked=12, came=7, no_shows=5)).notes == []


def test_withheld_cells_catch_two_small_parts_that_can_only_be_four_each():
    # 13 - 5 = 8 for two "<5" parts: both are 4.
    content = SectionContent(
        tables=[Table("Kinds", ["Kind", "People"], [["a", 4], ["b", 4], ["c", 5]])],
        figures=[("All", 13)],
        sums=[column_sum(("figure", 0), table=0, column=1, rows=3)],
    )

    assert withheld_cells(content) == {("table", 0, 2, 1)}


def test_withheld_cells_withhold_the_total_when_no_part_is_left_to_withhold():
    # 6 = "<5" + X: X of five or more leaves only 1 + 5, so the total goes too.
    content = _day(booked=6, came=5, no_shows=1)

    assert withheld_cells(content) == {CAME, DAY}


def test_withheld_cells_follow_a_cell_into_the_other_sums_it_belongs_to():
    # Came is a part of the day and the total of the hours: withholding it alone would leave
    # came = 7 (the one hour), and 9 - 7 = 2 again; so the hour goes too.
    content = SectionContent(
        figures=[("Booked", 9), ("Came", 7), ("No-shows", 2)],
        tables=[Table("Hours", ["Hour", "People"], [["09:00", 7]])],
        sums=[SumGroup(DAY, (CAME, NO_SHOWS)), column_sum(CAME, table=0, column=1, rows=1)],
    )

    withheld = withheld_cells(content)

    assert withheld == {CAME, ("table", 0, 0, 1)}


def test_withheld_cells_ignore_a_sum_that_does_not_add_up():
    # A row outside the table (10 printed, parts 4 + 0): no exact subtraction, no crash.
    content = _day(booked=10, came=0, no_shows=4)

    assert withheld_cells(content) == set()


@pytest.mark.django_db
def test_report_withholds_a_kind_of_message_that_would_give_a_small_one_away():
    edition = EditionFactory(year=2025)
    for _ in range(9):
        ReminderFactory(edition=edition, kind="edition_day_before", status=Reminder.Status.SENT)
    for _ in range(3):
        ReminderFactory(edition=edition, kind="edition_week_before", status=Reminder.Status.SENT)

    with translation.override("en"):
        context = report_context(edition=edition)

    outbox = next(section for section in context["sections"] if section["key"] == "outbox")
    assert dict(outbox["figures"])["Messages sent"] == "12"
    sent = sorted(row[1]["text"] for row in outbox["tables"][0].rows)
    assert sent == ["<5", WITHHELD]
    assert outbox["notes"][-1] == (
        "X: withheld, so that a number under five cannot be worked out from a total."
    )


@pytest.mark.django_db
def test_report_withholds_the_check_ins_that_would_give_no_shows_and_an_hour_away():
    edition = EditionFactory(year=2025)
    RsvpFactory(
        edition=edition,
        party_size=9,
        status=Rsvp.Status.CHECKED_IN,
        checked_in_at=seoul(edition, 9),
    )
    RsvpFactory(
        edition=edition,
        party_size=4,
        status=Rsvp.Status.CHECKED_IN,
        checked_in_at=seoul(edition, 10),
    )
    RsvpFactory(edition=edition, party_size=3, status=Rsvp.Status.CONFIRMED)

    with translation.override("en"):
        context = report_context(edition=edition)

    attendance = context["sections"][0]
    figures = dict(attendance["figures"])
    # 16 booked, 13 came, 3 no-shows; hours 9 and 4. Without "came", 16 - came and came - 9
    # leave the no-shows at 3 or 4 and the second hour at 3 or 4.
    assert figures["Booked for the day (people)"] == "16"
    assert figures["Checked in at the gate (people)"] == WITHHELD
    assert figures["No-shows (booked, never checked in)"] == "<5"
    hours = [[cell["text"] for cell in row] for row in attendance["tables"][0].rows]
    assert hours == [["9:00 AM–10:00 AM", "9"], ["10:00 AM–11:00 AM", "<5"]]  # noqa: RUF001


@pytest.mark.django_db
def test_report_withholds_an_item_whose_kind_total_would_give_the_other_item_away():
    # The reach section prints 12 seats booked on ceremonies; the attendance section prints
    # the two ceremonies, 9 and "<5": 12 - 9 = 3 across the two sections.
    edition = EditionFactory(year=2025)
    first = ProgramItemFactory(
        edition=edition,
        kind=ProgramItem.Kind.CEREMONY,
        capacity=50,
        title_en="Memorial ceremony",
        starts_at=seoul(edition, 10),
        ends_at=seoul(edition, 11),
    )
    second = ProgramItemFactory(
        edition=edition,
        kind=ProgramItem.Kind.CEREMONY,
        capacity=50,
        title_en="Closing rite",
        starts_at=seoul(edition, 16),
        ends_at=seoul(edition, 17),
    )
    RsvpFactory(edition=edition, item=first, party_size=9, status=Rsvp.Status.CONFIRMED)
    RsvpFactory(edition=edition, item=second, party_size=3, status=Rsvp.Status.CONFIRMED)

    with translation.override("en"):
        context = report_context(edition=edition)

    attendance, reach = context["sections"][0], context["sections"][1]
    items = [[cell["text"] for cell in row] for row in attendance["tables"][1].rows]
    kinds = [[cell["text"] for cell in row] for row in reach["tables"][0].rows]
    assert kinds == [["Memorial ceremony", "2", "12", "0"]]
    # The first ceremony's 9 goes, and its no-shows with it (booked = came + no-shows).
    assert items == [
        ["Memorial ceremony", "10:00 AM", WITHHELD, "0", WITHHELD],
        ["Closing rite", "4:00 PM", "<5", "0", "<5"],
    ]


@pytest.mark.django_db
def test_report_comparison_total_of_items_does_not_give_a_small_item_away():
    # "Seats booked on programme items" for 2025 is 12 in the comparison; the items print 9
    # and "<5".
    EditionFactory(year=2024)
    edition = EditionFactory(year=2025)
    for title, hour, kind, seats in (
        ("Memorial ceremony", 10, ProgramItem.Kind.CEREMONY, 9),
        ("Concert", 16, ProgramItem.Kind.PERFORMANCE, 3),
    ):
        item = ProgramItemFactory(
            edition=edition,
            kind=kind,
            capacity=50,
            title_en=title,
            starts_at=seoul(edition, hour),
            ends_at=seoul(edition, hour + 1),
        )
        RsvpFactory(edition=edition, item=item, party_size=seats, status=Rsvp.Status.CONFIRMED)

    with translation.override("en"):
        context = report_context(edition=edition)

    comparison = {
        row[0]["text"]: [cell["text"] for cell in row[1:]]
        for row in context["comparison"]["table"].rows
    }
    items = [[cell["text"] for cell in row] for row in context["sections"][0]["tables"][1].rows]
    assert comparison["Seats booked on programme items"] == ["0", "12"]
    assert items[0] == ["Memorial ceremony", "10:00 AM", WITHHELD, "0", WITHHELD]
    assert items[1] == ["Concert", "4:00 PM", "<5", "0", "<5"]
