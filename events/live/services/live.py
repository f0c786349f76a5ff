"""The stage manager's actions on the day: start and end items and segments, announce a delay,
cancel or move an item, undo within a minute.

Every action locks its stage's StageLive row and checks the version the stage manager saw, so two
stage managers pressing at once never both apply (the second is told what changed); the plan is
never touched (live times sit beside it); each action is a LiveAction holding what it changed.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.live.models import ItemLive, LiveAction, Segment, StageLive
from events.live.services.versions import programme_version_publish
from events.models import ProgramItem, Stage
from events.signals import live_action_undone, stage_delayed

MAX_DELAY_MINUTES = 240


class StaleStage(ValidationError):
    """Another stage manager changed the stage after this one loaded it."""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@dataclass
class _Change:
    """Rows an action touches, with their live fields before it."""

    stage_live: StageLive
    before: dict
    items: dict[int, ItemLive]
    segments: dict[int, Segment]

    def item(self, item: ProgramItem) -> ItemLive:
        if item.pk not in self.items:
            state, _created = ItemLive.objects.get_or_create(item=item)
            self.items[item.pk] = state
            self.before["items"][str(item.pk)] = _item_state(state)
        return self.items[item.pk]

    def segment(self, segment: Segment) -> Segment:
        if segment.pk not in self.segments:
            # Read again under the stage's lock: the caller's copy may predate another action.
            fresh = Segment.objects.get(pk=segment.pk)
            self.segments[segment.pk] = fresh
            self.before["segments"][str(segment.pk)] = _segment_state(fresh)
        return self.segments[segment.pk]

    def after(self) -> dict:
        return {
            "stage": {"delay_minutes": self.stage_live.delay_minutes},
            "items": {str(pk): _item_state(state) for pk, state in self.items.items()},
            "segments": {str(pk): _segment_state(s) for pk, s in self.segments.items()},
        }


def _item_state(state: ItemLive) -> dict:
    return {
        "status": state.status,
        "starts_at": _iso(state.starts_at),
        "ends_at": _iso(state.ends_at),
        "stage_id": state.stage_id,
    }


def _segment_state(segment: Segment) -> dict:
    return {"started": _iso(segment.live_started_at), "ended": _iso(segment.live_ended_at)}


def _lock(stage: Stage, expected_version: int | None) -> StageLive:
    StageLive.objects.bulk_create([StageLive(stage=stage)], ignore_conflicts=True)
    stage_live = StageLive.objects.select_for_update().get(stage=stage)
    if expected_version is not None and stage_live.version != expected_version:
        raise StaleStage(
            _(
                "Another stage manager changed this stage a moment ago, so your action was not "
                "applied. Check the stage as it is now and press again if it is still needed."
            ),
            code="stale",
        )
    return stage_live


def _act(
    *,
    stage: Stage,
    kind: str,
    user,
    expected_version: int | None,
    now: dt.datetime | None,
    apply: Callable[[_Change, dt.datetime], dict | None],
    item: ProgramItem | None = None,
) -> LiveAction:
    now = now or timezone.now()
    with transaction.atomic():
        stage_live = _lock(stage, expected_version)
        change = _Change(
            stage_live=stage_live,
            before={
                "stage": {"delay_minutes": stage_live.delay_minutes},
                "items": {},
                "segments": {},
            },
            items={},
            segments={},
        )
        detail = apply(change, now) or {}
        for state in change.items.values():
            state.save()
        for segment in change.segments.values():
            segment.save(update_fields=["live_started_at", "live_ended_at"])
        stage_live.version += 1
        stage_live.save(update_fields=["delay_minutes", "version", "updated_at"])
        action = LiveAction.objects.create(
            stage=stage,
            kind=kind,
            item=item,
            user=user if getattr(user, "pk", None) else None,
            created_at=now,
            before=change.before,
            after=change.after(),
            detail=detail,
        )
        public_pages_changed()
        return action


def _stage_items(stage: Stage) -> list[ProgramItem]:
    return list(ProgramItem.objects.filter(stage=stage).order_by("starts_at", "pk"))


def _refuse_if(condition: bool, message, code: str) -> None:
    if condition:
        raise ValidationError(message, code=code)


def _check_item(stage: Stage, item: ProgramItem) -> None:
    _refuse_if(item.stage_id != stage.pk, _("This item is not on this stage."), "other_stage")


def _end_running_segments(change: _Change, item: ProgramItem, now: dt.datetime) -> None:
    running = Segment.objects.filter(
        item=item, live_started_at__isnull=False, live_ended_at__isnull=True
    )
    for segment in running:
        change.segment(segment).live_ended_at = now


def _start_item(change: _Change, item: ProgramItem, now: dt.datetime) -> None:
    state = change.item(item)
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
        item__stage=item.stage_id, status=ItemLive.Status.RUNNING
    ).exclude(item=item)
    for other in others.select_related("item"):
        change.item(other.item).status = ItemLive.Status.DONE
        change.items[other.item_id].ends_at = now
        _end_running_segments(change, other.item, now)
    state.status = ItemLive.Status.RUNNING
    state.starts_at = now
    state.ends_at = now + (item.ends_at - item.starts_at)


def item_start(
    *,
    stage: Stage,
    item: ProgramItem,
    user=None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> LiveAction:
    """Start ``item`` now (ending the item on before it); refuses a cancelled or finished one."""
    _check_item(stage, item)
    return _act(
        stage=stage,
        kind=LiveAction.Kind.ITEM_START,
        user=user,
        expected_version=version,
        now=now,
        item=item,
        apply=lambda change, at: _start_item(change, item, at),
    )


def item_end(
    *,
    stage: Stage,
    item: ProgramItem,
    user=None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> LiveAction:
    """End ``item`` (and its running segment) now; refuses an item that is not on."""
    _check_item(stage, item)

    def apply(change: _Change, at: dt.datetime) -> None:
        state = change.item(item)
        _refuse_if(
            state.status != ItemLive.Status.RUNNING,
            _("“%(title)s” is not on now, so it cannot be ended.") % {"title": item.title},
            "not_running",
        )
        state.status = ItemLive.Status.DONE
        state.ends_at = at
        _end_running_segments(change, item, at)

    return _act(
        stage=stage,
        kind=LiveAction.Kind.ITEM_END,
        user=user,
        expected_version=version,
        now=now,
        item=item,
        apply=apply,
    )


def segment_start(
    *,
    stage: Stage,
    segment: Segment,
    user=None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> LiveAction:
    """Start ``segment`` now, ending the item's segment before it; starts its item if needed."""
    item = segment.item
    _check_item(stage, item)

    def apply(change: _Change, at: dt.datetime) -> None:
        _start_item(change, item, at)
        _end_running_segments(change, item, at)
        own = change.segment(segment)
        own.live_started_at, own.live_ended_at = at, None

    return _act(
        stage=stage,
        kind=LiveAction.Kind.SEGMENT_START,
        user=user,
        expected_version=version,
        now=now,
        item=item,
        apply=apply,
    )


