import io

import pytest
from django.core.management import call_command
from PIL import Image

from events.models import Edition
from exhibits.models import Display, Exhibit, ExhibitImage, Lender

pytestmark = pytest.mark.django_db


def test_load_demo_exhibits_is_idempotent_and_realistic():
    out = io.StringIO()

    call_command("load_demo_exhibits", stdout=out)
    call_command("load_demo_exhibits", stdout=out)

    assert out.getvalue().splitlines() == [
        "Demo exhibits: 30 (30 new), 8 lenders.",
        "Demo exhibits: 30 (0 new), 8 lenders.",
    ]
    assert (Exhibit.objects.count(), ExhibitImage.objects.count(), Lender.objects.count()) == (
        30,
        30,
        8,
    )
    assert set(Lender.objects.values_list("visibility", flat=True)) == {
        "named",
        "pseudonym",
        "anonymous",
    }
    assert set(Edition.objects.values_list("year", flat=True)) == {2024, 2025}
    assert Display.objects.filter(edition__year=2024).count() == 15
    assert Display.objects.filter(edition__year=2025).count() == 20
    assert Exhibit.objects.filter(title_en="Shoes worn across the Tumen river").exists()
    assert not Exhibit.objects.filter(title_en="").exists()
    flagged = ExhibitImage.objects.filter(shows_identifying=True)
    assert flagged.count() == 4
    assert not flagged.filter(exhibit__is_published=True).exists()
    assert Exhibit.objects.filter(is_published=True).count() == 26


def test_load_demo_exhibits_images_are_drawn_and_clean():
    call_command("load_demo_exhibits", stdout=io.StringIO())

    image = ExhibitImage.objects.select_related("exhibit").first()
    picture = Image.open(image.original.open("rb"))

    assert (picture.format, picture.size) == ("JPEG", (1200, 900))
    assert dict(picture.getexif()) == {}
    assert (image.alt_text_ko, image.alt_text_en) != ("", "")


def test_load_demo_exhibits_keeps_existing_editions(settings):
    from tests.factories import EditionFactory

    edition = EditionFactory(year=2025, title_en="Programme helper's edition")

    call_command("load_demo_exhibits", stdout=io.StringIO())

    edition.refresh_from_db()
    assert edition.title_en == "Programme helper's edition"
    assert Edition.objects.count() == 2
