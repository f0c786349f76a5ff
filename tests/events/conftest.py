from collections.abc import Callable, Iterable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import ProgramItem, Stage
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    ProgramItemFactory,
    StageFactory,
    seoul,
)


@pytest.fixture
def edition(db):
    """The 2025 edition with two stages: 대강당 (Main hall) and 야외무대 (Outdoor stage)."""
    edition = EditionFactory(year=2025)
    StageFactory(edition=edition, name_ko="대강당", name_en="Main hall", order=1)
    StageFactory(edition=edition, name_ko="야외무대", name_en="Outdoor stage", order=2)
    return edition


@pytest.fixture
def concert(edition) -> ProgramItem:
    """공연 (Concert): a published performance on the outdoor stage from 12:00 to 13:00."""
    return ProgramItemFactory(
        edition=edition,
        stage=edition.stages.get(order=2),
        kind=ProgramItem.Kind.PERFORMANCE,
        title_ko="공연",
        title_en="Concert",
        starts_at=seoul(edition, 12),
        ends_at=seoul(edition, 13),
    )


@pytest.fixture
def queries_of_get(client) -> Callable[[str], int]:
    """How many queries a GET of a path costs; the answer must be a 200."""

    def count(path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    return count


def add_items_with_a_performer(stage: Stage, hours: Iterable[int]) -> None:
    """Half-hour items on ``stage``, one starting at each of ``hours``, each with a performer:
    what a query-count test adds to show that the count does not grow with the programme."""
    for hour in hours:
        item = ProgramItemFactory(
            edition=stage.edition,
            stage=stage,
            starts_at=seoul(stage.edition, hour),
            ends_at=seoul(stage.edition, hour, 30),
        )
        AppearanceFactory(item=item)
