"""The programme's rules against real PostgreSQL: the exclusion constraint and row locks."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from events.models import Appearance, ProgramItem
from events.services import AppearanceData, program_item_create
from events.services.programme import _save_checked
from tests.factories import (
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    StageFactory,
    seoul,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("english"),
]


def test_stage_exclusion_constraint_rejects_overlap_written_past_clean():
    edition = EditionFactory(year=2025)
    first = ProgramItemFactory(edition=edition, starts_at=seoul(edition, 10))

    with pytest.raises(IntegrityError, match="item_stage_no_overlap"), transaction.atomic():
        ProgramItem.objects.create(
            edition=edition,
            stage=first.stage,
            title_ko="겹침",
            starts_at=seoul(edition, 10, 30),
            ends_at=seoul(edition, 11, 30),
        )

    assert ProgramItem.objects.count() == 1


def test_stage_exclusion_constraint_allows_back_to_back_and_other_stages():
    edition = EditionFactory(year=2025)
    first = ProgramItemFactory(edition=edition, starts_at=seoul(edition, 10))

    ProgramItem.objects.create(
        edition=edition,
        stage=first.stage,
        title_ko="다음",
        starts_at=seoul(edition, 11),
        ends_at=seoul(edition, 12),
    )
    ProgramItem.objects.create(
        edition=edition,
        stage=StageFactory(edition=edition),
        title_ko="다른 무대",
        starts_at=seoul(edition, 10),
        ends_at=seoul(edition, 11),
    )

    assert ProgramItem.objects.count() == 3


def test_save_checked_translates_exclusion_violation_into_validation_error():
    edition = EditionFactory(year=2025)
    first = ProgramItemFactory(edition=edition, starts_at=seoul(edition, 10))
    clashing = ProgramItem(
        edition=edition,
        stage=first.stage,
        title_ko="겹침",
        starts_at=seoul(edition, 10, 30),
        ends_at=seoul(edition, 11, 30),
    )

    with pytest.raises(ValidationError) as error:
        _save_checked(clashing)

    assert error.value.message_dict == {"starts_at": ["The stage is already booked at this time."]}


def _in_thread(target, results, key):
    def run():
        try:
            with translation.override("en"):
                results[key] = target()
        except Exception as error:
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _create_while_the_first_is_open(first: dict, second: dict) -> dict:
    """Two ``program_item_create`` calls in two threads (two connections): the first holds its
    transaction open while the second runs its checks. Each one's item or error, by name."""
    first_booked = threading.Event()
    results: dict = {}

    def run_first():
        with transaction.atomic():
            item = program_item_create(**first)
            first_booked.set()
            # Hold the transaction open: the second booking runs its check meanwhile.
            time.sleep(0.7)
        return item

    def run_second():
        first_booked.wait(5)
        return program_item_create(**second)

    threads = [_in_thread(run_first, results, "first"), _in_thread(run_second, results, "second")]
    for thread in threads:
        thread.join(15)
    return results


def test_concurrent_bookings_of_one_performer_only_one_passes():
    edition = EditionFactory(year=2025)
    stage_a, stage_b = StageFactory(edition=edition), StageFactory(edition=edition)
    performer = PerformerFactory(display_name="Choir")

    results = _create_while_the_first_is_open(
        {
            "edition": edition,
            "stage": stage_a,
            "title_ko": "첫째",
            "starts_at": seoul(edition, 10),
            "ends_at": seoul(edition, 11),
            "appearances": [AppearanceData(performer=performer)],
        },
        {
            "edition": edition,
            "stage": stage_b,
            "title_ko": "둘째",
            "starts_at": seoul(edition, 10, 30),
            "ends_at": seoul(edition, 11, 30),
            "appearances": [AppearanceData(performer=performer)],
        },
    )

    assert isinstance(results["first"], ProgramItem)
    assert isinstance(results["second"], ValidationError)
    assert results["second"].messages == [
        "Choir is already booked for “첫째” from 10:00 AM to 11:00 AM."
    ]
    assert list(Appearance.objects.values_list("item__title_ko", flat=True)) == ["첫째"]


def test_concurrent_bookings_of_one_stage_only_one_passes():
    edition = EditionFactory(year=2025)
    stage = StageFactory(edition=edition)

    results = _create_while_the_first_is_open(
        {
            "edition": edition,
            "stage": stage,
            "title_ko": "첫째",
            "starts_at": seoul(edition, 10),
            "ends_at": seoul(edition, 11),
        },
        {
            "edition": edition,
            "stage": stage,
            "title_ko": "둘째",
            "starts_at": seoul(edition, 10, 30),
            "ends_at": seoul(edition, 11, 30),
        },
    )

    assert isinstance(results["first"], ProgramItem)
    assert isinstance(results["second"], ValidationError)
    assert list(ProgramItem.objects.values_list("title_ko", flat=True)) == ["첫째"]
