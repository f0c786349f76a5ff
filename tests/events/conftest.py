import pytest

from tests.factories import EditionFactory, StageFactory


@pytest.fixture
def edition(db):
    """The 2025 edition with two stages: 대강당 (Main hall) and 야외무대 (Outdoor stage)."""
    edition = EditionFactory(year=2025)
    StageFactory(edition=edition, name_ko="대강당", name_en="Main hall", order=1)
    StageFactory(edition=edition, name_ko="야외무대", name_en="Outdoor stage", order=2)
    return edition
