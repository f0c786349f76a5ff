import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import RestrictedError
from django.utils import translation

from events.models import Appearance, ProgramItem
from events.services import (
    AppearanceData,
    program_item_create,
    program_item_delete,
    program_item_reschedule,
    program_item_set_published,
    program_item_update,
)
from events.signals import program_item_rescheduled, program_item_withdrawn
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    StageFactory,
    seoul,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def edition():
    return EditionFactory(year=2025)


@pytest.fixture
def stage(edition):
    return StageFactory(edition=edition)


def create(edition, stage, start, end, **kwargs):
    return program_item_create(
        edition=edition,
        stage=stage,
        title_ko=kwargs.pop("title_ko", "순서"),
        starts_at=start,
        ends_at=end,
        **kwargs,
    )


def test_program_item_create_valid_item_is_saved_with_performers(edition, stage):
    singer = PerformerFactory(display_name="Singer")

    item = create(
        edition,
        stage,
        seoul(edition, 10),
        seoul(edition, 11),
        title_en="Songs",
        appearances=[AppearanceData(performer=singer, role_ko="노래", role_en="Vocals", order=1)],
    )

    item.refresh_from_db()
    assert (item.title_ko, item.title_en, item.starts_at) == ("순서", "Songs", seoul(edition, 10))
    assert list(item.appearances.values_list("performer__display_name", "role_en")) == [
        ("Singer", "Vocals")
    ]


def test_program_item_create_end_before_start_is_rejected(edition, stage):
    with pytest.raises(ValidationError) as error:
        create(edition, stage, seoul(edition, 11), seoul(edition, 10))

    assert error.value.message_dict["ends_at"] == ["An item must end after it starts."]
    assert ProgramItem.objects.count() == 0


def test_program_item_create_outside_the_day_is_rejected(edition, stage):
    start = seoul(edition, 23)

    with pytest.raises(ValidationError) as error:
        create(edition, stage, start, start + dt.timedelta(hours=2))

    assert error.value.message_dict["starts_at"] == [
        "An item must lie within its edition's day (Mon 14 July 2025, Seoul time)."
    ]
    assert ProgramItem.objects.count() == 0


def test_program_item_create_stage_of_another_edition_is_rejected(edition):
    other_stage = StageFactory(edition=EditionFactory(year=2024))

    with pytest.raises(ValidationError) as error:
        create(edition, other_stage, seoul(edition, 10), seoul(edition, 11))

    assert error.value.message_dict["stage"] == ["This stage belongs to another edition."]


def test_program_item_create_overlapping_on_stage_is_rejected(edition, stage):
    create(edition, stage, seoul(edition, 10), seoul(edition, 11), title_ko="기념식")

    with pytest.raises(ValidationError) as error:
        create(edition, stage, seoul(edition, 10, 30), seoul(edition, 11, 30))

    assert error.value.message_dict["starts_at"] == [
        "The stage is already booked for “기념식” from 10:00 AM to 11:00 AM."
    ]
    assert ProgramItem.objects.count() == 1


def test_program_item_create_back_to_back_on_stage_is_allowed(edition, stage):
    create(edition, stage, seoul(edition, 10), seoul(edition, 11))

    create(edition, stage, seoul(edition, 11), seoul(edition, 12))

    assert ProgramItem.objects.count() == 2


def test_program_item_create_performer_in_overlapping_item_is_rejected(edition):
    performer = PerformerFactory(display_name="Choir")
    create(
        edition,
        StageFactory(edition=edition),
        seoul(edition, 10),
        seoul(edition, 11),
        title_ko="합창",
        appearances=[AppearanceData(performer=performer)],
    )

    with pytest.raises(ValidationError) as error:
        create(
            edition,
            StageFactory(edition=edition),
            seoul(edition, 10, 30),
            seoul(edition, 11, 30),
            appearances=[AppearanceData(performer=performer)],
        )

    assert error.value.messages == ["Choir is already booked for “합창” from 10:00 AM to 11:00 AM."]
    assert ProgramItem.objects.count() == 1


def test_program_item_reschedule_into_performer_clash_is_rejected(edition):
    performer = PerformerFactory(display_name="Choir")
    AppearanceFactory(
        performer=performer,
        item=ProgramItemFactory(edition=edition, starts_at=seoul(edition, 14)),
    )
    later = ProgramItemFactory(edition=edition, starts_at=seoul(edition, 16))
    AppearanceFactory(performer=performer, item=later)

    with pytest.raises(ValidationError):
        program_item_reschedule(
            item=later, starts_at=seoul(edition, 14), ends_at=seoul(edition, 15)
        )

    later.refresh_from_db()
    assert later.starts_at == seoul(edition, 16)