def segment_end(
    *,
    stage: Stage,
    segment: Segment,
    user=None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> LiveAction:
    """End ``segment`` now; refuses a segment that is not on."""
    item = segment.item
    _check_item(stage, item)

    def apply(change: _Change, at: dt.datetime) -> None:
        own = change.segment(segment)
        _refuse_if(
            own.live_started_at is None or own.live_ended_at is not None,
            _("“%(title)s” is not on now, so it cannot be ended.") % {"title": segment.title},
            "not_running",
        )
        own.live_ended_at = at

    return _act(
        stage=stage,
        kind=LiveAction.Kind.SEGMENT_END,
        user=user,
        expected_version=version,
        now=now,
        item=item,
        apply=apply,
    )


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
    *,
    stage: Stage,
    minutes: object,
    user=None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> LiveAction:
    """ "Running N minutes late": the item on now ends N minutes after its planned end and every
    item still to come on the stage starts N minutes after its plan (0 puts them back).

    Refuses a delay out of 0..240 minutes or on a stage whose day is over.
    """
    minutes = _minutes(minutes)
    shift = dt.timedelta(minutes=minutes)

    def apply(change: _Change, at: dt.datetime) -> dict:
        items = _stage_items(stage)
        states = {s.item_id: s for s in ItemLive.objects.filter(item__in=items)}
        open_statuses = {ItemLive.Status.PLANNED, ItemLive.Status.RUNNING}
        still_open = [
            item
            for item in items
            if (states.get(item.pk).status if item.pk in states else ItemLive.Status.PLANNED)
            in open_statuses
        ]
        _refuse_if(
            not still_open or at >= stage.edition.day_ends_at,
            _("Everything on this stage has finished: there is nothing left to delay."),
            "finished",
        )
        change.stage_live.delay_minutes = minutes
        shifted = []
        for item in still_open:
            state = change.item(item)
            if state.status == ItemLive.Status.RUNNING:
                state.ends_at = max(item.ends_at + shift, at)
            else:
                state.starts_at, state.ends_at = item.starts_at + shift, item.ends_at + shift
                shifted.append(item.pk)
        return {"minutes": minutes, "items": shifted}

    with transaction.atomic():
        action = _act(
            stage=stage,
            kind=LiveAction.Kind.DELAY,
            user=user,
            expected_version=version,
            now=now,
            apply=apply,
        )
        if action.before["stage"]["delay_minutes"] != minutes:
            # Inside the transaction: the notices are written with the delay, or neither is.
            stage_delayed.send(
                sender=Stage,
                stage=stage,
                minutes=minutes,
                item_ids=action.detail["items"],
                action_id=action.pk,
                now=action.created_at,
            )
    return action


# The version's note in both languages (a version's comment is organiser-written content).
ON_THE_DAY_COMMENTS = {
    "cancel": ("당일 취소", "Cancelled on the day"),
    "move": ("당일 변경", "Changed on the day"),
    "undo": ("당일 변경 취소", "A change on the day undone"),
}


def _publish_on_the_day(stage: Stage, action: LiveAction, user, what: str) -> None:
    # A cancellation or move on the day changes the published plan: a version says so, and the
    # people booked are told. An unpublished item changes nothing public (no version).
    try:
        version = programme_version_publish(
            edition=stage.edition,
            by=user,
            comment_ko=ON_THE_DAY_COMMENTS[what][0],
            comment_en=ON_THE_DAY_COMMENTS[what][1],
            now=action.created_at,
        )
    except ValidationError:
        return
    action.detail = {**action.detail, "version": version.pk}
    action.save(update_fields=["detail"])


def item_cancel(
    *,
    stage: Stage,
    item: ProgramItem,
    user=None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> LiveAction:
    """Cancel ``item`` on the day (not one already finished); a new programme version records it."""
    _check_item(stage, item)

    def apply(change: _Change, at: dt.datetime) -> None:
        state = change.item(item)
        _refuse_if(
            state.status in (ItemLive.Status.DONE, ItemLive.Status.CANCELLED),
            _("“%(title)s” has already finished or been cancelled.") % {"title": item.title},
            "closed",
        )
        state.status = ItemLive.Status.CANCELLED
        _end_running_segments(change, item, at)

    with transaction.atomic():
        action = _act(
            stage=stage,
            kind=LiveAction.Kind.CANCEL,
            user=user,
            expected_version=version,
            now=now,
            item=item,
            apply=apply,
        )
        _publish_on_the_day(stage, action, user, "cancel")
    return action


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
    ends_at = starts_at + (item.ends_at - item.starts_at)
    edition = item.edition
    _refuse_if(
        starts_at < edition.day_starts_at or ends_at > edition.day_ends_at,
        _("An item must lie within its edition's day (%(date)s, Seoul time).")
        % {"date": edition.date.isoformat()},
        "outside_day",
    )

    def apply(change: _Change, at: dt.datetime) -> dict:
        state = change.item(item)
        _refuse_if(
            state.status
            in (ItemLive.Status.DONE, ItemLive.Status.CANCELLED, ItemLive.Status.RUNNING),
            _("Only an item that has not started can be moved."),
            "closed",
        )
        state.status = ItemLive.Status.MOVED
        state.starts_at, state.ends_at = starts_at, ends_at
        state.stage = to_stage if to_stage.pk != item.stage_id else None
        return {"to_stage": to_stage.pk}

    with transaction.atomic():
        action = _act(
            stage=stage,
            kind=LiveAction.Kind.MOVE,
            user=user,
            expected_version=version,
            now=now,
            item=item,
            apply=apply,
        )
        _publish_on_the_day(stage, action, user, "move")
    return action


def live_action_undo(
    *,
    stage: Stage,
    action: LiveAction,
    user=None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> LiveAction:
    """Undo the stage's latest action if it is under a minute old: its rows get back the values
    they had before it. Refuses an older action, one already undone, or one followed by another.
    """
    now = now or timezone.now()
    with transaction.atomic():
        stage_live = _lock(stage, version)
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
            (now - action.created_at).total_seconds() > settings.LIVE_UNDO_SECONDS,
            _("An action can be undone only within a minute."),
            "too_late",
        )
        before = action.before
        stage_live.delay_minutes = before["stage"]["delay_minutes"]
        for pk, values in before["items"].items():
            ItemLive.objects.filter(item_id=int(pk)).update(
                status=values["status"],
                starts_at=_parse(values["starts_at"]),
                ends_at=_parse(values["ends_at"]),
                stage_id=values["stage_id"],
            )
        for pk, values in before["segments"].items():
            Segment.objects.filter(pk=int(pk)).update(
                live_started_at=_parse(values["started"]), live_ended_at=_parse(values["ended"])
            )
        stage_live.version += 1
        stage_live.save(update_fields=["delay_minutes", "version", "updated_at"])
        action.undone_at = now
        action.save(update_fields=["undone_at"])
        undo = LiveAction.objects.create(
            stage=stage,
            kind=LiveAction.Kind.UNDO,
            item=action.item,
            user=user if getattr(user, "pk", None) else None,
            created_at=now,
            before=action.after,
            after=action.before,
            detail={"undid": action.pk},
        )
        public_pages_changed()
        live_action_undone.send(sender=LiveAction, action=action)
        if "version" in action.detail:
            _publish_on_the_day(stage, undo, user, "undo")
    return undo
