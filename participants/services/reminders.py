"""Writes to the reminder outbox. Call these inside the transaction that changes what a person
should be told, so that the change and its reminder commit (or roll back) together."""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from participants.models import Reminder, Rsvp, User


@transaction.atomic
def reminder_schedule(
    *,
    kind: str,
    key: str,
    due_at: dt.datetime,
    recipient: User | None = None,
    recipient_email: str = "",
    language: str | None = None,
    edition_id: int | None = None,
    subject: models.Model | None = None,
    context: dict | None = None,
) -> Reminder:
    """Create the reminder ``key`` or, if it is still pending or was cancelled, (re)schedule it.

    A reminder already sent, sending, failed or missed is left as it is: the key guarantees that
    the same message is never queued twice.
    """
    if recipient is None and not recipient_email:
        raise ValueError("A reminder needs a recipient or an email address.")
    values = {
        "kind": kind,
        "due_at": due_at,
        "recipient": recipient,
        "recipient_email": recipient_email,
        "language": language or (recipient.preferred_language if recipient else "ko"),
        "edition_id": edition_id,
        "subject_type": ContentType.objects.get_for_model(subject) if subject else None,
        "subject_id": subject.pk if subject else None,
        "context": context or {},
    }
    reminder, created = Reminder.objects.select_for_update().get_or_create(key=key, defaults=values)
    if not created and reminder.status in (Reminder.Status.PENDING, Reminder.Status.CANCELLED):
        for field, value in values.items():
            setattr(reminder, field, value)
        reminder.status = Reminder.Status.PENDING
        reminder.save()
    return reminder


def reminder_cancel_for_subject(*, subject: models.Model, kinds: list[str] | None = None) -> int:
    """Cancel the pending reminders about ``subject`` (e.g. a cancelled RSVP); returns how many."""
    rows = Reminder.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        status=Reminder.Status.PENDING,
    )
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return rows.update(status=Reminder.Status.CANCELLED)


def _offset(kind: str) -> dt.timedelta:
    return dt.timedelta(hours=settings.REMINDER_OFFSETS[kind])


def rsvp_reminders_schedule(*, rsvp: Rsvp) -> list[Reminder]:
    """Write the default reminders of a confirmed RSVP (the day: a week and a day before; an
    item: an hour before). Keys are per RSVP, so calling this again only reschedules them."""
    if rsvp.status != Rsvp.Status.CONFIRMED or rsvp.user is None:
        return []
    if rsvp.item_id:
        plan = [(Reminder.Kind.ITEM_HOUR_BEFORE, rsvp.item.starts_at)]
    else:
        plan = [
            (Reminder.Kind.EDITION_WEEK_BEFORE, rsvp.edition.day_starts_at),
            (Reminder.Kind.EDITION_DAY_BEFORE, rsvp.edition.day_starts_at),
        ]
    return [
        reminder_schedule(
            kind=kind,
            key=f"{kind}:rsvp:{rsvp.pk}",
            due_at=starts_at - _offset(kind),
            recipient=rsvp.user,
            edition_id=rsvp.edition_id,
            subject=rsvp,
        )
        for kind, starts_at in plan
    ]


def rsvp_reminders_cancel(*, rsvp: Rsvp) -> int:
    """Cancel every pending reminder of a cancelled RSVP."""
    return reminder_cancel_for_subject(subject=rsvp)


def waitlist_promotion_notify(*, rsvp: Rsvp, now: dt.datetime | None = None) -> Reminder:
    """Tell a person promoted from the waiting list at once, and schedule their usual reminders."""
    now = now or timezone.now()
    promotion = reminder_schedule(
        kind=Reminder.Kind.WAITLIST_PROMOTED,
        key=f"{Reminder.Kind.WAITLIST_PROMOTED}:rsvp:{rsvp.pk}",
        due_at=now,
        recipient=rsvp.user,
        edition_id=rsvp.edition_id,
        subject=rsvp,
    )
    rsvp_reminders_schedule(rsvp=rsvp)
    return promotion