def test_program_item_create_same_performer_twice_is_rejected(edition, stage):
    performer = PerformerFactory()

    with pytest.raises(ValidationError):
        create(
            edition,
            stage,
            seoul(edition, 10),
            seoul(edition, 11),
            appearances=[AppearanceData(performer=performer), AppearanceData(performer=performer)],
        )

    assert Appearance.objects.count() == 0


def test_program_item_update_replaces_appearances(edition, stage):
    first, second = PerformerFactory(), PerformerFactory()
    item = create(
        edition,
        stage,
        seoul(edition, 10),
        seoul(edition, 11),
        appearances=[AppearanceData(performer=first)],
    )

    program_item_update(item=item, appearances=[AppearanceData(performer=second, order=2)])

    assert list(item.appearances.values_list("performer_id", "order")) == [(second.pk, 2)]


def test_program_item_update_unknown_field_is_refused(edition):
    item = ProgramItemFactory(edition=edition)

    with pytest.raises(TypeError):
        program_item_update(item=item, edition=EditionFactory(year=2024))


@pytest.mark.django_db(transaction=True)
def test_program_item_reschedule_sends_signal_after_commit_with_old_times():
    edition = EditionFactory(year=2025)
    item = ProgramItemFactory(edition=edition, starts_at=seoul(edition, 10))
    received = []

    def receiver(sender, item, old_starts_at, old_ends_at, **kwargs):
        received.append((item.pk, old_starts_at, old_ends_at, item.starts_at))

    program_item_rescheduled.connect(receiver)
    try:
        program_item_reschedule(item=item, starts_at=seoul(edition, 12), ends_at=seoul(edition, 13))
    finally:
        program_item_rescheduled.disconnect(receiver)

    assert received == [(item.pk, seoul(edition, 10), seoul(edition, 11), seoul(edition, 12))]


def test_program_item_update_same_times_sends_no_reschedule(
    edition, django_capture_on_commit_callbacks
):
    item = ProgramItemFactory(edition=edition)
    received = []
    program_item_rescheduled.connect(
        lambda **kw: received.append(kw), weak=False, dispatch_uid="t1"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            program_item_update(item=item, title_en="Renamed")
    finally:
        program_item_rescheduled.disconnect(dispatch_uid="t1")

    assert received == []


def test_program_item_set_published_false_sends_withdrawn(
    edition, django_capture_on_commit_callbacks
):
    item = ProgramItemFactory(edition=edition, is_published=True)
    received = []
    program_item_withdrawn.connect(
        lambda sender, item, **kw: received.append(item.pk), weak=False, dispatch_uid="t2"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            program_item_set_published(item=item, is_published=False)
    finally:
        program_item_withdrawn.disconnect(dispatch_uid="t2")

    assert received == [item.pk]
    assert ProgramItem.objects.get(pk=item.pk).is_published is False


def test_program_item_delete_sends_withdrawn_with_former_id(
    edition, django_capture_on_commit_callbacks
):
    item = ProgramItemFactory(edition=edition)
    item_id = item.pk
    received = []
    program_item_withdrawn.connect(
        lambda sender, item, **kw: received.append(item.pk), weak=False, dispatch_uid="t3"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            program_item_delete(item=item)
    finally:
        program_item_withdrawn.disconnect(dispatch_uid="t3")

    assert received == [item_id]
    assert ProgramItem.objects.filter(pk=item_id).exists() is False


def test_program_item_signal_not_sent_when_transaction_rolls_back(
    edition, django_capture_on_commit_callbacks
):
    item = ProgramItemFactory(edition=edition, is_published=True)
    ProgramItemFactory(edition=edition, stage=item.stage, starts_at=seoul(edition, 12))

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        program_item_reschedule(item=item, starts_at=seoul(edition, 12), ends_at=seoul(edition, 13))

    assert callbacks == []


def test_program_item_create_overlap_message_in_korean_by_default(edition, stage):
    create(edition, stage, seoul(edition, 10), seoul(edition, 11), title_ko="기념식")

    with translation.override("ko"), pytest.raises(ValidationError) as error:
        create(edition, stage, seoul(edition, 10, 30), seoul(edition, 11, 30))

    assert error.value.message_dict["starts_at"] == [
        "이 무대에는 오전 10:00부터 오전 11:00까지 “기념식” 프로그램이 이미 있습니다."
    ]


def test_edition_delete_takes_its_stages_and_items_but_a_used_stage_stays(edition, stage):
    item = ProgramItemFactory(edition=edition, stage=stage)

    with pytest.raises(RestrictedError):
        stage.delete()
    edition.delete()

    assert ProgramItem.objects.filter(pk=item.pk).exists() is False
