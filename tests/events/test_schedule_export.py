"""schedule.xml and schedule.json: valid against the published XSD and JSON Schema (voc/schedule,
tests/data/voc-schedule/), read back as a conference app reads them, private data never in."""

import datetime as dt
import json
import uuid
from pathlib import Path

import jsonschema
import pytest
import xmlschema
from django.core.management import call_command
from lxml import etree

from events.models import Edition, ProgramItem
from events.opendata.selectors import program_item_guid
from events.privacy import Visibility
from tests.events.conftest import add_items_with_a_performer
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    StageFactory,
    seoul,
)

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "voc-schedule"
XSD = xmlschema.XMLSchema(SCHEMAS / "schedule.xml.xsd")
JSON_SCHEMA = json.loads((SCHEMAS / "schema.json").read_text())
JSON_VALIDATOR = jsonschema.Draft6Validator(JSON_SCHEMA, format_checker=jsonschema.FormatChecker())


def _json_errors(document: dict) -> list[str]:
    return [error.message for error in JSON_VALIDATOR.iter_errors(document)]


@pytest.fixture
def programme():
    edition = EditionFactory(year=2025)
    hall = StageFactory(edition=edition, name_ko="대강당", name_en="Main hall", order=1)
    outdoor = StageFactory(
        edition=edition, name_ko="야외무대", name_en="Outdoor stage", kind="outdoor", order=2
    )
    ceremony = ProgramItemFactory(
        edition=edition,
        stage=hall,
        kind=ProgramItem.Kind.CEREMONY,
        title_ko="추모식",
        title_en="Memorial ceremony",
        description_ko="묵념과 헌화",
        description_en="Silence and flowers",
        starts_at=seoul(edition, 10),
        ends_at=seoul(edition, 10, 40),
    )
    concert = ProgramItemFactory(
        edition=edition,
        stage=outdoor,
        kind=ProgramItem.Kind.PERFORMANCE,
        title_ko="고향의 노래",
        title_en="",
        starts_at=seoul(edition, 14),
        ends_at=seoul(edition, 15, 30),
    )
    named = PerformerFactory(display_name="박진우", legal_name="PRIVATE LEGAL NAME")
    hidden = PerformerFactory(
        display_name="PRIVATE PSEUDONYM", visibility=Visibility.ANONYMOUS, legal_name="PRIVATE 2"
    )
    unpublished = PerformerFactory(display_name="PRIVATE UNPUBLISHED", is_published=False)
    AppearanceFactory(item=ceremony, performer=named, order=1)
    AppearanceFactory(item=concert, performer=hidden, order=1)
    AppearanceFactory(item=concert, performer=unpublished, order=2)
    draft = ProgramItemFactory(
        edition=edition,
        stage=hall,
        title_ko="PRIVATE DRAFT",
        is_published=False,
        starts_at=seoul(edition, 16),
        ends_at=seoul(edition, 17),
    )
    return {"edition": edition, "ceremony": ceremony, "concert": concert, "draft": draft}


