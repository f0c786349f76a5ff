"""The reminder outbox (docs/architecture.md).

Writes: call the scheduling functions inside the transaction that changes what a person should be
told, so that the change and its reminder commit (or roll back) together.
Delivery: the dispatcher claims due rows and queues one send task per row after commit; the send
task claims its row with one conditional UPDATE, so a task delivered twice sends once.
"""

import datetime as dt

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Appearance, Edition, Performer, ProgramItem
from participants.models import Reminder, Rsvp, User
from participants.outbox.services._common import _language_codes


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
    program_item_id: int | None = None,
    not_after: dt.datetime | None = None,
) -> Reminder:
    """Create the reminder ``key`` or, if it is still pending or was cancelled, (re)schedule it.

    A reminder already sent, sending, failed or missed is left as it is: the key guarantees that
    the same message is never queued twice. Raises ValidationError for an unknown language.
    """
    if recipient is None and not recipient_email:
        raise ValueError("A reminder needs a recipient or an email address.")
    language = language or (recipient.preferred_language if recipient else "ko")
    if language not in _language_codes():
        raise ValidationError(
            _("Reminders can be sent in Korean or English, not in “%(language)s”."),
            params={"language": language},
            code="unknown_language",
        )
    values = {
        "kind": kind,
        "due_at": due_at,
        "recipient": recipient,
        "recipient_email": recipient_email.lower(),
        "language": language,
        "edition_id": edition_id,
        "subject_type": ContentType.objects.get_for_model(subject) if subject else None,
        "subject_id": subject.pk if subject else None,
        "context": context or {},
        "program_item_id": program_item_id,
        "not_after": not_after,
    }
    reminder, created = Reminder.objects.select_for_update().get_or_create(key=key, defaults=values)
    if created or reminder.status not in (Reminder.Status.PENDING, Reminder.Status.CANCELLED):
        return reminder
    unchanged = reminder.status == Reminder.Status.PENDING and all(
        getattr(reminder, field) == value for field, value in values.items()
    )
    if not unchanged:
        for field, value in values.items():
            setattr(reminder, field, value)
        reminder.status = Reminder.Status.PENDING
        # A new schedule: whatever was queued for the old one must not count.
        reminder.queued_at = None
        reminder.retry_at = None
        reminder.save()
    return reminder


def reminders_schedule_new(
    *,
    kind: str,
    due_at: dt.datetime,
    rows: list[dict],
    edition_id: int | None = None,
    subject: models.Model | None = None,
) -> int:
    """Write many reminders of one kind at once (an invitation to thousands of people): one
    INSERT per batch instead of a locked upsert per row. Each row gives ``key``, ``recipient``
    and optionally ``language`` and ``context``. A key that exists already is left exactly as it
    is (sent, or cancelled after an opt-out: never queued again). Returns how many were new.
    Raises ValidationError for an unknown language, before anything is written.
    """
    codes = _language_codes()
    subject_type = ContentType.objects.get_for_model(subject) if subject else None
    reminders = []
    for row in rows:
        recipient = row["recipient"]
        language = row.get("language") or recipient.preferred_language or settings.LANGUAGE_CODE
        if language not in codes:
            raise ValidationError(
                _("Reminders can be sent in Korean or English, not in “%(language)s”."),
                params={"language": language},
                code="unknown_language",
            )
        reminders.append(
            Reminder(
                kind=kind,
                key=row["key"],
                recipient=recipient,
                language=language,
                edition_id=edition_id,
                subject_type=subject_type,
                subject_id=subject.pk if subject else None,
                context=row.get("context") or {},
                due_at=due_at,
            )
        )
    existing = set(
        Reminder.objects.filter(key__in=[r.key for r in reminders]).values_list("key", flat=True)
    )
    Reminder.objects.bulk_create(reminders, batch_size=1000, ignore_conflicts=True)
    return len({r.key for r in reminders} - existing)


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


def rsvp_reminder_plan(*, rsvp: Rsvp) -> list[tuple[str, dt.datetime, dt.datetime]]:
    """(kind, due_at, not_after) of a confirmed RSVP's default reminders: the day, a week and a
    day before; an item, an hour before. The cut-off is the start of what the reminder
    announces (the item, or the day at midnight in Seoul): never sent once it has begun."""
    if rsvp.item_id:
        starts_at = rsvp.item.starts_at
        kinds = [Reminder.Kind.ITEM_HOUR_BEFORE]
    else:
        starts_at = rsvp.edition.day_starts_at
        kinds = [Reminder.Kind.EDITION_WEEK_BEFORE, Reminder.Kind.EDITION_DAY_BEFORE]
    return [(kind, starts_at - _offset(kind), starts_at) for kind in kinds]


def rsvp_reminders_schedule(*, rsvp: Rsvp) -> list[Reminder]:
    """Write the default reminders of a confirmed RSVP (rsvp_reminder_plan). Keys are per RSVP,
    so calling this again only reschedules them."""
    if rsvp.status != Rsvp.Status.CONFIRMED or rsvp.user is None:
        return []
    return [
        reminder_schedule(
            kind=kind,
            key=f"{kind}:rsvp:{rsvp.pk}",
            due_at=due_at,
            recipient=rsvp.user,
            edition_id=rsvp.edition_id,
            subject=rsvp,
            program_item_id=rsvp.item_id,
            not_after=not_after,
        )
        for kind, due_at, not_after in rsvp_reminder_plan(rsvp=rsvp)
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
        program_item_id=rsvp.item_id,
    )
    rsvp_reminders_schedule(rsvp=rsvp)
    return promotion


