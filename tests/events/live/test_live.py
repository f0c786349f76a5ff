import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from events.calendar import programme_calendar
from events.live.models import ItemLive, LiveAction, ProgrammeVersion, StageLive
from events.live.services import (
    StaleStage,
    item_cancel,
    item_end,
    item_move,
    item_start,
    live_action_undo,
    programme_version_publish,
    segment_end,
    segment_start,
    stage_delay,
)
from events.selectors import program_item_list
from participants.models import Reminder
from tests.events.live.helpers import SegmentFactory, minutes, stage_day
from tests.factories import RsvpFactory, StageFactory, UserFactory, seoul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _state(item) -> ItemLive:
    return ItemLive.objects.get(item=item)


def test_item_start_keeps_the_plan_and_records_live_times_beside_it():
    edition, stage, (ceremony, *_rest) = stage_day()
    at = seoul(edition, 10, 3)

    action = item_start(stage=stage, item=ceremony, version=0, now=at)

    ceremony.refresh_from_db()
    assert (ceremony.starts_at, ceremony.ends_at) == (seoul(edition, 10), seoul(edition, 11))
    state = _state(ceremony)
    assert (state.status, state.starts_at, state.ends_at) == ("running", at, at + minutes(60))
    assert action.kind == LiveAction.Kind.ITEM_START
    assert action.before["items"][str(ceremony.pk)]["status"] == "planned"
    assert action.after["items"][str(ceremony.pk)]["status"] == "running"
    assert StageLive.objects.get(stage=stage).version == 1


def test_item_start_ends_the_item_on_before_it():
    edition, stage, (ceremony, talk, _concert) = stage_day()
    item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))

    item_start(stage=stage, item=talk, version=1, now=seoul(edition, 11, 2))

    assert (_state(ceremony).status, _state(ceremony).ends_at) == ("done", seoul(edition, 11, 2))
    assert _state(talk).status == "running"


def test_segment_start_starts_the_item_and_ends_the_segment_before():
    edition, stage, (ceremony, *_rest) = stage_day()
    opening = SegmentFactory(item=ceremony, order=10, duration_minutes=1)
    rites = SegmentFactory(item=ceremony, order=20, duration_minutes=4)

    segment_start(stage=stage, segment=opening, version=0, now=seoul(edition, 10))
    segment_start(stage=stage, segment=rites, version=1, now=seoul(edition, 10, 2))
    segment_end(stage=stage, segment=rites, version=2, now=seoul(edition, 10, 6))

    opening.refresh_from_db()
    rites.refresh_from_db()
    assert (opening.live_started_at, opening.live_ended_at) == (
        seoul(edition, 10),
        seoul(edition, 10, 2),
    )
    assert (rites.live_started_at, rites.live_ended_at) == (
        seoul(edition, 10, 2),
        seoul(edition, 10, 6),
    )
    assert _state(ceremony).status == "running"


def test_item_end_of_an_item_not_on_is_refused():
    edition, stage, (ceremony, *_rest) = stage_day()

    with pytest.raises(ValidationError) as error:
        item_end(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))

    assert error.value.messages == ["“Memorial ceremony” is not on now, so it cannot be ended."]
    assert LiveAction.objects.count() == 0


def test_stage_delay_shifts_the_rest_of_the_stages_day_and_not_the_plan():
    edition, stage, (ceremony, talk, concert) = stage_day()
    item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10, 5))

    stage_delay(stage=stage, minutes="20", version=1, now=seoul(edition, 10, 30))

    assert _state(ceremony).ends_at == seoul(edition, 11, 20)
    assert (_state(talk).starts_at, _state(talk).ends_at) == (
        seoul(edition, 11, 20),
        seoul(edition, 12, 20),
    )
    assert _state(concert).starts_at == seoul(edition, 14, 20)
    talk.refresh_from_db()
    assert talk.starts_at == seoul(edition, 11)
    assert StageLive.objects.get(stage=stage).delay_minutes == 20


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "A delay is between 0 and 240 minutes."),
        ("100000", "A delay is between 0 and 240 minutes."),
        ("soon", "Give the delay as a whole number of minutes."),
        ("", "Give the delay as a whole number of minutes."),
    ],
)
def test_stage_delay_bad_minutes_is_refused(value, message):
    edition, stage, _items = stage_day()

    with pytest.raises(ValidationError) as error:
        stage_delay(stage=stage, minutes=value, version=0, now=seoul(edition, 9))

    assert error.value.messages == [message]


def test_stage_delay_on_a_finished_stage_is_refused():
    edition, stage, items = stage_day()
    for index, item in enumerate(items):
        item_start(stage=stage, item=item, version=index * 2, now=item.starts_at)
        item_end(stage=stage, item=item, version=index * 2 + 1, now=item.ends_at)

    with pytest.raises(ValidationError) as error:
        stage_delay(stage=stage, minutes=10, version=6, now=seoul(edition, 15, 30))

    assert error.value.messages == [
        "Everything on this stage has finished: there is nothing left to delay."
    ]


