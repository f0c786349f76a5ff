"""One way to write dates and times (events/common/formatting.py, config/formats/): 오전/오후
before the time, the weekday in brackets, Korean time, in both languages and every channel."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import formats, translation

from events.common.formatting import local_date, local_datetime, local_time, local_time_range
from tests.factories import ProgramItemFactory, UserFactory, seoul

AFTERNOON_UTC = dt.datetime(2027, 7, 14, 6, 0, tzinfo=dt.UTC)  # 15:00 in Korea


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ko", "2027년 7월 14일 (수) 오후 3:00"), ("en", "Wed 14 July 2027, 3:00 PM")],
)
def test_local_datetime_in_korean_time_and_language(language, expected):
    with translation.override(language):
        assert local_datetime(AFTERNOON_UTC) == expected


@pytest.mark.parametrize(
    ("language", "day", "morning"),
    [("ko", "2027년 7월 14일 (수)", "오전 10:05"), ("en", "Wed 14 July 2027", "10:05 AM")],
)
def test_local_date_and_time_in_language(language, day, morning):
    with translation.override(language):
        assert local_date(dt.date(2027, 7, 14)) == day
        assert local_time(dt.time(10, 5)) == morning


def test_local_date_of_a_utc_moment_is_the_day_in_korea():
    late_utc = dt.datetime(2027, 7, 13, 20, 0, tzinfo=dt.UTC)  # 05:00 on the 14th in Korea

    assert local_date(late_utc) == "2027년 7월 14일 (수)"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", "2027년 7월 14일 (수) 오후 3:00~오후 4:30"),
        ("en", "Wed 14 July 2027, 3:00 PM–4:30 PM"),  # noqa: RUF001
    ],
)
def test_local_time_range_names_the_day_once(language, expected):
    with translation.override(language):
        result = local_time_range(AFTERNOON_UTC, AFTERNOON_UTC + dt.timedelta(minutes=90))

    assert result == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ko", "오후 3:00~오후 4:30"), ("en", "3:00 PM–4:30 PM")],  # noqa: RUF001
)
def test_local_time_range_without_the_day_gives_the_times_alone(language, expected):
    with translation.override(language):
        result = local_time_range(
            AFTERNOON_UTC, AFTERNOON_UTC + dt.timedelta(minutes=90), day=False
        )

    assert result == expected


def test_local_values_of_none_are_empty():
    assert (local_datetime(None), local_date(None), local_time(None)) == ("", "", "")


def test_django_formats_are_ours_so_the_admin_agrees():
    # The admin's lists and Django's |date filter read the same project format files.
    with translation.override("ko"):
        assert formats.date_format(AFTERNOON_UTC.astimezone(), "DATETIME_FORMAT") == (
            "2027년 7월 14일 (수) 오후 3:00"
        )
        assert "오전" not in formats.time_format(dt.time(15, 0), "TIME_FORMAT")


def test_dates_template_filters_match_the_helper():
    template = Template(
        "{% load dates %}{{ moment|when }} / {{ moment|day }} / {{ moment|clock }} / "
        "{% time_range moment end %}"
    )

    rendered = template.render(
        Context({"moment": AFTERNOON_UTC, "end": AFTERNOON_UTC + dt.timedelta(hours=1)})
    )

    assert rendered == (
        "2027년 7월 14일 (수) 오후 3:00 / 2027년 7월 14일 (수) / 오후 3:00 / "
        "2027년 7월 14일 (수) 오후 3:00~오후 4:00"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "2025년 7월 14일 (월) 오후 3:00~오후 4:00"),
        ("/en", "Mon 14 July 2025, 3:00 PM–4:00 PM"),  # noqa: RUF001
    ],
)
def test_programme_detail_page_writes_the_time_one_way(client, prefix, expected):
    item = ProgramItemFactory(
        edition__year=2025,
        starts_at=seoul(dt.date(2025, 7, 14), 15),
        ends_at=seoul(dt.date(2025, 7, 14), 16),
    )

    content = client.get(f"{prefix}/programme/{item.pk}/").content.decode()

    assert expected in content


@pytest.mark.django_db
def test_admin_programme_list_writes_the_time_one_way(client):
    item = ProgramItemFactory(edition__year=2025)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    content = client.get("/admin/events/programitem/").content.decode()

    assert "2025년 7월 14일 (월) 오전 10:00" in content
    assert item.title_ko in content
    assert "10:00 오전" not in content


def test_local_date_reads_an_iso_date_from_a_reminder_context():
    assert local_date("2027-07-14") == "2027년 7월 14일 (수)"
    assert local_date("") == ""


# --- Every place a person reads a time goes through the helper (issue 17) --------------------


@pytest.mark.django_db
def test_admin_timeline_hours_are_written_the_korean_way(client):
    item = ProgramItemFactory(edition__year=2025, starts_at=seoul(dt.date(2025, 7, 14), 13))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    content = client.get(f"/admin/events/edition/{item.edition.pk}/timeline/").content.decode()

    assert '">오후 1:00</div>' in content
    assert '">13:00</div>' not in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "오후 4:30~오후 5:30, 야외무대"),
        ("/en", "4:30 PM–5:30 PM, Lawn"),  # noqa: RUF001
    ],
)
def test_programme_detail_moved_on_the_day_writes_the_new_time_one_way(client, prefix, expected):
    from events.live.models import ItemLive
    from tests.factories import StageFactory

    item = ProgramItemFactory(
        edition__year=2025,
        starts_at=seoul(dt.date(2025, 7, 14), 15),
        ends_at=seoul(dt.date(2025, 7, 14), 16),
    )
    lawn = StageFactory(edition=item.edition, name_ko="야외무대", name_en="Lawn")
    ItemLive.objects.create(
        item=item,
        status=ItemLive.Status.MOVED,
        stage=lawn,
        starts_at=seoul(dt.date(2025, 7, 14), 16, 30),
        ends_at=seoul(dt.date(2025, 7, 14), 17, 30),
    )

    content = client.get(f"{prefix}/programme/{item.pk}/").content.decode()

    assert f"</strong> {expected}</p>" in content


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "expected"),
    [("", "2025년 7월 14일 (월) 오후 6:05"), ("/en", "Mon 14 July 2025, 6:05 PM")],
)
def test_programme_changes_page_writes_the_publication_time_one_way(client, prefix, expected):
    from events.live.models import ProgrammeVersion
    from events.live.services import programme_version_publish

    item = ProgramItemFactory(edition__year=2025)
    version = programme_version_publish(edition=item.edition)
    ProgrammeVersion.objects.filter(pk=version.pk).update(
        published_at=seoul(dt.date(2025, 7, 14), 18, 5)
    )

    content = client.get(f"{prefix}/2025/programme/changes/").content.decode()

    assert f'+09:00">{expected}</time>' in content
