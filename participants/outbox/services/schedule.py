"""The reminder outbox (DESIGN.md "Reminders").

Writes: call the scheduling functions inside the transaction that changes what a person should be
told, so that the change and its reminder commit (or roll back) together.
Delivery: the dispatcher claims due rows and queues one send task per row after commit; the send
task claims its row with one conditional UPDATE, so a task delivered twice sends once.
"""

import dataclasses
import datetime as dt
import functools
import hashlib
import logging
import random
import smtplib
import weakref
from functools import partial
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import connection, models, transaction
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from events.models import SEOUL, Appearance, Edition, Performer, ProgramItem
from participants.links import rsvp_cancel_url, ticket_url
from participants.models import Announcement, Reminder, ReminderOptOut, Rsvp, User
from participants.senders import from_email

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "participants.reminders.unsubscribe"
# Clock skew between the worker that wrote retry_at/due_at and the one that claims the row.
CLAIM_TOLERANCE = dt.timedelta(seconds=1)
_jitter = random.SystemRandom()


def _for_organisers(message: str, **params) -> str:
    """A recorded error, in the organisers' language whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


# --- Scheduling -------------------------------------------------------------------------------


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
            program_item_id=rsvp.item_id,
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
        ).update(due_at=edition.day_starts_at - _offset(kind), queued_at=None, retry_at=None)
    return moved


def program_item_reminders_cancel(*, item_id: int) -> int:
    """Cancel every pending reminder about a withdrawn item; returns how many."""
    return Reminder.objects.filter(program_item_id=item_id, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )


# --- Dispatching and sweeping -----------------------------------------------------------------


def _ready(now: dt.datetime) -> Q:
    """Pending, due, and not waiting for a retry."""
    limit = now + CLAIM_TOLERANCE
    return Q(status=Reminder.Status.PENDING, due_at__lte=limit) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=limit)
    )


def reminders_mark_missed(*, now: dt.datetime) -> int:
    """Mark pending reminders that came due too long ago as missed (not sent); returns how many."""
    hours = settings.REMINDER_MISSED_AFTER_HOURS
    return Reminder.objects.filter(
        status=Reminder.Status.PENDING, due_at__lt=now - dt.timedelta(hours=hours)
    ).update(
        status=Reminder.Status.MISSED,
        last_error=_for_organisers(
            gettext_noop("Not sent: it came due more than %(hours)s hours ago."), hours=f"{hours:g}"
        ),
    )


def _opted_out() -> Exists:
    return Exists(
        ReminderOptOut.objects.filter(email=OuterRef("_email"), kind=OuterRef("kind")).values("pk")
    )


def _with_email(queryset: models.QuerySet) -> models.QuerySet:
    return queryset.annotate(
        _email=Lower(Coalesce(NullIf("recipient_email", Value("")), "recipient__email"))
    )


def reminders_cancel_opted_out(*, now: dt.datetime) -> int:
    """Cancel due optional reminders whose recipient unsubscribed from that kind."""
    due = _with_email(
        Reminder.objects.filter(_ready(now), kind__in=Reminder.OPTIONAL_KINDS)
    ).filter(_opted_out())
    return Reminder.objects.filter(pk__in=list(due.values_list("pk", flat=True))).update(
        status=Reminder.Status.CANCELLED,
        last_error=_for_organisers(gettext_noop("The recipient unsubscribed.")),
    )


@transaction.atomic
def reminders_claim_due(*, now: dt.datetime, limit: int) -> list[int]:
    """Claim up to ``limit`` due pending rows for queueing: stamp ``queued_at`` and return ids.

    On PostgreSQL, SKIP LOCKED lets two dispatchers (two beats by mistake) run side by side
    without queueing the same row twice. A row queued less than REMINDER_REQUEUE_AFTER_SECONDS
    ago is left alone; after that its message is presumed lost and it is queued again.
    """
    requeue_before = now - dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    due = (
        Reminder.objects.filter(_ready(now))
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lte=requeue_before))
        .order_by("due_at", "id")
    )
    if settings.USING_POSTGRES:
        due = due.select_for_update(skip_locked=True)
    ids = list(due.values_list("id", flat=True)[:limit])
    if ids:
        Reminder.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def _publish_sends(ids: list[int]) -> None:
    from participants.tasks import send_reminder

    try:
        # One Redis round trip per batch (a pipeline of LPUSHes) instead of one per message;
        # transports without batching (the embedded filesystem broker) publish one by one.
        with (
            send_reminder.app.producer_or_acquire() as producer,
            producer.batch(max_size=len(ids)),
        ):
            for reminder_id in ids:
                send_reminder.apply_async((reminder_id,), producer=producer)
    except Exception:
        # The rows keep queued_at; the dispatcher queues them again after
        # REMINDER_REQUEUE_AFTER_SECONDS, so a broker that is down loses nothing.
        logger.exception("Could not queue %d reminders; they will be queued again", len(ids))


def reminders_dispatch(*, now: dt.datetime | None = None, max_batches: int = 1000) -> int:
    """Mark late rows missed, cancel unsubscribed ones, then claim due rows in batches and queue
    one send task per row after each batch commits. Returns how many were queued."""
    now = now or timezone.now()
    reminders_mark_missed(now=now)
    reminders_cancel_opted_out(now=now)
    batch = settings.REMINDER_DISPATCH_BATCH_SIZE
    queued = 0
    for _batch in range(max_batches):
        with transaction.atomic():
            ids = reminders_claim_due(now=now, limit=batch)
            if ids:
                transaction.on_commit(partial(_publish_sends, ids))
        queued += len(ids)
        if len(ids) < batch:
            break
    announcements_requeue_stuck(now=now)
    return queued


def reminders_sweep(*, now: dt.datetime | None = None) -> int:
    """Put rows stuck in ``sending`` (their worker died) back to pending, or fail them when they
    have used up their attempts. Returns how many were taken back."""
    now = now or timezone.now()
    stuck = Reminder.objects.filter(
        status=Reminder.Status.SENDING,
        claimed_at__lt=now - dt.timedelta(seconds=settings.REMINDER_SENDING_TIMEOUT_SECONDS),
    )
    lost = _for_organisers(gettext_noop("The worker sending it stopped before it finished."))
    stuck.filter(attempts__gte=settings.REMINDER_MAX_ATTEMPTS).update(
        status=Reminder.Status.FAILED, last_error=lost
    )
    return stuck.update(
        status=Reminder.Status.PENDING, claimed_at=None, queued_at=None, last_error=lost
    )


# --- Sending ----------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SendOutcome:
    status: str
    retry_in: float | None = None


class PermanentFailure(Exception):
    """A reminder that cannot be sent however often it is tried (recorded, not retried)."""


def reminder_claim(*, reminder_id: int, now: dt.datetime) -> bool:
    """Move the row pending -> sending in one conditional UPDATE. False: another worker has it,
    it was sent, cancelled, moved later, or is waiting for a retry."""
    return bool(
        Reminder.objects.filter(_ready(now), pk=reminder_id).update(
            status=Reminder.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )


def retry_delay(attempt: int) -> float:
    """Exponential backoff with jitter: between half and all of base * 2^(attempt-1), capped."""
    ceiling = min(
        settings.REMINDER_RETRY_BACKOFF_MAX_SECONDS,
        settings.REMINDER_RETRY_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0),
    )
    return _jitter.uniform(ceiling / 2, ceiling)


def _finish(reminder_id: int, **values) -> None:
    Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.SENDING).update(**values)


@functools.cache
def _mark_sent_sql() -> str:
    # Only quoted identifiers from the model's metadata are interpolated; values are parameters.
    qn = connection.ops.quote_name
    table = qn(Reminder._meta.db_table)
    return (
        f"UPDATE {table} SET {qn('status')} = %s, {qn('sent_at')} = %s, {qn('last_error')} = %s"  # noqa: S608
        f" WHERE {qn('id')} = %s AND {qn('status')} = %s"
    )


def _mark_sent(reminder_id: int, *, sent_at: dt.datetime) -> None:
    """``_finish(status=SENT, sent_at=…, last_error="")`` as one prepared statement: the same
    conditional UPDATE (only a row still ``sending``), without building a query per message."""
    with connection.cursor() as cursor:
        cursor.execute(
            _mark_sent_sql(),
            [
                Reminder.Status.SENT.value,
                connection.ops.adapt_datetimefield_value(sent_at),
                "",
                reminder_id,
                Reminder.Status.SENDING.value,
            ],
        )


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def reminder_send(
    *, reminder_id: int, now: dt.datetime | None = None, connection=None
) -> SendOutcome:
    """Claim, render and send one reminder, and record what happened.

    Never raises for a bad reminder: a deleted subject, a recipient with no email, a template
    error or an unknown language is recorded as ``failed``; a transient failure (SMTP, network)
    puts the row back to pending with ``retry_at`` and returns the delay; the last attempt fails.
    """
    now = now or timezone.now()
    reminder = reminder_claim_and_load(reminder_id=reminder_id, now=now)
    if reminder is None:
        return SendOutcome("skipped")
    try:
        reason = _void_reason(reminder)
        if reason:
            _finish(reminder_id, status=Reminder.Status.CANCELLED, last_error=reason)
            return SendOutcome(Reminder.Status.CANCELLED)
        message = reminder_message(reminder=reminder, now=now, connection=connection)
    except PermanentFailure as error:
        _finish(reminder_id, status=Reminder.Status.FAILED, last_error=str(error))
        return SendOutcome(Reminder.Status.FAILED)
    except Exception as error:
        # A template or data error: this message will never render; the worker goes on.
        logger.exception("Reminder %s could not be rendered", reminder_id)
        _finish(reminder_id, status=Reminder.Status.FAILED, last_error=_describe(error))
        return SendOutcome(Reminder.Status.FAILED)
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused as error:
        if _refused_for_good(error):
            _finish(reminder_id, status=Reminder.Status.FAILED, last_error=_describe(error))
            return SendOutcome(Reminder.Status.FAILED)
        return _retry_later(reminder, error)
    except Exception as error:
        # SMTP and connection errors, timeouts: try again later, up to REMINDER_MAX_ATTEMPTS.
        return _retry_later(reminder, error)
    _mark_sent(reminder_id, sent_at=timezone.now())
    return SendOutcome(Reminder.Status.SENT)


def _refused_for_good(error: smtplib.SMTPRecipientsRefused) -> bool:
    """A 5xx answer to the recipient is final (no such mailbox); a 4xx one (greylisting, a full
    mailbox, a busy server) asks to be tried again later."""
    return all(code >= 500 for code, _message in error.recipients.values())


def _retry_later(reminder: Reminder, error: Exception) -> SendOutcome:
    """Put the row back to pending with a backoff, or fail it after its last attempt."""
    reminder_id = reminder.pk
    logger.warning("Reminder %s: attempt %s failed", reminder_id, reminder.attempts)
    if reminder.attempts >= settings.REMINDER_MAX_ATTEMPTS:
        _finish(reminder_id, status=Reminder.Status.FAILED, last_error=_describe(error))
        return SendOutcome(Reminder.Status.FAILED)
    delay = retry_delay(reminder.attempts)
    retry_at = timezone.now() + dt.timedelta(seconds=delay)
    # queued_at = retry_at: the task's own retry is the queued message; should it be lost,
    # the dispatcher queues the row again REMINDER_REQUEUE_AFTER_SECONDS after that.
    _finish(
        reminder_id,
        status=Reminder.Status.PENDING,
        claimed_at=None,
        retry_at=retry_at,
        queued_at=retry_at,
        last_error=_describe(error),
    )
    return SendOutcome(Reminder.Status.PENDING, retry_in=delay)


# What each kind of subject needs for its email, fetched with it in one query.
_SUBJECT_RELATED = {
    Rsvp: ("edition", "item__stage", "item__edition"),
    Appearance: ("item__edition", "item__stage", "performer"),
    Announcement: ("edition",),
}


def _load_subject(reminder: Reminder) -> None:
    """Fetch what the reminder is about with what its email needs (one query), or flag it
    ``subject_missing`` when it has been deleted."""
    if not reminder.subject_type_id:
        return
    model = ContentType.objects.get_for_id(reminder.subject_type_id).model_class()
    subject = (
        model._default_manager.select_related(*_SUBJECT_RELATED.get(model, ()))
        .filter(pk=reminder.subject_id)
        .first()
        if model
        else None
    )
    if subject is not None:
        reminder.subject = subject  # caches it on the GenericForeignKey
    else:
        reminder.subject_missing = True


def _columns_and_converters(model: type[models.Model]) -> list[tuple[str, object, list]]:
    """Per concrete field: its column, the expression and the converters the ORM would apply
    to a value read from the database (JSON decoding, booleans and dates on SQLite...)."""
    table = model._meta.db_table
    result = []
    for field in model._meta.concrete_fields:
        column = field.get_col(table)
        converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        result.append((field.column, column, converters))
    return result


def _from_row(model: type[models.Model], fields: list, values) -> models.Model:
    converted = []
    for (_column, expression, converters), value in zip(fields, values, strict=True):
        for converter in converters:
            value = converter(value, expression, connection)
        converted.append(value)
    return model.from_db(connection.alias, None, converted)


@dataclasses.dataclass(frozen=True)
class _Joined:
    """A table joined into the claim statement: the subject (``field`` None) or one of the
    related objects its email needs (``field`` is the foreign key on ``parent``)."""

    alias: str
    model: type[models.Model]
    columns: list
    parent: int | None = None
    field: models.ForeignKey | None = None


def _subject_joins() -> list[tuple[type[models.Model], list[_Joined]]]:
    """For each subject model of _SUBJECT_RELATED: its table and what select_related would
    follow, as aliases to LEFT JOIN."""
    result = []
    for number, (model, paths) in enumerate(_SUBJECT_RELATED.items()):
        nodes = [_Joined(f"s{number}", model, _columns_and_converters(model))]
        by_path = {"": 0}
        for path in paths:
            parent_path = ""
            for part in path.split("__"):
                here = f"{parent_path}__{part}" if parent_path else part
                if here not in by_path:
                    parent = by_path[parent_path]
                    field = nodes[parent].model._meta.get_field(part)
                    by_path[here] = len(nodes)
                    nodes.append(
                        _Joined(
                            f"s{number}_{len(nodes)}",
                            field.related_model,
                            _columns_and_converters(field.related_model),
                            parent,
                            field,
                        )
                    )
                parent_path = here
        result.append((model, nodes))
    return result


_CLAIM_STATEMENT = "participants_reminder_claim"
# The database sessions (psycopg connections) in which the claim statement has been prepared; a
# prepared statement lives as long as its session, whatever transactions do.
_claim_prepared_on: "weakref.WeakSet" = weakref.WeakSet()


@functools.cache
def _claim_and_load_statement() -> tuple[str, list, list, list]:
    """PostgreSQL: the claim (the same conditional UPDATE as ``reminder_claim``) returning the
    row, joined with its recipient, the opt-out flag and its subject with what the subject's
    email needs (_SUBJECT_RELATED), in one statement and one round trip."""
    qn = connection.ops.quote_name
    reminder_fields = _columns_and_converters(Reminder)
    user_fields = _columns_and_converters(User)
    subjects = _subject_joins()
    returned = ", ".join(qn(column) for column, _e, _c in reminder_fields)
    selected = [f"c.{qn(column)}" for column, _e, _c in reminder_fields]
    selected += [f"u.{qn(column)}" for column, _e, _c in user_fields]
    joins = []
    content_types = qn(ContentType._meta.db_table)
    for model, nodes in subjects:
        for node in nodes:
            selected += [f"{node.alias}.{qn(column)}" for column, _e, _c in node.columns]
            table, pk = qn(node.model._meta.db_table), qn(node.model._meta.pk.column)
            if node.field is None:
                condition = (
                    f"ct.{qn('app_label')} = '{model._meta.app_label}'"
                    f" AND ct.{qn('model')} = '{model._meta.model_name}'"
                    f" AND {node.alias}.{pk} = c.{qn('subject_id')}"
                )
            else:
                parent = nodes[node.parent].alias
                condition = f"{node.alias}.{pk} = {parent}.{qn(node.field.column)}"
            joins.append(f"LEFT JOIN {table} {node.alias} ON {condition}")
    joined = "\n        ".join(joins)
    # Only quoted identifiers and names from the models' metadata are interpolated; values are
    # parameters. Prepared once per connection (see _execute_claim): planning this join costs
    # more than running it.
    sql = f"""
        PREPARE {_CLAIM_STATEMENT} (text, timestamptz, bigint, text, timestamptz) AS
        WITH c AS (
            UPDATE {qn(Reminder._meta.db_table)}
            SET {qn("status")} = $1, {qn("claimed_at")} = $2,
                {qn("attempts")} = {qn("attempts")} + 1
            WHERE {qn("id")} = $3 AND {qn("status")} = $4
                AND {qn("due_at")} <= $5
                AND ({qn("retry_at")} IS NULL OR {qn("retry_at")} <= $5)
            RETURNING {returned}
        )
        SELECT EXISTS (
            SELECT 1 FROM {qn(ReminderOptOut._meta.db_table)} o
            WHERE o.{qn("email")} = LOWER(COALESCE(NULLIF(c.{qn("recipient_email")}, ''),
                                                  u.{qn("email")}))
                AND o.{qn("kind")} = c.{qn("kind")}
        ), {", ".join(selected)}
        FROM c
        LEFT JOIN {qn(User._meta.db_table)} u ON u.{qn("id")} = c.{qn("recipient_id")}
        LEFT JOIN {content_types} ct ON ct.{qn("id")} = c.{qn("subject_type_id")}
        {joined}
    """  # noqa: S608
    return sql, reminder_fields, user_fields, subjects


def _subject_from_row(reminder: Reminder, subjects: list, row: tuple, start: int) -> bool:
    """Set the subject (with its related objects) from the claim statement's columns; False if
    the subject's model is not one the statement joins."""
    model = ContentType.objects.get_for_id(reminder.subject_type_id).model_class()
    for subject_model, nodes in subjects:
        if subject_model is not model:
            start += sum(len(node.columns) for node in nodes)
            continue
        instances = []
        for node in nodes:
            values = row[start : start + len(node.columns)]
            start += len(node.columns)
            pk_index = node.model._meta.concrete_fields.index(node.model._meta.pk)
            instance = (
                None if values[pk_index] is None else _from_row(node.model, node.columns, values)
            )
            instances.append(instance)
            if node.field is not None and instances[node.parent] is not None:
                node.field.set_cached_value(instances[node.parent], instance)
        if instances[0] is None:
            reminder.subject_missing = True
        else:
            reminder.subject = instances[0]  # caches it on the GenericForeignKey
        return True
    return False


