"""The desktop time grid of the programme (issue 17, item 5): items placed by stage and by
five-minute rows, and the markup the grid's CSS reads."""

import pytest

from tests.factories import EditionFactory, ProgramItemFactory, StageFactory, seoul

pytestmark = pytest.mark.django_db


def test_timetable_grid_places_items_by_stage_and_five_minute_rows():
    from events.selectors import StageColumn, timetable_entries, timetable_grid

    edition = EditionFactory(year=2025)
    hall = StageFactory(edition=edition, order=1)
    lawn = StageFactory(edition=edition, order=2)
    first = ProgramItemFactory(
        edition=edition, stage=hall, starts_at=seoul(edition, 10), ends_at=seoul(edition, 10, 40)
    )
    second = ProgramItemFactory(
        edition=edition, stage=hall, starts_at=seoul(edition, 10, 40), ends_at=seoul(edition, 11)
    )
    third = ProgramItemFactory(
        edition=edition, stage=lawn, starts_at=seoul(edition, 10), ends_at=seoul(edition, 12)
    )
    entries = {entry.pk: entry for entry in timetable_entries(edition=edition)}
    columns = [
        StageColumn(stage=hall, items=[entries[first.pk], entries[second.pk]]),
        StageColumn(stage=lawn, items=[entries[third.pk]]),
    ]

    hours = timetable_grid(columns=columns)

    placed = [
        (entries[item.pk].grid_column, entries[item.pk].grid_row, entries[item.pk].grid_span)
        for item in (first, second, third)
    ]
    # Row 1 holds the stages' names; 10:00 is row 2, 10:40 row 10 (eight five-minute rows).
    assert placed == [(2, 2, 8), (2, 10, 4), (3, 2, 24)]
    assert hours == [{"label": "오전 10:00", "row": 2}, {"label": "오전 11:00", "row": 14}]


@pytest.mark.parametrize(("prefix", "hour"), [("", "오전 10:00"), ("/en", "10:00 AM")])
def test_programme_page_marks_up_the_time_grid(client, prefix, hour):
    edition = EditionFactory(year=2025)
    item = ProgramItemFactory(
        edition=edition, starts_at=seoul(edition, 10), ends_at=seoul(edition, 11)
    )

    html = client.get(f"{prefix}/{edition.year}/programme/").content.decode()

    assert '<div class="timetable timegrid stages-1">' in html
    # The hours are written as everywhere else (issue 17): 오전 10:00, 10:00 AM.
    assert f'<p class="timegrid-hour gr-2" aria-hidden="true">{hour}</p>' in html
    assert f'<li class="gc-2 gr-2 gs-12"><article class="item item-{item.kind}">' in html
