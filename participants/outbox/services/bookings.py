"""The messages of a booking's life, each due at once (the dispatcher runs every minute):
confirmed (with the ticket), waiting, offered a seat, cancelled, and a guest's invitation.

Called by the attendance services inside the transaction that makes the change, so the change
and its message commit or roll back together (DESIGN.md "Reminders" 1).
"""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from participants.models import Reminder, Rsvp, WaitlistOffer
from participants.outbox.services.schedule import (
    reminder_cancel_for_subject,
    reminder_schedule,
    rsvp_reminder_plan,
    rsvp_reminders_schedule,
)

# Why a booking was cancelled, for the cancellation email (context["reason"]).
CANCELLED_BY_ATTENDEE = "attendee"
CANCELLED_BY_ORGANISER = "organiser"
CANCELLED_ITEM_WITHDRAWN = "withdrawn"
CANCELLED_OFFER_LAPSED = "offer_lapsed"
CANCELLED_OFFER_DECLINED = "offer_declined"


def _now_for(rsvp: Rsvp, kind: str, now: dt.datetime | None, **extra) -> Reminder | None:
    if rsvp.user is None:  # a walk-in has no account and no address
        return None
    return reminder_schedule(
        kind=kind,
        key=f"{kind}:rsvp:{rsvp.pk}",
        due_at=now or timezone.now(),
        recipient=rsvp.user,
        edition_id=rsvp.edition_id,
        subject=rsvp,
        program_item_id=rsvp.item_id,
        **extra,
    )


def rsvp_confirmed_notify(*, rsvp: Rsvp, now: dt.datetime | None = None) -> Reminder | None:
    """The confirmation with the ticket, at once, and the usual reminders before the event."""
    rsvp_reminders_schedule(rsvp=rsvp)
    return _now_for(rsvp, Reminder.Kind.RSVP_CONFIRMED, now, not_after=rsvp.ends_at)


def rsvp_waitlisted_notify(*, rsvp: Rsvp, now: dt.datetime | None = None) -> Reminder | None:
    """ "You are on the waiting list", at once."""
    return _now_for(rsvp, Reminder.Kind.RSVP_WAITLISTED, now, not_after=rsvp.ends_at)


def rsvp_cancelled_notify(
    *, rsvp: Rsvp, reason: str, now: dt.datetime | None = None
) -> Reminder | None:
    """Cancel what was still to be sent about ``rsvp`` and tell the person it is cancelled
    (``reason``: one of the CANCELLED_* values), at once."""
    reminder_cancel_for_subject(subject=rsvp)
    return _now_for(
        rsvp, Reminder.Kind.RSVP_CANCELLED, now, context={"reason": reason}, not_after=None
    )


def guest_invitation_notify(*, rsvp: Rsvp, now: dt.datetime | None = None) -> Reminder | None:
    """An imported guest's invitation: their ticket and a link to sign in with a code."""
    rsvp_reminders_schedule(rsvp=rsvp)
    return _now_for(rsvp, Reminder.Kind.GUEST_INVITATION, now, not_after=rsvp.ends_at)


def waitlist_offer_notify(*, offer: WaitlistOffer, now: dt.datetime | None = None) -> Reminder:
    """The offer of a freed seat with its accept and decline links; void once it lapses."""
    rsvp = offer.rsvp
    return reminder_schedule(
        kind=Reminder.Kind.WAITLIST_OFFER,
        key=f"{Reminder.Kind.WAITLIST_OFFER}:offer:{offer.pk}",
        due_at=now or timezone.now(),
        recipient=rsvp.user,
        edition_id=rsvp.edition_id,
        subject=offer,
        program_item_id=rsvp.item_id,
        not_after=offer.expires_at,
    )


def rsvp_booked_messages(*, rsvp: Rsvp, now: dt.datetime | None = None) -> list[Reminder]:
    """The messages of a booking just made, unsaved: the confirmation and its reminders, or the
    waiting-list notice, for ``rsvp.status``. Needs ``rsvp.pk`` (the keys carry it), not the
    row: the booking builds them before it writes (see rsvp_booked_notify)."""
    if rsvp.user is None:
        return []
    now = now or timezone.now()
    if rsvp.status == Rsvp.Status.CONFIRMED:
        plan = [(Reminder.Kind.RSVP_CONFIRMED, now, rsvp.ends_at)]
        plan += rsvp_reminder_plan(rsvp=rsvp)
    else:
        plan = [(Reminder.Kind.RSVP_WAITLISTED, now, rsvp.ends_at)]
    subject_type = ContentType.objects.get_for_model(Rsvp)
    return [
        Reminder(
            kind=kind,
            key=f"{kind}:rsvp:{rsvp.pk}",
            due_at=due_at,
            not_after=not_after,
            recipient=rsvp.user,
            language=rsvp.user.preferred_language,
            edition_id=rsvp.edition_id,
            subject_type=subject_type,
            subject_id=rsvp.pk,
            program_item_id=rsvp.item_id,
        )
        for kind, due_at, not_after in plan
    ]


def rsvp_booked_notify(
    *, rsvp: Rsvp, now: dt.datetime | None = None, messages: list[Reminder] | None = None
) -> None:
    """Write the messages of a booking just made (``messages``, or rsvp_booked_messages') in ONE
    insert: a new RSVP has no reminders yet (their keys carry its id), so there is nothing to
    upsert. The booking may write them before its own row (a reminder points at its booking by
    content type and id, not by a foreign key), so that the target's lock, which the booking
    row's capacity check takes, is held for as little as possible."""
    rows = messages if messages is not None else rsvp_booked_messages(rsvp=rsvp, now=now)
    _reminders_insert(rows)


def _reminders_insert(rows: list[Reminder]) -> None:
    """New reminders in one plain INSERT ... VALUES, their ids not read back: what bulk_create
    writes, at half its cost in Python (it runs in every booking, and a rush is CPU-bound)."""
    if not rows:
        return
    fields = [field for field in Reminder._meta.concrete_fields if not field.primary_key]
    values = [
        field.get_db_prep_save(field.pre_save(row, add=True), connection=connection)
        for row in rows
        for field in fields
    ]
    placeholders = "(" + ", ".join(["%s"] * len(fields)) + ")"
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Reminder._meta.db_table)} "  # noqa: S608 - names from the model
            f"({', '.join(quote(field.column) for field in fields)}) "
            f"VALUES {', '.join([placeholders] * len(rows))}",
            values,
        )
