import pytest

from events.models import Edition
from tests.factories import EditionFactory, ProgramItemFactory

pytestmark = pytest.mark.django_db


def test_edition_factory_gives_the_values_asked():
    edition = EditionFactory(year=2031, capacity=5)

    assert Edition.objects.get(pk=edition.pk).capacity == 5


def test_edition_factory_existing_year_with_other_values_fails():
    EditionFactory(year=2031, capacity=10)

    with pytest.raises(ValueError, match="the 2031 edition exists with other values"):
        EditionFactory(year=2031, capacity=5)


def test_edition_factory_existing_year_with_the_same_values_is_shared():
    item = ProgramItemFactory(edition__year=2031)

    assert EditionFactory(year=2031) == item.edition
    assert Edition.objects.count() == 1