def reminder_claim_and_load(*, reminder_id: int, now: dt.datetime) -> Reminder | None:
    """Claim the row (pending -> sending, one conditional UPDATE: exactly one worker gets it)
    and return it with its recipient, ``opted_out`` flag and subject (with what its email
    needs, or ``subject_missing``); None if there was nothing to claim.

    On PostgreSQL all of it is one statement (UPDATE … RETURNING in a CTE, joined with the
    user, the opt-outs and the subject's tables); elsewhere the claim, the row and the subject
    are three queries.
    """
    if not settings.USING_POSTGRES:
        if not reminder_claim(reminder_id=reminder_id, now=now):
            return None
        reminder = (
            _with_email(Reminder.objects.select_related("recipient"))
            .annotate(opted_out=_opted_out())
            .get(pk=reminder_id)
        )
        _load_subject(reminder)
        return reminder
    sql, reminder_fields, user_fields, subjects = _claim_and_load_statement()
    with connection.cursor() as cursor:
        session = connection.connection
        if session not in _claim_prepared_on:
            cursor.execute(sql)
            _claim_prepared_on.add(session)
        # Outside a transaction (a worker), the claim commits asynchronously: no wait for the WAL
        # flush. Locking and visibility are unchanged, so two workers still cannot both claim the
        # row; only a PostgreSQL crash in the next few hundred milliseconds could forget the
        # claim, and then it also forgets the UPDATE that marks the row sent (which waits for
        # the flush, so it flushes the claim with it): the row is sent again, as it would be
        # after the same crash with a durable claim (participants/tasks.py, "duplicate window").
        asynchronous = not connection.in_atomic_block
        cursor.execute(
            ("SET LOCAL synchronous_commit TO off; " if asynchronous else "")
            + f"EXECUTE {_CLAIM_STATEMENT} (%s, %s, %s, %s, %s)",
            [
                Reminder.Status.SENDING.value,
                now,
                reminder_id,
                Reminder.Status.PENDING.value,
                now + CLAIM_TOLERANCE,
            ],
        )
        if asynchronous:
            cursor.nextset()  # past the SET's empty result
        row = cursor.fetchone()
    if row is None:
        return None
    opted_out, start = row[0], 1
    reminder = _from_row(Reminder, reminder_fields, row[start : start + len(reminder_fields)])
    start += len(reminder_fields)
    if reminder.recipient_id is not None:
        reminder.recipient = _from_row(User, user_fields, row[start : start + len(user_fields)])
    start += len(user_fields)
    reminder.opted_out = bool(opted_out)
    if reminder.subject_type_id and not _subject_from_row(reminder, subjects, row, start):
        _load_subject(reminder)  # a subject model the statement does not join: one more query
    return reminder


