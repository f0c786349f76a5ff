"""Spreadsheets as organisers read them (issue 17, item 1): headers from the models' verbose names
in the reader's language, files in either language accepted back, a bad date or a broken CSV
explained with its row."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from events.models import ProgramItem
from tests.events.test_admin_import import CSV, GOOD_ROWS, HEADER, import_file
from tests.factories import EditionFactory, ProgramItemFactory, StageFactory, seoul

pytestmark = pytest.mark.django_db


def _korean_header() -> str:
    """The Korean verbose names, as the Korean catalogue has them (not English)."""
    with translation.override("ko"):
        ko, en = gettext("Korean"), gettext("English")
        names = [gettext(name) for name in ("edition", "stage", "kind")]
        title, description = gettext("title"), gettext("description")
        times = [gettext(name) for name in ("starts at", "ends at", "seats", "published")]
    translated = [
        f"{title} ({ko})",
        f"{title} ({en})",
        f"{description} ({ko})",
        f"{description} ({en})",
    ]
    return ",".join(["ID", *names, *translated, *times])


ENGLISH_HEADER = (
    "ID,Edition,Stage,Kind,Title (Korean),Title (English),Description (Korean),"
    "Description (English),Starts at,Ends at,Seats,Published"
)


@pytest.fixture
def edition():
    edition = EditionFactory(year=2025)
    StageFactory(edition=edition, name_ko="대강당", name_en="Main hall", order=1)
    StageFactory(edition=edition, name_ko="야외무대", name_en="Outdoor stage", order=2)
    return edition


def _export_csv(client, language: str) -> list[list[str]]:
    columns = HEADER.split(",")
    with translation.override(language):
        url = reverse("admin:events_programitem_export")
    response = client.post(
        url, {"format": CSV, "resource": 0, **{f"programitemresource_{c}": "on" for c in columns}}
    )
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("language", ["ko", "en"])
def test_export_headers_are_the_verbose_names_in_the_readers_language(
    client, organiser, edition, language
):
    ProgramItemFactory(edition=edition, stage=edition.stages.first(), title_ko="추모식")

    rows = _export_csv(client, language)

    header = _korean_header() if language == "ko" else ENGLISH_HEADER
    assert ",".join(rows[0]) == header
    assert header.startswith("ID,Edition,Stage") if language == "en" else "Edition" not in header
    assert rows[1][4] == "추모식"


@pytest.mark.parametrize("header", ["ko", "en", "code"])
def test_import_accepts_headers_in_korean_english_or_code_names(client, organiser, edition, header):
    header = {"ko": _korean_header(), "en": ENGLISH_HEADER, "code": HEADER}[header]
    data = "\n".join([header, *GOOD_ROWS]).encode()

    with translation.override("en"):
        _preview, confirmed = import_file(client, "programitem", "items.csv", data, CSV)

    assert confirmed.status_code == 302
    assert sorted(ProgramItem.objects.values_list("title_ko", flat=True)) == ["추모식", "합창"]


def test_export_then_import_in_korean_round_trips(client, organiser, edition):
    ProgramItemFactory(
        edition=edition,
        stage=edition.stages.first(),
        title_ko="추모식",
        starts_at=seoul(edition, 10),
        ends_at=seoul(edition, 11),
    )
    rows = _export_csv(client, "ko")
    ProgramItem.objects.all().delete()
    rows[1][0] = ""
    out = io.StringIO()
    csv.writer(out).writerows(rows)

    with translation.override("ko"):
        _preview, confirmed = import_file(
            client, "programitem", "again.csv", out.getvalue().encode(), CSV
        )

    assert confirmed.status_code == 302
    assert list(ProgramItem.objects.values_list("title_ko", "starts_at")) == [
        ("추모식", seoul(edition, 10))
    ]


def test_import_and_export_screens_list_columns_by_their_korean_names(client, organiser, edition):
    with translation.override("ko"):
        import_page = client.get(reverse("admin:events_programitem_import")).content.decode()
        export_page = client.get(reverse("admin:events_programitem_export")).content.decode()

    assert "<code>" + _korean_header().replace(",", ", ")[:40] in import_page
    assert "Title Ko" not in import_page
    assert (
        f'<label for="id_programitemresource_title_ko">{_korean_header().split(",")[4]}</label>'
        in (export_page)
    )
    assert "Title Ko" not in export_page


def test_import_bad_date_says_the_row_and_the_expected_format(client, organiser, edition):
    bad = GOOD_ROWS[1].replace("2025-07-14 10:30", "2025/07/14 10시 30분")
    data = "\n".join([HEADER, GOOD_ROWS[0], bad]).encode()

    with translation.override("en"):
        preview, confirmed = import_file(client, "programitem", "items.csv", data, CSV)

    assert confirmed is None
    assert ProgramItem.objects.count() == 0
    assert (
        "Row 2, Starts at: “2025/07/14 10시 30분” is not a date and time in the format "
        "YYYY-MM-DD HH:MM (for example 2027-07-14 19:00)."
    ) in preview.content.decode()


def test_import_bad_date_in_korean(client, organiser, edition):
    bad = GOOD_ROWS[0].replace("2025-07-14 11:00", "내일")
    data = "\n".join([HEADER, bad]).encode()

    with translation.override("ko"):
        preview, _confirmed = import_file(client, "programitem", "items.csv", data, CSV)
        column = gettext("ends at")

    assert (
        f"1행, {column}: “내일”은(는) YYYY-MM-DD HH:MM 형식의 날짜와 시각이 아닙니다 "
        "(예: 2027-07-14 19:00)."
    ) in preview.content.decode()


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            GOOD_ROWS[1] + ",extra",
            "Row 2 has 13 columns, expected 12 as in the header row. Look for a stray comma or "
            "a missing column in that row.",
        ),
        (
            GOOD_ROWS[1].rsplit(",", 1)[0],
            "Row 2 has 11 columns, expected 12 as in the header row. Look for a stray comma or "
            "a missing column in that row.",
        ),
    ],
)
def test_import_broken_csv_says_which_row_has_how_many_columns(
    client, organiser, edition, row, message
):
    data = "\n".join([HEADER, GOOD_ROWS[0], row]).encode()

    with translation.override("en"):
        preview, confirmed = import_file(client, "programitem", "items.csv", data, CSV)

    assert confirmed is None
    assert ProgramItem.objects.count() == 0
    assert message in preview.content.decode()


def test_import_broken_csv_in_korean(client, organiser, edition):
    data = "\n".join([HEADER, GOOD_ROWS[0] + ",,"]).encode()

    with translation.override("ko"):
        preview, _confirmed = import_file(client, "programitem", "items.csv", data, CSV)

    body = preview.content.decode()
    assert "1행의 열이 14개입니다. 머리글 행처럼 12개여야 합니다." in body
    assert "0 형식" not in body