def test_item_start_of_a_cancelled_item_is_refused():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    item_cancel(stage=stage, item=talk, version=0, now=seoul(edition, 9))

    with pytest.raises(ValidationError) as error:
        item_start(stage=stage, item=talk, version=1, now=seoul(edition, 11))

    assert error.value.messages == [
        "“Talk” was cancelled, so it cannot be started. Undo the cancellation first."
    ]


def test_live_action_with_a_stale_version_applies_nothing():
    edition, stage, (ceremony, talk, _concert) = stage_day()
    item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))

    with pytest.raises(StaleStage) as error:
        item_start(stage=stage, item=talk, version=0, now=seoul(edition, 10, 1))

    assert error.value.messages[0].startswith("Another stage manager changed this stage")
    assert _state(ceremony).status == "running"
    assert not ItemLive.objects.filter(item=talk).exclude(status="planned").exists()
    assert LiveAction.objects.count() == 1


def test_live_action_undo_within_a_minute_restores_what_was_before():
    edition, stage, (ceremony, talk, _concert) = stage_day()
    item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))
    delay = stage_delay(stage=stage, minutes=15, version=1, now=seoul(edition, 10, 30))

    live_action_undo(
        stage=stage,
        action=delay,
        version=2,
        now=seoul(
            edition,
            10,
            30,
        )
        + dt.timedelta(seconds=59),
    )

    assert StageLive.objects.get(stage=stage).delay_minutes == 0
    assert _state(ceremony).ends_at == seoul(edition, 11)
    assert _state(talk).starts_at is None
    delay.refresh_from_db()
    assert delay.undone_at is not None
    assert LiveAction.objects.filter(kind=LiveAction.Kind.UNDO).count() == 1


def test_live_action_undo_after_a_minute_is_refused():
    edition, stage, (ceremony, *_rest) = stage_day()
    action = item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))

    with pytest.raises(ValidationError) as error:
        live_action_undo(
            stage=stage,
            action=action,
            version=1,
            now=seoul(
                edition,
                10,
                1,
            )
            + dt.timedelta(seconds=1),
        )

    assert error.value.messages == ["An action can be undone only within a minute."]
    assert _state(ceremony).status == "running"


def test_live_action_undo_of_an_older_action_is_refused():
    edition, stage, (ceremony, talk, _concert) = stage_day()
    first = item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))
    item_start(
        stage=stage, item=talk, version=1, now=seoul(edition, 10, 0) + dt.timedelta(seconds=5)
    )

    with pytest.raises(ValidationError) as error:
        live_action_undo(
            stage=stage,
            action=first,
            version=2,
            now=seoul(edition, 10, 0) + dt.timedelta(seconds=10),
        )

    assert error.value.messages == ["Only the stage's latest action can be undone."]


def test_stage_delay_of_15_minutes_tells_those_booked_on_the_shifted_items_once():
    edition, stage, (ceremony, talk, concert) = stage_day()
    booked = UserFactory(email="booked@example.org", preferred_language="en")
    RsvpFactory(user=booked, edition=edition, item=talk)
    RsvpFactory(user=booked, edition=edition, item=concert)
    RsvpFactory(user=UserFactory(email="seated@example.org"), edition=edition, item=ceremony)
    item_start(stage=stage, item=ceremony, version=0, now=seoul(edition, 10))
    at = seoul(edition, 10, 40)

    stage_delay(stage=stage, minutes=15, version=1, now=at)

    notices = Reminder.objects.filter(kind=Reminder.Kind.STAGE_DELAYED)
    assert [(r.email, r.context["item_ids"], r.context["minutes"], r.due_at) for r in notices] == [
        ("booked@example.org", sorted([talk.pk, concert.pk]), 15, at + dt.timedelta(seconds=60))
    ]


def test_stage_delay_under_the_threshold_tells_nobody():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    RsvpFactory(user=UserFactory(), edition=edition, item=talk)

    stage_delay(stage=stage, minutes=14, version=0, now=seoul(edition, 9))

    assert not Reminder.objects.filter(kind=Reminder.Kind.STAGE_DELAYED).exists()


def test_live_action_undo_of_a_delay_cancels_its_notices():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    RsvpFactory(user=UserFactory(), edition=edition, item=talk)
    delay = stage_delay(stage=stage, minutes=30, version=0, now=seoul(edition, 9))

    live_action_undo(
        stage=stage, action=delay, version=1, now=seoul(edition, 9, 0) + dt.timedelta(seconds=30)
    )

    assert list(
        Reminder.objects.filter(kind=Reminder.Kind.STAGE_DELAYED).values_list("status", flat=True)
    ) == ["cancelled"]


