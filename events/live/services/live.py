"""The stage manager's actions on the day: start and end items and segments, announce a delay,
cancel or move an item, undo within a minute.

Each action is a check and a change handed to live_act (live_record.py), which locks the stage,
checks the version the stage manager saw and records a LiveAction with what it changed. The plan
is never touched: live times sit beside it.
"""

import datetime as dt
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.common.formatting import local_date
from events.live.models import ItemLive, LiveAction, Segment
from events.live.selectors import stage_items_on_the_day
from events.live.services.live_record import LiveChange, Press, live_act
from events.live.services.versions import programme_version_publish
from events.models import ProgramItem, Stage
from events.signals import live_action_undone, stage_delayed

MAX_DELAY_MINUTES = 240


def _refuse_if(condition: bool, message, code: str) -> None:
    if condition:
        raise ValidationError(message, code=code)


def _check_item(stage: Stage, item: ProgramItem) -> None:
    # The stage it is on that day: an item moved to another stage is run from there.
    on_stage = stage_items_on_the_day(stage_id=stage.pk).filter(pk=item.pk).exists()
    _refuse_if(not on_stage, _("This item is not on this stage."), "other_stage")


def _end_running_segments(change: LiveChange, item: ProgramItem) -> None:
    running = Segment.objects.filter(
        item=item, live_started_at__isnull=False, live_ended_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in running:
        if segment := change.segment(pk):
            segment.live_ended_at = change.now


def _start_item(change: LiveChange, item: ProgramItem) -> None:
    state = change.item(item.pk)
    _refuse_if(
        state.status == ItemLive.Status.CANCELLED,
        _("“%(title)s” was cancelled, so it cannot be started. Undo the cancellation first.")
        % {"title": item.title},
        "cancelled",
    )
    _refuse_if(
        state.status == ItemLive.Status.DONE,
        _("“%(title)s” has already finished.") % {"title": item.title},
        "done",
    )
    if state.status == ItemLive.Status.RUNNING:
        return
    # Only one item is on at a time on a stage: starting one ends the one before.
    others = ItemLive.objects.filter(
        item__in=stage_items_on_the_day(stage_id=change.stage_live.stage_id),
        status=ItemLive.Status.RUNNING,
    ).exclude(item=item)
    for other in others.select_related("item"):
        ended = change.item(other.item_id)
        ended.status, ended.ends_at = ItemLive.Status.DONE, change.now
        _end_running_segments(change, other.item)
    state.status = ItemLive.Status.RUNNING
    state.starts_at = change.now
    state.ends_at = change.now + (item.ends_at - item.starts_at)


def _end_item(change: LiveChange, item: ProgramItem) -> None:
    state = change.item(item.pk)
    _refuse_if(
        state.status != ItemLive.Status.RUNNING,
        _("“%(title)s” is not on now, so it cannot be ended.") % {"title": item.title},
        "not_running",
    )
    state.status, state.ends_at = ItemLive.Status.DONE, change.now
    _end_running_segments(change, item)


def _start_segment(change: LiveChange, segment: Segment) -> None:
    _start_item(change, segment.item)
    _end_running_segments(change, segment.item)
    own = change.segment(segment.pk)
    _refuse_if(own is None, _("There is no such segment on this stage."), "no_segment")
    own.live_started_at, own.live_ended_at = change.now, None


def _end_segment(change: LiveChange, segment: Segment) -> None:
    own = change.segment(segment.pk)
    _refuse_if(
        own is None or own.live_started_at is None or own.live_ended_at is not None,
        _("“%(title)s” is not on now, so it cannot be ended.") % {"title": segment.title},
        "not_running",
    )
    own.live_ended_at = change.now


def _cancel_item(change: LiveChange, item: ProgramItem) -> None:
    state = change.item(item.pk)
    _refuse_if(
        state.status in (ItemLive.Status.DONE, ItemLive.Status.CANCELLED),
        _("“%(title)s” has already finished or been cancelled.") % {"title": item.title},
        "closed",
    )
    state.status = ItemLive.Status.CANCELLED
    _end_running_segments(change, item)


def _stage_items(stage: Stage) -> list[ProgramItem]:
    return list(stage_items_on_the_day(stage_id=stage.pk).order_by("starts_at", "pk"))


def _moved_ends(items: list[ProgramItem]) -> dict[int, dt.datetime]:
    """The end each item was moved to on the day (its latest move not undone), by item id."""
    moves = LiveAction.objects.filter(
        kind=LiveAction.Kind.MOVE, undone_at__isnull=True, item__in=items
    ).order_by("created_at", "pk")
    return {
        move.item_id: dt.datetime.fromisoformat(move.after["items"][str(move.item_id)]["ends_at"])
        for move in moves
    }


def _delay_stage(change: LiveChange, stage: Stage, minutes: int) -> dict:
    shift = dt.timedelta(minutes=minutes)
    items = _stage_items(stage)
    states = {s.item_id: s.status for s in ItemLive.objects.filter(item__in=items)}
    still_open = [
        item
        for item in items
        if states.get(item.pk, ItemLive.Status.PLANNED)
        in (ItemLive.Status.PLANNED, ItemLive.Status.RUNNING)
    ]
    _refuse_if(
        not still_open or change.now >= stage.edition.day_ends_at,
        _("Everything on this stage has finished: there is nothing left to delay."),
        "finished",
    )
    change.stage_live.delay_minutes = minutes
    # An item moved on the day and started since ends after the end it was moved to.
    planned_ends = {item.pk: item.ends_at for item in still_open} | _moved_ends(still_open)
    shifted = []
    for item in still_open:
        state = change.item(item.pk)
        if state.status == ItemLive.Status.RUNNING:
            state.ends_at = max(planned_ends[item.pk] + shift, change.now)
        else:
            state.starts_at, state.ends_at = item.starts_at + shift, item.ends_at + shift
            shifted.append(item.pk)
    return {"minutes": minutes, "items": shifted}


def _move_item(
    change: LiveChange, item: ProgramItem, to_stage: Stage, starts_at: dt.datetime
) -> dict:
    state = change.item(item.pk)
    _refuse_if(
        state.status in (ItemLive.Status.DONE, ItemLive.Status.CANCELLED, ItemLive.Status.RUNNING),
        _("Only an item that has not started can be moved."),
        "closed",
    )
    state.status = ItemLive.Status.MOVED
    state.starts_at, state.ends_at = starts_at, starts_at + (item.ends_at - item.starts_at)
    state.stage = to_stage if to_stage.pk != item.stage_id else None
    return {"to_stage": to_stage.pk}


def _undo(change: LiveChange, stage: Stage, action: LiveAction) -> dict:
    latest = (
        LiveAction.objects.filter(stage=stage, undone_at__isnull=True)
        .exclude(kind=LiveAction.Kind.UNDO)
        .order_by("-created_at", "-pk")
        .first()
    )
    _refuse_if(
        action.stage_id != stage.pk or latest is None or latest.pk != action.pk,
        _("Only the stage's latest action can be undone."),
        "not_latest",
    )
    _refuse_if(
        (change.now - action.created_at).total_seconds() > settings.LIVE_UNDO_SECONDS,
        _("An action can be undone only within a minute."),
        "too_late",
    )
    change.restore(action.before)
    action.undone_at = change.now
    action.save(update_fields=["undone_at"])
    return {"undid": action.pk}


# The version's note in both languages (a version's comment is organiser-written content).
ON_THE_DAY_COMMENTS = {
    "cancel": ("당일 취소", "Cancelled on the day"),
    "move": ("당일 변경", "Changed on the day"),
    "undo": ("당일 변경 취소", "A change on the day undone"),
}


def _publish_on_the_day(what: str, action: LiveAction) -> None:
    # A cancellation or move on the day changes the published plan: a version says so, and the
    # people booked are told. An unpublished item changes nothing public (no version).
    try:
        version = programme_version_publish(
            edition=action.stage.edition,
            by=action.user,
            comment_ko=ON_THE_DAY_COMMENTS[what][0],
            comment_en=ON_THE_DAY_COMMENTS[what][1],
            now=action.created_at,
        )
    except ValidationError:
        return
    action.detail = {**action.detail, "version": version.pk}
    action.save(update_fields=["detail"])


def _tell_of_delay(action: LiveAction) -> None:
    # Inside the action's transaction: the notices are written with the delay, or neither is.
    minutes = action.detail["minutes"]
    if action.before["stage"]["delay_minutes"] != minutes:
        stage_delayed.send(
            sender=Stage,
            stage=action.stage,
            minutes=minutes,
            item_ids=action.detail["items"],
            action_id=action.pk,
            now=action.created_at,
        )


def _tell_of_undo(undone: LiveAction, undo: LiveAction) -> None:
    live_action_undone.send(sender=LiveAction, action=undone)
    if "version" in undone.detail:
        _publish_on_the_day("undo", undo)


def _on_item(press: Press, kind: str, item: ProgramItem, change, then=None) -> LiveAction:
    """``change`` of one item of the press's stage, recorded as an action of ``kind``."""
    _check_item(press.stage, item)
    return live_act(kind=kind, press=press, item=item, change=change, then=then)


def item_start(
    *, stage: Stage, item: ProgramItem, user=None, version: int | None = None, now=None
) -> LiveAction:
    """Start ``item`` now (ending the item on before it); refuses a cancelled or finished one."""
    press = Press(stage, user, version, now)
    return _on_item(press, LiveAction.Kind.ITEM_START, item, partial(_start_item, item=item))


def item_end(
    *, stage: Stage, item: ProgramItem, user=None, version: int | None = None, now=None
) -> LiveAction:
    """End ``item`` (and its running segment) now; refuses an item that is not on."""
    press = Press(stage, user, version, now)
    return _on_item(press, LiveAction.Kind.ITEM_END, item, partial(_end_item, item=item))


def segment_start(
    *, stage: Stage, segment: Segment, user=None, version: int | None = None, now=None
) -> LiveAction:
    """Start ``segment`` now, ending the item's segment before it; starts its item if needed."""
    change = partial(_start_segment, segment=segment)
    press = Press(stage, user, version, now)
    return _on_item(press, LiveAction.Kind.SEGMENT_START, segment.item, change)


def segment_end(
    *, stage: Stage, segment: Segment, user=None, version: int | None = None, now=None
) -> LiveAction:
    """End ``segment`` now; refuses a segment that is not on."""
    change = partial(_end_segment, segment=segment)
    press = Press(stage, user, version, now)
    return _on_item(press, LiveAction.Kind.SEGMENT_END, segment.item, change)


def item_cancel(
    *, stage: Stage, item: ProgramItem, user=None, version: int | None = None, now=None
) -> LiveAction:
    """Cancel ``item`` on the day (not one already finished); a new programme version records it."""
    change = partial(_cancel_item, item=item)
    then = partial(_publish_on_the_day, "cancel")
    return _on_item(Press(stage, user, version, now), LiveAction.Kind.CANCEL, item, change, then)


def _minutes(value: object) -> int:
    try:
        minutes = int(value)
    except (TypeError, ValueError) as error:
        raise ValidationError(
            _("Give the delay as a whole number of minutes."), code="bad_delay"
        ) from error
    _refuse_if(
        not 0 <= minutes <= MAX_DELAY_MINUTES,
        _("A delay is between 0 and %(max)d minutes.") % {"max": MAX_DELAY_MINUTES},
        "bad_delay",
    )
    return minutes


def stage_delay(
    *, stage: Stage, minutes: object, user=None, version: int | None = None, now=None
) -> LiveAction:
    """ "Running N minutes late": the item on now ends N minutes after its planned end and every
    item still to come on the stage starts N minutes after its plan (0 puts them back).

    Refuses a delay out of 0..240 minutes or on a stage whose day is over.
    """
    change = partial(_delay_stage, stage=stage, minutes=_minutes(minutes))
    press = Press(stage, user, version, now)
    return live_act(kind=LiveAction.Kind.DELAY, press=press, change=change, then=_tell_of_delay)


def item_move(
    *,
    stage: Stage,
    item: ProgramItem,
    starts_at: dt.datetime | None,
    to_stage: Stage | None = None,
    user=None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> LiveAction:
    """Move ``item`` on the day to a new start (same length) and optionally another stage of its
    edition; a new programme version records it. Refuses a time outside the day."""
    _check_item(stage, item)
    _refuse_if(starts_at is None, _("Give the new start time."), "no_time")
    to_stage = to_stage or stage
    _refuse_if(
        to_stage.edition_id != item.edition_id,
        _("This stage belongs to another edition."),
        "other_edition",
    )
    edition = item.edition
    _refuse_if(
        starts_at < edition.day_starts_at
        or starts_at + (item.ends_at - item.starts_at) > edition.day_ends_at,
        _("An item must lie within its edition's day (%(date)s, Seoul time).")
        % {"date": local_date(edition.date)},
        "outside_day",
    )
    change = partial(_move_item, item=item, to_stage=to_stage, starts_at=starts_at)
    then = partial(_publish_on_the_day, "move")
    press = Press(stage, user, version, now)
    return live_act(kind=LiveAction.Kind.MOVE, press=press, item=item, change=change, then=then)


def live_action_undo(
    *, stage: Stage, action: LiveAction, user=None, version: int | None = None, now=None
) -> LiveAction:
    """Undo the stage's latest action if it is under a minute old: its rows get back the values
    they had before it. Refuses an older action, one already undone, or one followed by another.
    """
    return live_act(
        kind=LiveAction.Kind.UNDO,
        press=Press(stage, user, version, now),
        item=action.item,
        change=partial(_undo, stage=stage, action=action),
        then=partial(_tell_of_undo, action),
    )
