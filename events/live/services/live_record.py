"""How every action of the day is applied and recorded, for events/live/services/live.py: the
stage's row locked and its version checked, each row read once under the lock with the live
fields it held before, the audit row (LiveAction) with before and after, the public pages told.

Two stage managers pressing at once never both apply: the second is refused with StaleStage.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.common.caching import public_pages_changed
from events.live.models import ItemLive, LiveAction, Segment, StageLive
from events.models import ProgramItem, Stage


class StaleStage(ValidationError):
    """Another stage manager changed the stage after this one loaded it."""


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _item_state(state: ItemLive) -> dict:
    return {
        "status": state.status,
        "starts_at": _iso(state.starts_at),
        "ends_at": _iso(state.ends_at),
        "stage_id": state.stage_id,
    }


def _segment_state(segment: Segment) -> dict:
    return {"started": _iso(segment.live_started_at), "ended": _iso(segment.live_ended_at)}


@dataclass
class LiveChange:
    """What one action changes, at ``now``: the stage's row and every item and segment it
    touches, each read once under the stage's lock, with their live fields before the change."""

    stage_live: StageLive
    now: dt.datetime
    items: dict[int, ItemLive] = field(default_factory=dict)
    segments: dict[int, Segment] = field(default_factory=dict)
    before: dict = field(init=False)

    def __post_init__(self) -> None:
        self.before = {
            "stage": {"delay_minutes": self.stage_live.delay_minutes},
            "items": {},
            "segments": {},
        }

    def item(self, item_id: int) -> ItemLive:
        if item_id not in self.items:
            state, _created = ItemLive.objects.get_or_create(item_id=item_id)
            self.items[item_id] = state
            self.before["items"][str(item_id)] = _item_state(state)
        return self.items[item_id]

    def segment(self, segment_id: int) -> Segment | None:
        if segment_id not in self.segments:
            # Read again under the stage's lock: the caller's copy may predate another action.
            fresh = Segment.objects.filter(pk=segment_id).first()
            if fresh is None:  # deleted in the admin since
                return None
            self.segments[segment_id] = fresh
            self.before["segments"][str(segment_id)] = _segment_state(fresh)
        return self.segments[segment_id]

    def restore(self, before: dict) -> None:
        """Give every row the live fields ``before`` recorded (an undo)."""
        self.stage_live.delay_minutes = before["stage"]["delay_minutes"]
        for pk, values in before["items"].items():
            state = self.item(int(pk))
            state.status, state.stage_id = values["status"], values["stage_id"]
            state.starts_at, state.ends_at = _parse(values["starts_at"]), _parse(values["ends_at"])
        for pk, values in before["segments"].items():
            segment = self.segment(int(pk))
            if segment is not None:
                segment.live_started_at = _parse(values["started"])
                segment.live_ended_at = _parse(values["ended"])

    def after(self) -> dict:
        return {
            "stage": {"delay_minutes": self.stage_live.delay_minutes},
            "items": {str(pk): _item_state(state) for pk, state in self.items.items()},
            "segments": {str(pk): _segment_state(s) for pk, s in self.segments.items()},
        }

    def save(self) -> None:
        for state in self.items.values():
            state.save()
        for segment in self.segments.values():
            segment.save(update_fields=["live_started_at", "live_ended_at"])
        self.stage_live.version += 1
        self.stage_live.save(update_fields=["delay_minutes", "version", "updated_at"])


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


@dataclass(frozen=True)
class Press:
    """A stage manager's press: on which stage, by whom, the stage's version they saw (None: do
    not check) and when (None: now)."""

    stage: Stage
    user: object = None
    version: int | None = None
    now: dt.datetime | None = None


def live_act(
    *,
    kind: str,
    press: Press,
    change: Callable[[LiveChange], dict | None],
    item: ProgramItem | None = None,
    then: Callable[[LiveAction], None] | None = None,
) -> LiveAction:
    """Apply ``change`` to the stage's day and record it as one LiveAction of ``kind``, in one
    transaction under the stage's lock; ``then`` runs in it too, with the saved action.

    Raises StaleStage when the press's version is not the stage's, or what ``change`` raises.
    """
    now = press.now or timezone.now()
    with transaction.atomic():
        live = LiveChange(stage_live=_lock(press.stage, press.version), now=now)
        detail = change(live) or {}
        live.save()
        action = LiveAction.objects.create(
            stage=press.stage,
            kind=kind,
            item=item,
            user=press.user if getattr(press.user, "pk", None) else None,
            created_at=now,
            before=live.before,
            after=live.after(),
            detail=detail,
        )
        public_pages_changed()
        if then is not None:
            then(action)
    return action