def test_item_cancel_on_the_day_publishes_a_version_and_tells_ticket_holders():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    programme_version_publish(edition=edition, now=seoul(edition, 8))
    RsvpFactory(user=UserFactory(email="talk@example.org"), edition=edition, item=talk)

    action = item_cancel(stage=stage, item=talk, version=0, now=seoul(edition, 9))

    version = ProgrammeVersion.objects.get(number=2)
    assert action.detail["version"] == version.pk
    assert [(e["change"], e["title_ko"]) for e in version.changelog] == [("cancelled", "대담")]
    assert list(
        Reminder.objects.filter(kind=Reminder.Kind.PROGRAMME_CHANGED).values_list(
            "recipient__email", flat=True
        )
    ) == ["talk@example.org"]


def test_item_move_on_the_day_to_another_stage_keeps_its_length():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    lawn = StageFactory(edition=edition, name_ko="야외무대")

    item_move(
        stage=stage,
        item=talk,
        starts_at=seoul(edition, 13),
        to_stage=lawn,
        version=0,
        now=seoul(edition, 9),
    )

    state = _state(talk)
    assert (state.status, state.starts_at, state.ends_at, state.stage) == (
        "moved",
        seoul(edition, 13),
        seoul(edition, 14),
        lawn,
    )


def test_item_move_outside_the_day_is_refused():
    edition, stage, (_ceremony, talk, _concert) = stage_day()

    with pytest.raises(ValidationError) as error:
        item_move(
            stage=stage,
            item=talk,
            starts_at=seoul(edition, 23, 30),
            version=0,
            now=seoul(edition, 9),
        )

    assert error.value.messages == [
        "An item must lie within its edition's day (Mon 14 July 2025, Seoul time)."
    ]


def test_programme_calendar_follows_live_times_and_cancellations():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    item_cancel(stage=stage, item=talk, version=0, now=seoul(edition, 9))
    stage_delay(stage=stage, minutes=20, version=1, now=seoul(edition, 9, 5))

    calendar = programme_calendar(
        edition=edition, items=list(program_item_list(edition=edition)), language="ko"
    )

    events = {event["summary"]: event for event in calendar.walk("VEVENT")}
    assert events["공연"].decoded("dtstart") == seoul(edition, 14, 20)
    assert events["대담"]["status"] == "CANCELLED"
    assert events["추모식"].decoded("dtstart") == seoul(edition, 10, 20)


def _moved_to_the_lawn(stage, item, *, at):
    """``item`` moved at 9:00 on the day from ``stage`` to a new stage, the lawn, at ``at``."""
    edition = stage.edition
    lawn = StageFactory(edition=edition, name_ko="야외무대", name_en="Lawn")
    item_move(stage=stage, item=item, starts_at=at, to_stage=lawn, version=0, now=seoul(edition, 9))
    return lawn


def test_item_moved_to_another_stage_is_run_from_that_stage():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    lawn = _moved_to_the_lawn(stage, talk, at=seoul(edition, 13))

    item_start(stage=lawn, item=talk, version=0, now=seoul(edition, 13, 2))

    state = _state(talk)
    assert (state.status, state.starts_at, state.stage) == ("running", seoul(edition, 13, 2), lawn)
    assert LiveAction.objects.filter(stage=lawn).get().kind == LiveAction.Kind.ITEM_START


def test_item_moved_away_can_no_longer_be_started_on_its_planned_stage():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    _moved_to_the_lawn(stage, talk, at=seoul(edition, 13))

    with pytest.raises(ValidationError) as error:
        item_start(stage=stage, item=talk, version=1, now=seoul(edition, 13))

    assert error.value.messages == ["This item is not on this stage."]
    assert _state(talk).status == "moved"


def test_item_start_on_the_target_stage_leaves_the_planned_stages_item_running():
    edition, stage, (ceremony, talk, _concert) = stage_day()
    lawn = _moved_to_the_lawn(stage, talk, at=seoul(edition, 10))
    item_start(stage=stage, item=ceremony, version=1, now=seoul(edition, 10))

    item_start(stage=lawn, item=talk, version=0, now=seoul(edition, 10, 1))

    assert (_state(ceremony).status, _state(talk).status) == ("running", "running")


def test_stage_delay_of_a_moved_and_started_item_counts_from_the_end_it_was_moved_to():
    edition, stage, (_ceremony, talk, _concert) = stage_day()
    lawn = _moved_to_the_lawn(stage, talk, at=seoul(edition, 13))
    item_start(stage=lawn, item=talk, version=0, now=seoul(edition, 13))

    stage_delay(stage=lawn, minutes=10, version=1, now=seoul(edition, 13, 30))

    assert _state(talk).ends_at == seoul(edition, 14, 10)