def _void_reason(reminder: Reminder) -> str:
    """Why a claimed reminder should not go out any more ('' if it should), or raise
    PermanentFailure when it cannot."""
    if reminder.language not in _language_codes():
        raise PermanentFailure(
            _for_organisers(
                gettext_noop("Unknown language “%(language)s”."), language=reminder.language
            )
        )
    if not reminder.email:
        raise PermanentFailure(_for_organisers(gettext_noop("The recipient has no email address.")))
    if reminder.is_optional and reminder.opted_out:
        return _for_organisers(gettext_noop("The recipient unsubscribed."))
    if getattr(reminder, "subject_missing", False):
        raise PermanentFailure(
            _for_organisers(gettext_noop("What this reminder is about has been deleted."))
        )
    if reminder.kind in Reminder.RSVP_KINDS and reminder.subject.status not in (
        Rsvp.SEATED_STATUSES
    ):
        return _for_organisers(gettext_noop("The RSVP is no longer confirmed."))
    return ""


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def reminder_message_id(reminder: Reminder) -> str:
    """A Message-ID derived from the row's key: a duplicate send carries the same one, so mail
    clients fold it (DESIGN.md "Reminders" 3)."""
    digest = hashlib.sha256(reminder.key.encode()).hexdigest()[:32]
    return f"<reminder.{digest}@{site_domain()}>"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def reminder_unsubscribe_token(reminder: Reminder) -> str:
    # The reminder's id, not the address: the link carries nothing personal.
    return signing.dumps(reminder.pk, salt=UNSUBSCRIBE_SALT)


