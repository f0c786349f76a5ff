import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.models import SEOUL, Edition, ProgramItem
from events.services import edition_copy
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    StageFactory,
    seoul,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_edition_copy_shifts_stages_items_and_registration_to_new_14_july():
    source = EditionFactory(
        year=2025,
        title_en="Day 2025",
        registration_opens_at=dt.datetime(2025, 6, 2, 9, tzinfo=SEOUL),
        registration_closes_at=dt.datetime(2025, 7, 13, 18, tzinfo=SEOUL),
        capacity=3000,
    )
    hall = StageFactory(edition=source, name_ko="대강당", order=1, capacity=600)
    StageFactory(edition=source, name_ko="야외무대", order=2)
    item = ProgramItemFactory(
        edition=source, stage=hall, title_ko="추모식", starts_at=seoul(source, 10), capacity=500
    )
    AppearanceFactory(
        item=item,
        performer=PerformerFactory(display_name="사회자"),
        role_ko="사회",
        call_time=seoul(source, 9),
    )

    copy = edition_copy(edition=source, year=2027)

    assert (copy.year, copy.date, copy.title_en, copy.capacity, copy.is_published) == (
        2027,
        dt.date(2027, 7, 14),
        "Day 2025",
        3000,
        False,
    )
    assert copy.registration_opens_at == dt.datetime(2027, 6, 2, 9, tzinfo=SEOUL)
    assert copy.registration_closes_at == dt.datetime(2027, 7, 13, 18, tzinfo=SEOUL)
    assert list(copy.stages.values_list("name_ko", "order", "capacity")) == [
        ("대강당", 1, 600),
        ("야외무대", 2, None),
    ]
    copied = copy.items.get()
    day = dt.date(2027, 7, 14)
    assert (copied.title_ko, copied.starts_at, copied.ends_at, copied.capacity) == (
        "추모식",
        seoul(day, 10),
        seoul(day, 11),
        500,
    )
    assert copied.is_published is False
    assert copied.stage.edition == copy
    assert list(
        copied.appearances.values_list("performer__display_name", "role_ko", "call_time")
    ) == [("사회자", "사회", seoul(day, 9))]
    # The source is untouched.
    assert ProgramItem.objects.filter(edition=source).count() == 1


def test_edition_copy_to_existing_year_is_refused_and_copies_nothing():
    source = EditionFactory(year=2025)
    ProgramItemFactory(edition=source)
    EditionFactory(year=2026)

    with pytest.raises(ValidationError) as error:
        edition_copy(edition=source, year=2026)

    assert error.value.message_dict == {"year": ["There is already an edition for 2026."]}
    assert Edition.objects.get(year=2026).items.count() == 0
