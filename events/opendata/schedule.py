"""The programme in the frab/c3voc exchange format that conference apps read (Giggity,
EventFahrplan, info-beamer): schedule.json and schedule.xml, built from one document.

The format is fixed by the published XSD and JSON Schema of the voc/schedule repository, kept
in tests/data/voc-schedule/ with their source; every demo edition is validated against both in
CI. Rooms are our stages; each event is one published item; persons are public names only.
"""

import datetime as dt
import json
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from xml.etree import ElementTree as ET

from django.urls import reverse
from django.utils import translation

from events.common.formatting import local_time
from events.common.site import site_url
from events.models import SEOUL, ProgramItem, Stage
from events.opendata.selectors import OpenItem, OpenProgramme, stage_guid

SCHEMA_URL = "https://c3voc.de/schedule/schema.json"
GENERATOR = "defectors-day"
# The frab room types closest to our kinds of stage.
ROOM_TYPES = {
    Stage.Kind.HALL: "stage",
    Stage.Kind.OUTDOOR: "outside",
}
TIMESLOT = "00:05"


def _generator_version() -> str:
    try:
        return package_version("defectors-day")
    except PackageNotFoundError:  # pragma: no cover - the project is always installed
        return "0"


def _hhmm(delta: dt.timedelta) -> str:
    minutes = int(delta.total_seconds()) // 60
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(SEOUL).isoformat()


def acronym(year: int) -> str:
    return f"defectors_day_{year}"


def _room_names(stages: list[Stage]) -> dict[int, str]:
    """Each stage's name, made unique: the JSON format keys a day's rooms by name."""
    names: dict[int, str] = {}
    taken: set[str] = set()
    for stage in stages:
        name = (stage.name or "").strip() or f"#{stage.pk}"
        if name in taken:
            name = f"{name} ({stage.pk})"
        taken.add(name)
        names[stage.pk] = name
    return names


def _running_order_text(item: OpenItem, language: str) -> str:
    """The order of proceedings, one line per segment: "오전 10:05 헌화 (박진우)" (text people read
    in their schedule app, so the time is written as on the site; "start" stays HH:MM)."""
    lines = []
    for segment in item.running_order:
        title = (
            (segment["title_en"] or segment["title_ko"])
            if language == "en"
            else (segment["title_ko"])
        )
        with translation.override(language):
            line = f"{local_time(segment['starts_at'])} {title}"
        if segment["responsible"]:
            line += f" ({segment['responsible']})"
        lines.append(line)
    return "\n".join(lines)


def _event(item: OpenItem, *, room: str, year: int, language: str, kinds: dict) -> dict:
    title, title_language = item.title_in(language)
    starts_at = item.starts_at.astimezone(SEOUL)
    return {
        "guid": item.guid,
        "id": item.pk,
        "date": _iso(starts_at),
        "start": f"{starts_at:%H:%M}",
        "end": _iso(item.ends_at),
        "duration": _hhmm(item.ends_at - item.starts_at),
        "room": room,
        "slug": f"{acronym(year)}-item-{item.pk}",
        "url": site_url(reverse("events:programme_detail", kwargs={"pk": item.pk})),
        "title": title,
        "subtitle": "",
        "track": kinds[item.kind],
        "type": item.kind,
        "language": title_language,
        "abstract": item.description_in(language),
        "description": _running_order_text(item, language),
        "persons": [{"name": name} for name in item.performers],
        "links": [],
        "attachments": [],
    }