def test_schedule_xml_is_valid_against_the_published_xsd(client, programme):
    response = client.get("/2025/schedule.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    XSD.validate(response.content)


def test_schedule_json_is_valid_against_the_published_json_schema(client, programme):
    response = client.get("/2025/schedule.json")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert _json_errors(response.json()) == []


def test_schedule_of_every_demo_edition_is_valid_in_both_languages(client):
    call_command("load_demo", "--i-know-this-is-not-production")
    years = list(Edition.objects.published().values_list("year", flat=True))

    for year in years:
        for prefix in ("", "/en"):
            xml = client.get(f"{prefix}/{year}/schedule.xml")
            document = client.get(f"{prefix}/{year}/schedule.json").json()

            XSD.validate(xml.content)
            assert _json_errors(document) == [], (prefix, year)
            assert document["schedule"]["conference"]["acronym"] == f"defectors_day_{year}"
    assert len(years) == 3


def test_schedule_xml_round_trips_every_published_item(client, programme):
    """Parsed as Giggity or EventFahrplan parse it: every published item, nothing else."""
    root = etree.fromstring(client.get("/2025/schedule.xml").content)

    events = {
        event.get("guid"): {
            "id": event.get("id"),
            "room": event.findtext("room"),
            "title": event.findtext("title"),
            "date": event.findtext("date"),
            "start": event.findtext("start"),
            "duration": event.findtext("duration"),
            "type": event.findtext("type"),
            "language": event.findtext("language"),
            "abstract": event.findtext("abstract"),
            "persons": [person.text for person in event.iterfind("persons/person")],
        }
        for event in root.iterfind("day/room/event")
    }

    ceremony, concert = programme["ceremony"], programme["concert"]
    assert events == {
        program_item_guid(ceremony.pk): {
            "id": str(ceremony.pk),
            "room": "대강당",
            "title": "추모식",
            "date": "2025-07-14T10:00:00+09:00",
            "start": "10:00",
            "duration": "00:40",
            "type": "ceremony",
            "language": "ko",
            "abstract": "묵념과 헌화",
            "persons": ["박진우"],
        },
        program_item_guid(concert.pk): {
            "id": str(concert.pk),
            "room": "야외무대",
            "title": "고향의 노래",
            "date": "2025-07-14T14:00:00+09:00",
            "start": "14:00",
            "duration": "01:30",
            "type": "performance",
            "language": "ko",
            "abstract": "",
            "persons": ["익명"],
        },
    }
    assert [room.get("name") for room in root.iterfind("day/room")] == ["대강당", "야외무대"]
    assert (
        root.findtext("version") == client.get("/2025/schedule.json").json()["schedule"]["version"]
    )


def test_schedule_never_shows_private_data(client, programme):
    bodies = [
        client.get(f"{prefix}/2025/schedule.{kind}").content.decode()
        for prefix in ("", "/en")
        for kind in ("xml", "json")
    ]

    assert [body for body in bodies if "PRIVATE" in body or "@private" in body] == []


def test_schedule_in_english_has_english_titles_and_falls_back_to_korean(client, programme):
    document = client.get("/en/2025/schedule.json").json()

    rooms = document["schedule"]["conference"]["days"][0]["rooms"]
    assert [
        (event["title"], event["language"], event["abstract"], event["persons"])
        for events in rooms.values()
        for event in events
    ] == [
        ("Memorial ceremony", "en", "Silence and flowers", [{"name": "박진우"}]),
        ("고향의 노래", "ko", "", [{"name": "Anonymous"}]),
    ]
    assert list(rooms) == ["Main hall", "Outdoor stage"]


def test_schedule_guid_is_a_uuid_that_survives_edits(client, programme):
    ceremony = programme["ceremony"]
    before = client.get("/2025/schedule.json").json()

    ceremony.title_ko = "추모식 (변경)"
    ceremony.starts_at += dt.timedelta(minutes=5)
    ceremony.ends_at += dt.timedelta(minutes=5)
    ceremony.save()
    after = client.get("/2025/schedule.json").json()

    def guids(document):
        days = document["schedule"]["conference"]["days"]
        return {e["id"]: e["guid"] for es in days[0]["rooms"].values() for e in es}

    assert guids(after) == guids(before)
    assert uuid.UUID(guids(after)[ceremony.pk]).version == 5
    assert after["schedule"]["version"] != before["schedule"]["version"]


def test_schedule_without_a_year_is_the_current_editions(client, programme):
    EditionFactory(year=2024)

    current = client.get("/schedule.xml")

    assert current.content == client.get("/2025/schedule.xml").content
    assert client.get("/schedule.json").json()["schedule"]["conference"]["acronym"] == (
        "defectors_day_2025"
    )


def test_schedule_of_an_unknown_or_unpublished_year_is_a_json_404(client, programme):
    EditionFactory(year=2026, is_published=False)

    for path in ("/2019/schedule.xml", "/2026/schedule.json"):
        response = client.get(path)

        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"detail": "이 연도에 공개된 행사가 없습니다."}


def test_schedule_rejects_unknown_query_parameters_in_json(client, programme):
    response = client.get("/2025/schedule.xml?page=2")

    assert response.status_code == 400
    assert response.json()["allowed"] == ["lang"]


@pytest.mark.parametrize("export", ["schedule.xml", "schedule.json"])
def test_schedule_query_count_does_not_grow_with_the_programme(programme, queries_of_get, export):
    few = queries_of_get(f"/2025/{export}")
    add_items_with_a_performer(StageFactory(edition=programme["edition"]), hours=range(9, 21))

    many = queries_of_get(f"/2025/{export}")

    assert many == few


def test_schedule_language_comes_from_the_address_or_lang_not_the_header(client, programme):
    def titles(path: str, **headers) -> list[str]:
        days = client.get(path, headers=headers).json()["schedule"]["conference"]["days"]
        return [event["title"] for events in days[0]["rooms"].values() for event in events]

    assert titles("/2025/schedule.json", accept_language="en") == ["추모식", "고향의 노래"]
    assert titles("/2025/schedule.json?lang=en") == ["Memorial ceremony", "고향의 노래"]
    assert titles("/en/2025/schedule.json?lang=ko") == ["추모식", "고향의 노래"]
    assert client.get("/2025/schedule.json?lang=de").status_code == 400