def reminder_unsubscribe_url(reminder: Reminder) -> str:
    return _absolute(
        reverse("participants:unsubscribe", args=[reminder_unsubscribe_token(reminder)])
    )


def _rsvp_context(rsvp: Rsvp, now: dt.datetime) -> tuple[dict, bytes]:
    edition, item = rsvp.edition, rsvp.item
    if item:
        starts_at, ends_at, title = item.starts_at, item.ends_at, item.title
        place = f"{item.stage.name}, {edition.venue}"
    else:
        starts_at, ends_at, title = edition.day_starts_at, edition.day_ends_at, edition.title
        place = edition.venue
    context = {
        "rsvp": rsvp,
        "edition": edition,
        "item": item,
        "title": title,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
        "address": edition.address,
        "ticket_url": ticket_url(rsvp),
        "cancel_url": rsvp_cancel_url(rsvp),
    }
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//North Korean Defectors' Day//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"rsvp-{rsvp.pk}@{site_domain()}")
    event.add("dtstamp", now)
    if item:
        event.add("dtstart", starts_at)
        event.add("dtend", ends_at)
    else:
        event.add("dtstart", edition.date)
        event.add("dtend", edition.date + dt.timedelta(days=1))
    event.add("summary", title)
    event.add("location", ", ".join(part for part in (place, edition.address) if part))
    event.add("url", context["ticket_url"])
    calendar.add_component(event)
    return context, calendar.to_ical()


def _performer_context(appearance: Appearance) -> dict:
    item = appearance.item
    return {
        "appearance": appearance,
        "item": item,
        "edition": item.edition,
        "title": item.title,
        "call_time": appearance.call_time,
        "starts_at": item.starts_at,
        "place": f"{item.stage.name}, {item.edition.venue}",
        "address": item.edition.address,
    }


def reminder_message(
    *, reminder: Reminder, now: dt.datetime | None = None, connection=None
) -> EmailMultiAlternatives:
    """Render ``templates/email/<kind>/{subject.txt,body.txt,body.html}`` in the recipient's
    language and build the message (Message-ID, List-Unsubscribe on optional kinds, ICS).

    The template context is ``reminder.context`` plus ``reminder``, ``recipient``, ``subject``
    (what it is about, or None), ``site_url``, and per kind the keys built below.
    Raises TemplateDoesNotExist/TemplateSyntaxError or PermanentFailure.
    """
    now = now or timezone.now()
    subject = reminder.subject if reminder.subject_type_id else None
    headers = {"Message-ID": reminder_message_id(reminder), "Auto-Submitted": "auto-generated"}
    # Everything below reads translated fields (titles, venues) and formats times: in the
    # recipient's language, in Seoul time.
    with translation.override(reminder.language), timezone.override(SEOUL):
        extra: dict = {}
        ics = None
        if reminder.kind in Reminder.RSVP_KINDS and subject is not None:
            extra, ics = _rsvp_context(subject, now)
        elif reminder.kind == Reminder.Kind.PERFORMER_CALL and subject is not None:
            extra = _performer_context(subject)
        elif reminder.kind == Reminder.Kind.ANNOUNCEMENT and subject is not None:
            extra = {"announcement": subject, "edition": subject.edition}
        if reminder.is_optional:
            extra["unsubscribe_url"] = reminder_unsubscribe_url(reminder)
            headers["List-Unsubscribe"] = f"<{extra['unsubscribe_url']}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        context = {
            **reminder.context,
            **extra,
            "reminder": reminder,
            "recipient": reminder.recipient,
            "subject": subject,
            "site_url": settings.SITE_URL,
        }
        folder = f"email/{reminder.kind}"
        try:
            subject_line = " ".join(render_to_string(f"{folder}/subject.txt", context).split())
            text = render_to_string(f"{folder}/body.txt", context)
            html = render_to_string(f"{folder}/body.html", context)
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            raise PermanentFailure(
                _for_organisers(
                    gettext_noop("The email template could not be used: %(error)s"),
                    error=_describe(error),
                )
            ) from error
    message = EmailMultiAlternatives(
        subject=subject_line,
        body=text,
        from_email=from_email(language=reminder.language),
        to=[reminder.email],
        headers=headers,
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    if ics is not None:
        message.attach("defectors-day.ics", ics.decode(), "text/calendar")
    return message


# --- Organisers' actions ----------------------------------------------------------------------


def reminders_retry_failed(*, ids: list[int]) -> int:
    """Put failed reminders back in the queue with fresh attempts; returns how many."""
    return Reminder.objects.filter(pk__in=ids, status=Reminder.Status.FAILED).update(
        status=Reminder.Status.PENDING,
        attempts=0,
        queued_at=None,
        retry_at=None,
        claimed_at=None,
    )


def reminders_cancel_pending(*, ids: list[int]) -> int:
    """Cancel pending reminders (a row already being sent is left to finish)."""
    return Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING).update(
        status=Reminder.Status.CANCELLED
    )


def reminder_counts_by_edition() -> list[dict]:
    """One row per edition: its year and the number of reminders in each status."""
    counts: dict = {}
    rows = (
        Reminder.objects.values("edition__year", "status")
        .annotate(n=models.Count("id"))
        .order_by("-edition__year")
    )
    for row in rows:
        year = row["edition__year"]
        counts.setdefault(year, dict.fromkeys(Reminder.Status.values, 0))[row["status"]] = row["n"]
    return [{"year": year, **statuses} for year, statuses in counts.items()]


# --- Unsubscribing ----------------------------------------------------------------------------


def reminder_from_unsubscribe_token(*, token: str) -> Reminder:
    """The optional reminder a link was made for; ValidationError if tampered with or void."""
    try:
        reminder_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise ValidationError(
            _("This unsubscribe link is not valid. Please use the link from the email as it is."),
            code="bad_signature",
        ) from error
    reminder = (
        Reminder.objects.select_related("recipient").filter(pk=reminder_id).first()
        if isinstance(reminder_id, int)
        else None
    )
    if reminder is None or not reminder.is_optional or not reminder.email:
        raise ValidationError(
            _("This unsubscribe link is no longer valid."), code="unknown_reminder"
        )
    return reminder


@transaction.atomic
def reminder_unsubscribe(*, token: str) -> ReminderOptOut:
    """Record the opt-out from the link's kind for the link's address and cancel what is still
    pending of that kind for it. Idempotent; ValidationError for a bad link."""
    reminder = reminder_from_unsubscribe_token(token=token)
    email = reminder.email.lower()
    opt_out, _created = ReminderOptOut.objects.get_or_create(email=email, kind=reminder.kind)
    pending = _with_email(
        Reminder.objects.filter(kind=reminder.kind, status=Reminder.Status.PENDING)
    ).filter(_email=email)
    Reminder.objects.filter(pk__in=list(pending.values_list("pk", flat=True))).update(
        status=Reminder.Status.CANCELLED,
        last_error=_for_organisers(gettext_noop("The recipient unsubscribed.")),
    )
    return opt_out


# --- Announcements ----------------------------------------------------------------------------


@transaction.atomic
def announcement_send(*, announcement_id: int, now: dt.datetime | None = None) -> Announcement:
    """Start sending a draft announcement: validate it and queue the fan-out after commit.

    Raises ValidationError for an empty message, no audience, or one already sent.
    """
    now = now or timezone.now()
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.status != Announcement.Status.DRAFT:
        raise ValidationError(_("This announcement has already been sent."), code="sent")
    # subject/body are modeltranslation's views of subject_ko/_en; validate the real columns.
    announcement.full_clean(exclude=["subject", "body"])
    announcement.status = Announcement.Status.QUEUED
    announcement.queued_at = now
    announcement.save(update_fields=["status", "queued_at"])
    transaction.on_commit(partial(_publish_fan_out, announcement.pk, 0))
    return announcement


def _publish_fan_out(announcement_id: int, after_user_id: int) -> None:
    from participants.tasks import fan_out_announcement

    try:
        fan_out_announcement.delay(announcement_id, after_user_id)
    except Exception:
        # The dispatcher queues the fan-out again (announcements_requeue_stuck).
        logger.exception("Could not queue the fan-out of announcement %s", announcement_id)


def announcement_recipients(announcement: Announcement) -> models.QuerySet:
    """The users the announcement goes to: one per person, however many RSVPs they hold."""
    rsvps = Rsvp.objects.filter(
        user=OuterRef("pk"), edition_id=announcement.edition_id, status__in=announcement.statuses
    )
    if announcement.item_id:
        rsvps = rsvps.filter(item_id=announcement.item_id)
    return User.objects.filter(Exists(rsvps), is_active=True).order_by("pk")