def schedule_document(programme: OpenProgramme) -> dict:
    """The schedule as the c3voc JSON Schema describes it, in the active language."""
    edition = programme.edition
    language = translation.get_language() or "ko"
    kinds = {value: str(label) for value, label in ProgramItem.Kind.choices}
    rooms = _room_names(programme.stages)
    day_rooms: dict[str, list[dict]] = {rooms[stage.pk]: [] for stage in programme.stages}
    for item in programme.items:
        day_rooms[rooms[item.stage_id]].append(
            _event(
                item, room=rooms[item.stage_id], year=edition.year, language=language, kinds=kinds
            )
        )
    if programme.items:
        day_start = min(item.starts_at for item in programme.items)
        day_end = max(item.ends_at for item in programme.items)
    else:
        day_start, day_end = edition.day_starts_at, edition.day_ends_at
    home = reverse("events:edition_home", kwargs={"year": edition.year})
    return {
        "$schema": SCHEMA_URL,
        "generator": {"name": GENERATOR, "version": _generator_version()},
        "schedule": {
            "version": programme.version,
            "url": site_url(reverse("events:edition_schedule_json", kwargs={"year": edition.year})),
            "base_url": site_url("/"),
            "conference": {
                "acronym": acronym(edition.year),
                "title": edition.title,
                "start": edition.date.isoformat(),
                "end": edition.date.isoformat(),
                "daysCount": 1,
                "timeslot_duration": TIMESLOT,
                "time_zone_name": "Asia/Seoul",
                "url": site_url(home),
                "tracks": [{"name": label, "slug": value} for value, label in kinds.items()],
                "rooms": [
                    {
                        "name": rooms[stage.pk],
                        "guid": stage_guid(stage.pk),
                        "type": ROOM_TYPES.get(stage.kind, "other"),
                        "capacity": stage.capacity,
                        "description": stage.accessibility_notes or None,
                    }
                    for stage in programme.stages
                ],
                "days": [
                    {
                        "index": 1,
                        "date": edition.date.isoformat(),
                        "day_start": _iso(day_start),
                        "day_end": _iso(day_end),
                        "rooms": day_rooms,
                    }
                ],
            },
        },
    }


def schedule_json(document: dict) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def schedule_xml(document: dict) -> bytes:
    """The same document as frab's schedule.xml (XSD: tests/data/voc-schedule/)."""
    schedule = document["schedule"]
    conference = schedule["conference"]
    schedule = {**schedule, "url": schedule["url"].removesuffix(".json") + ".xml"}
    root = ET.Element("schedule")
    ET.SubElement(root, "generator", dict(document["generator"].items()))
    _text(root, "url", schedule["url"])
    _text(root, "version", schedule["version"])
    head = ET.SubElement(root, "conference")
    for tag in ("title", "acronym", "start", "end"):
        _text(head, tag, conference[tag])
    _text(head, "days", str(conference["daysCount"]))
    _text(head, "timeslot_duration", conference["timeslot_duration"])
    _text(head, "base_url", schedule["base_url"])
    _text(head, "url", conference["url"])
    _text(head, "time_zone_name", conference["time_zone_name"])
    for track in conference["tracks"]:
        ET.SubElement(head, "track", {"name": track["name"], "slug": track["slug"]})
    guids = {room["name"]: room["guid"] for room in conference["rooms"]}
    for day in conference["days"]:
        day_element = ET.SubElement(
            root,
            "day",
            {
                "index": str(day["index"]),
                "date": day["date"],
                "start": day["day_start"],
                "end": day["day_end"],
            },
        )
        for room, events in day["rooms"].items():
            room_element = ET.SubElement(day_element, "room", {"name": room, "guid": guids[room]})
            for event in events:
                _xml_event(room_element, event)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _xml_event(parent: ET.Element, event: dict) -> None:
    element = ET.SubElement(parent, "event", {"id": str(event["id"]), "guid": event["guid"]})
    for tag in ("date", "start", "duration", "room", "slug", "url", "title", "subtitle"):
        _text(element, tag, event[tag])
    for tag in ("track", "type", "language", "abstract", "description"):
        _text(element, tag, event[tag])
    persons = ET.SubElement(element, "persons")
    for person in event["persons"]:
        _text(persons, "person", person["name"])
    ET.SubElement(element, "links")
    ET.SubElement(element, "attachments")
