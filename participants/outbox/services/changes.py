"""Notices of programme changes: one email per person per published version (whatever number
of their items changed), and delay notices on the day.

Called by the receivers in participants/apps.py, inside the transaction that published the
version or announced the delay, so the notices commit with it. Due a minute later: the stage
manager's undo window (events.live.services.UNDO_SECONDS), within which an undo cancels them.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from events.live.models import ProgrammeVersion
from events.models import Appearance, Stage
from participants.models import Reminder, Rsvp, User
from participants.outbox.services.schedule import _performer_language, reminder_schedule

# Changes that concern people already booked (an added item has nobody booked yet).
NOTIFIED_CHANGES = ("moved", "cancelled", "changed")


def _grace(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=settings.LIVE_UNDO_SECONDS)


def _booked_items_by_user(item_ids: list[int]) -> dict[int, tuple[User, set[int]]]:
    """Each account holding a seat on any of ``item_ids``: the account and which of the items."""
    by_user: dict[int, tuple[User, set[int]]] = {}
    rsvps = Rsvp.objects.filter(
        item_id__in=item_ids, status__in=Rsvp.SEATED_STATUSES, user__isnull=False
    ).select_related("user")
    for rsvp in rsvps:
        user, items = by_user.get(rsvp.user_id, (rsvp.user, set()))
        items.add(rsvp.item_id)
        by_user[rsvp.user_id] = (user, items)
    return by_user


def programme_change_notices_schedule(
    *, version: ProgrammeVersion, now: dt.datetime | None = None
) -> int:
    """Write one PROGRAMME_CHANGED reminder per ticket holder (in their language) and per
    performer of the items the version changed; returns how many."""
    now = now or version.published_at or timezone.now()
    item_ids = sorted(
        {entry["item"] for entry in version.changelog if entry["change"] in NOTIFIED_CHANGES}
    )
    if not item_ids:
        return 0
    by_user = _booked_items_by_user(item_ids)
    written = 0
    emails = set()
    for user, items in by_user.values():
        emails.add(user.email.lower())
        reminder_schedule(
            kind=Reminder.Kind.PROGRAMME_CHANGED,
            key=f"{Reminder.Kind.PROGRAMME_CHANGED}:version:{version.pk}:user:{user.pk}",
            due_at=_grace(now),
            recipient=user,
            edition_id=version.edition_id,
            subject=version,
            context={"item_ids": sorted(items)},
        )
        written += 1
    by_performer: dict[int, tuple] = {}
    appearances = (
        Appearance.objects.filter(item_id__in=item_ids)
        .exclude(performer__contact_email="")
        .select_related("performer")
    )
    for appearance in appearances:
        performer, items = by_performer.get(appearance.performer_id, (appearance.performer, set()))
        items.add(appearance.item_id)
        by_performer[appearance.performer_id] = (performer, items)
    for performer, items in by_performer.values():
        email = performer.contact_email.lower()
        if email in emails:
            continue  # one email per person, even one who is both booked and performing
        emails.add(email)
        reminder_schedule(
            kind=Reminder.Kind.PROGRAMME_CHANGED,
            key=f"{Reminder.Kind.PROGRAMME_CHANGED}:version:{version.pk}:performer:{performer.pk}",
            due_at=_grace(now),
            recipient_email=email,
            language=_performer_language(performer),
            edition_id=version.edition_id,
            subject=version,
            context={"item_ids": sorted(items)},
        )
        written += 1
    return written


def stage_delay_notices_schedule(
    *, stage: Stage, minutes: int, item_ids: list[int], action_id: int, now: dt.datetime
) -> int:
    """Tell the people booked on the delayed items, once per person, if the delay is at least
    LIVE_DELAY_NOTICE_MINUTES; returns how many reminders were written."""
    if minutes < settings.LIVE_DELAY_NOTICE_MINUTES or not item_ids:
        return 0
    by_user = _booked_items_by_user(item_ids)
    for user, items in by_user.values():
        reminder_schedule(
            kind=Reminder.Kind.STAGE_DELAYED,
            key=f"{Reminder.Kind.STAGE_DELAYED}:action:{action_id}:user:{user.pk}",
            due_at=_grace(now),
            recipient=user,
            edition_id=stage.edition_id,
            subject=stage,
            context={"item_ids": sorted(items), "minutes": minutes, "action": action_id},
        )
    return len(by_user)


def live_action_notices_cancel(*, action_id: int, version_id: int | None) -> int:
    """An undone action's notices that have not gone yet are void; returns how many."""
    keys = Q(key__startswith=f"{Reminder.Kind.STAGE_DELAYED}:action:{action_id}:")
    if version_id:
        keys |= Q(key__startswith=f"{Reminder.Kind.PROGRAMME_CHANGED}:version:{version_id}:")
    return Reminder.objects.filter(keys, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )
