"""Every demo exhibit shows an image in the public catalogue (issue 17, item 5)."""

import pytest

from exhibits.demo import load_demo_exhibits
from exhibits.models import Exhibit, ExhibitImage

pytestmark = pytest.mark.django_db


def test_every_published_demo_exhibit_has_a_public_image():
    load_demo_exhibits()

    published = Exhibit.objects.filter(is_published=True)
    shown = ExhibitImage.objects.public().values("exhibit")

    assert published.count() >= 25
    assert list(published.exclude(pk__in=shown).values_list("object_number", flat=True)) == []