def _performer_language(performer: Performer) -> str:
    # One unknown value (written around the model's choices) must not stop every performer's
    # reminders from being synced: that performer is written to in Korean.
    language = performer.preferred_language
    return language if language in _language_codes() else settings.LANGUAGE_CODE


def performer_call_reminders_set_language(*, performer: Performer) -> int:
    """Write a performer's language on their call-time reminders not sent yet; returns how many.

    A row already queued is rendered from the row when its task claims it, so it follows too.
    """
    return Reminder.objects.filter(
        kind=Reminder.Kind.PERFORMER_CALL,
        status=Reminder.Status.PENDING,
        subject_type=ContentType.objects.get_for_model(Appearance),
        subject_id__in=Appearance.objects.filter(performer=performer).values("pk"),
    ).update(language=_performer_language(performer))


@transaction.atomic
def performer_call_reminders_sync(*, now: dt.datetime | None = None) -> int:
    """Upsert a call-time reminder for every performer with a contact email appearing in a
    published item of a published edition, and cancel those whose call time went away.

    Returns how many reminders are scheduled. Rows already sent are never requeued (the key).
    """
    now = now or timezone.now()
    oldest = now - dt.timedelta(hours=settings.REMINDER_MISSED_AFTER_HOURS)
    offset = _offset(Reminder.Kind.PERFORMER_CALL)
    appearances = (
        Appearance.objects.filter(
            item__is_published=True,
            item__edition__is_published=True,
            call_time__isnull=False,
            call_time__gte=oldest + offset,
        )
        .exclude(performer__contact_email="")
        .select_related("performer", "item")
    )
    keys = []
    for appearance in appearances:
        key = f"{Reminder.Kind.PERFORMER_CALL}:appearance:{appearance.pk}"
        keys.append(key)
        reminder_schedule(
            kind=Reminder.Kind.PERFORMER_CALL,
            key=key,
            due_at=appearance.call_time - offset,
            recipient_email=appearance.performer.contact_email,
            language=_performer_language(appearance.performer),
            edition_id=appearance.item.edition_id,
            subject=appearance,
            program_item_id=appearance.item_id,
        )
    # An appearance removed, unpublished or without a call time any more: nothing to remind of.
    Reminder.objects.filter(
        kind=Reminder.Kind.PERFORMER_CALL, status=Reminder.Status.PENDING
    ).exclude(key__in=keys).update(status=Reminder.Status.CANCELLED)
    return len(keys)


@transaction.atomic
def program_item_reminders_move(*, item: ProgramItem) -> int:
    """Move the pending reminders about a rescheduled item to its new time; returns how many.

    Hour-before reminders follow ``item.starts_at``; performers' call reminders follow each
    appearance's ``call_time`` (the programme service moves those with the item).
    """
    pending = Reminder.objects.filter(program_item_id=item.pk, status=Reminder.Status.PENDING)
    moved = pending.filter(kind=Reminder.Kind.ITEM_HOUR_BEFORE).update(
        due_at=item.starts_at - _offset(Reminder.Kind.ITEM_HOUR_BEFORE),
        not_after=item.starts_at,
        queued_at=None,
        retry_at=None,
    )
    appearance_type = ContentType.objects.get_for_model(Appearance)
    call_times = dict(item.appearances.values_list("pk", "call_time"))
    offset = _offset(Reminder.Kind.PERFORMER_CALL)
    for reminder in pending.filter(kind=Reminder.Kind.PERFORMER_CALL, subject_type=appearance_type):
        call_time = call_times.get(reminder.subject_id)
        if call_time is None:
            reminder.status = Reminder.Status.CANCELLED
            reminder.save(update_fields=["status"])
        else:
            reminder.due_at = call_time - offset
            reminder.queued_at = None
            reminder.retry_at = None
            reminder.save(update_fields=["due_at", "queued_at", "retry_at"])
            moved += 1
    return moved


@transaction.atomic
def edition_reminders_move(*, edition: Edition) -> int:
    """Move the pending week-before and day-before reminders of an edition whose date changed
    to the new date (the programme service calls this when it moves an edition)."""
    moved = 0
    for kind in (Reminder.Kind.EDITION_WEEK_BEFORE, Reminder.Kind.EDITION_DAY_BEFORE):
        moved += Reminder.objects.filter(
            edition=edition, kind=kind, status=Reminder.Status.PENDING
        ).update(
            due_at=edition.day_starts_at - _offset(kind),
            not_after=edition.day_starts_at,
            queued_at=None,
            retry_at=None,
        )
    return moved


def program_item_reminders_cancel(*, item_id: int) -> int:
    """Cancel every pending reminder about a withdrawn item; returns how many."""
    return Reminder.objects.filter(program_item_id=item_id, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )
