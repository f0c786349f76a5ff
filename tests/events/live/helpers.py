"""Builders for the running order and the live day's tests."""

import datetime as dt

import factory

from events.live.models import Segment
from tests.factories import EditionFactory, ProgramItemFactory, StageFactory, seoul


class SegmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Segment

    item = factory.SubFactory(ProgramItemFactory)
    order = factory.Sequence(lambda n: n * 10)
    title_ko = factory.Sequence(lambda n: f"순서 {n}")
    title_en = factory.Sequence(lambda n: f"Segment {n}")
    kind = Segment.Kind.RITE
    duration_minutes = 5


def stage_day(year: int = 2025):
    """A published edition with one stage and three published items: 10:00-11:00 (the
    ceremony), 11:00-12:00 and 14:00-15:00."""
    edition = EditionFactory(year=year)
    stage = StageFactory(edition=edition, name_ko="대강당", name_en="Main hall", order=1)
    items = [
        ProgramItemFactory(
            edition=edition,
            stage=stage,
            title_ko=title_ko,
            title_en=title_en,
            starts_at=seoul(edition, start),
            ends_at=seoul(edition, end),
        )
        for title_ko, title_en, start, end in (
            ("추모식", "Memorial ceremony", 10, 11),
            ("대담", "Talk", 11, 12),
            ("공연", "Concert", 14, 15),
        )
    ]
    return edition, stage, items


def minutes(n: int) -> dt.timedelta:
    return dt.timedelta(minutes=n)
