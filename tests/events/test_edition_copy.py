import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from events.models import SEOUL, Edition, ProgramItem
from events.services import edition_copy, edition_copy_suggestion
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    StageFactory,
    UserFactory,
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


# --- a new number and title for the copy (issue 17, item 4) ---------------------------------


def test_edition_copy_suggestion_counts_on_from_the_highest_ordinal():
    EditionFactory(year=2024, title_ko="제1회 북한이탈주민의 날", title_en="The first Day")
    source = EditionFactory(
        year=2027,
        title_ko="제4회 북한이탈주민의 날",
        title_en="The fourth North Korean Defectors' Day",
    )

    suggestion = edition_copy_suggestion(edition=source)

    assert suggestion == {
        "year": 2028,
        "ordinal": 5,
        "title_ko": "제5회 북한이탈주민의 날",
        "title_en": "The fifth North Korean Defectors' Day",
    }


def test_edition_copy_with_new_ordinal_and_titles():
    source = EditionFactory(year=2027, title_ko="제4회 북한이탈주민의 날", title_en="The fourth")

    copy = edition_copy(
        edition=source,
        year=2028,
        ordinal=5,
        title_ko="제5회 북한이탈주민의 날",
        title_en="The fifth North Korean Defectors' Day",
    )

    assert (copy.title_ko, copy.title_en) == (
        "제5회 북한이탈주민의 날",
        "The fifth North Korean Defectors' Day",
    )


def test_edition_copy_with_an_ordinal_already_used_is_refused():
    source = EditionFactory(year=2027, title_ko="제4회 북한이탈주민의 날")

    with pytest.raises(ValidationError) as error:
        edition_copy(edition=source, year=2028, ordinal=4, title_ko="제4회 북한이탈주민의 날")

    assert error.value.message_dict == {
        "ordinal": ["The 2027 edition is already number 4 (제4회)."]
    }
    assert not Edition.objects.filter(year=2028).exists()


def test_edition_copy_title_not_naming_the_ordinal_is_refused():
    source = EditionFactory(year=2027, title_ko="제4회 북한이탈주민의 날")

    with pytest.raises(ValidationError) as error:
        edition_copy(edition=source, year=2028, ordinal=5, title_ko="제4회 북한이탈주민의 날")

    assert error.value.message_dict["title_ko"] == ["Write the ordinal in the Korean title: 제5회."]


def test_admin_copy_form_proposes_the_next_number_and_titles(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    source = EditionFactory(
        year=2027, title_ko="제4회 북한이탈주민의 날", title_en="The fourth Day"
    )

    form = client.get(reverse("admin:events_edition_copy", args=[source.pk])).context["form"]

    assert (form["year"].initial, form["ordinal"].initial, form["title_ko"].initial) == (
        2028,
        5,
        "제5회 북한이탈주민의 날",
    )
    assert form["title_en"].initial == "The fifth Day"
