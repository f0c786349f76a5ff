"""The API's shapes. Each lists the fields the public may read, and nothing else: the test in
tests/events/test_api_fields.py compares every schema with its allow-list."""

import datetime as dt
from enum import Enum

from ninja import Schema

from events.models import ProgramItem, Stage

ItemKind = Enum("ItemKind", {value: value for value in ProgramItem.Kind.values}, type=str)
Language = Enum("Language", {"ko": "ko", "en": "en"}, type=str)
StageKind = Enum("StageKind", {value: value for value in Stage.Kind.values}, type=str)


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    loc: list[str]
    msg: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class UnknownParameterOut(Schema):
    detail: str
    allowed: list[str] = []


ERRORS = {400: UnknownParameterOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut}


class EditionOut(Schema):
    year: int
    date: dt.date
    title: str
    theme: str
    venue: str
    address: str
    summary: str
    how_to_attend: str
    url: str
    schedule_xml: str
    schedule_json: str
    calendar: str


class StageOut(Schema):
    id: int
    name: str
    kind: StageKind
    kind_label: str
    capacity: int | None
    accessibility_notes: str


class StageRefOut(Schema):
    id: int
    name: str


class PerformerOut(Schema):
    name: str
    role: str
    photo_url: str


class ItemOut(Schema):
    id: int
    guid: str
    edition: int
    kind: ItemKind
    kind_label: str
    title: str
    description: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    stage: StageRefOut
    performers: list[PerformerOut]
    seat_booking: bool
    url: str
    calendar: str


class PageMeta(Schema):
    count: int
    limit: int
    offset: int


class EditionPage(PageMeta):
    results: list[EditionOut]


class StagePage(PageMeta):
    results: list[StageOut]


class ItemPage(PageMeta):
    results: list[ItemOut]
