import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from exhibits import services
from exhibits.models import Display, ExhibitImage
from tests.exhibits.conftest import CURATOR_PERMISSIONS, staff_with
from tests.factories import EditionFactory, ExhibitFactory, ExhibitImageFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*targets) -> list:
    barrier = threading.Barrier(len(targets))
    outcomes: list = [None] * len(targets)

    def call(index, target):
        try:
            barrier.wait()
            outcomes[index] = target()
        except Exception as error:  # the outcome is what the test asserts on
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_display_add_from_two_curators_at_once_gives_distinct_orders():
    edition = EditionFactory(year=2025)
    exhibits = [ExhibitFactory() for _ in range(6)]

    run_together(
        lambda: services.display_add(exhibits=exhibits[:3], edition=edition),
        lambda: services.display_add(exhibits=exhibits[3:], edition=edition),
    )

    orders = sorted(Display.objects.values_list("order", flat=True))
    assert orders == [1, 2, 3, 4, 5, 6]


def test_two_organisers_clearing_one_image_at_once_clear_it_once():
    uploader = staff_with(*CURATOR_PERMISSIONS, email="uploader@example.org")
    first = staff_with(*CURATOR_PERMISSIONS, email="first@example.org")
    second = staff_with(*CURATOR_PERMISSIONS, email="second@example.org")
    image = ExhibitImageFactory(shows_identifying=True, uploaded_by=uploader)

    outcomes = run_together(
        lambda: services.exhibit_image_clear(image=ExhibitImage.objects.get(pk=image.pk), by=first),
        lambda: services.exhibit_image_clear(
            image=ExhibitImage.objects.get(pk=image.pk), by=second
        ),
    )

    errors = [o for o in outcomes if isinstance(o, ValidationError)]
    # Threads start in the default language, Korean.
    assert [e.messages for e in errors] == [["이미 확인된 이미지입니다."]]
    image.refresh_from_db()
    assert image.cleared_by in (first, second)