@transaction.atomic
def announcement_fan_out_batch(
    *, announcement_id: int, after_user_id: int = 0, now: dt.datetime | None = None
) -> int | None:
    """Write the next batch of announcement reminders (due now) after ``after_user_id``.

    Returns the cursor for the next batch, or None when every recipient has a row. Running a
    batch twice writes nothing twice (the key); a draft is never fanned out.
    """
    now = now or timezone.now()
    announcement = Announcement.objects.select_for_update().get(pk=announcement_id)
    if announcement.status != Announcement.Status.QUEUED:
        return None
    size = settings.REMINDER_ANNOUNCEMENT_BATCH_SIZE
    users = list(
        announcement_recipients(announcement)
        .filter(pk__gt=after_user_id)
        .values_list("pk", "preferred_language")[:size]
    )
    languages = _language_codes()
    subject_type = ContentType.objects.get_for_model(Announcement)
    Reminder.objects.bulk_create(
        [
            Reminder(
                kind=Reminder.Kind.ANNOUNCEMENT,
                key=f"{Reminder.Kind.ANNOUNCEMENT}:{announcement.pk}:user:{user_id}",
                recipient_id=user_id,
                language=language if language in languages else settings.LANGUAGE_CODE,
                edition_id=announcement.edition_id,
                subject_type=subject_type,
                subject_id=announcement.pk,
                due_at=now,
            )
            for user_id, language in users
        ],
        ignore_conflicts=True,
    )
    announcement.recipient_count = announcement.reminders.count()
    fields = ["recipient_count"]
    if len(users) < size:
        announcement.status = Announcement.Status.QUEUED_ALL
        announcement.queued_all_at = now
        fields += ["status", "queued_all_at"]
    else:
        # Progress: a fan-out that stops here is picked up by the dispatcher after the requeue
        # delay and resumes from the start (rows already written are skipped by their key).
        announcement.queued_at = now
        fields.append("queued_at")
    announcement.save(update_fields=fields)
    return users[-1][0] if len(users) == size else None


def announcements_requeue_stuck(*, now: dt.datetime) -> int:
    """Queue again the fan-out of announcements whose fan-out message was lost."""
    before = now - dt.timedelta(seconds=settings.REMINDER_REQUEUE_AFTER_SECONDS)
    stuck = list(
        Announcement.objects.filter(
            status=Announcement.Status.QUEUED, queued_at__lte=before
        ).values_list("pk", flat=True)
    )
    for announcement_id in stuck:
        Announcement.objects.filter(pk=announcement_id).update(queued_at=now)
        transaction.on_commit(partial(_publish_fan_out, announcement_id, 0))
    return len(stuck)


def announcement_progress(announcement: Announcement) -> dict[str, int]:
    """Queued (pending or sending), sent, failed (failed or missed) and cancelled counts."""
    counts = dict(
        announcement.reminders.values_list("status").annotate(n=models.Count("id")).order_by()
    )
    S = Reminder.Status
    return {
        "queued": counts.get(S.PENDING, 0) + counts.get(S.SENDING, 0),
        "sent": counts.get(S.SENT, 0),
        "failed": counts.get(S.FAILED, 0) + counts.get(S.MISSED, 0),
        "cancelled": counts.get(S.CANCELLED, 0),
    }
