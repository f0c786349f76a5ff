"""The claim of one row before it is sent: a conditional UPDATE (pending -> sending), and on
PostgreSQL one hand-written prepared statement that claims the row and loads everything the email
needs in one round trip. Called by participants.outbox.services.send.
"""

import dataclasses
import datetime as dt
import functools
import weakref

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import F

from events.models import Appearance
from participants.models import (
    Announcement,
    Reminder,
    Rsvp,
    User,
    WaitlistOffer,
)

# What each kind of subject needs for its email, fetched with it in one query.
from participants.outbox.services._common import (
    CLAIM_TOLERANCE,
    _ready,
)

_SUBJECT_RELATED = {
    Rsvp: ("edition", "item__stage", "item__edition", "user"),
    WaitlistOffer: ("rsvp__edition", "rsvp__item__stage", "rsvp__item__edition"),
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
    row, joined with its recipient and its subject with what the subject's
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
        SELECT {", ".join(selected)}
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
    and return it with its recipient and subject (with what its email needs, or
    ``subject_missing``); None if there was nothing to claim.

    On PostgreSQL all of it is one statement (UPDATE … RETURNING in a CTE, joined with the
    user and the subject's tables); elsewhere the claim, the row and the subject are three
    queries. Opt-outs are asked by the send stage (their keyed hashes are computed in Python).
    """
    if not settings.USING_POSTGRES:
        if not reminder_claim(reminder_id=reminder_id, now=now):
            return None
        reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
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
    start = 0
    reminder = _from_row(Reminder, reminder_fields, row[start : start + len(reminder_fields)])
    start += len(reminder_fields)
    if reminder.recipient_id is not None:
        reminder.recipient = _from_row(User, user_fields, row[start : start + len(user_fields)])
    start += len(user_fields)
    if reminder.subject_type_id and not _subject_from_row(reminder, subjects, row, start):
        _load_subject(reminder)  # a subject model the statement does not join: one more query
    return reminder


def reminder_claim(*, reminder_id: int, now: dt.datetime) -> bool:
    """Move the row pending -> sending in one conditional UPDATE. False: another worker has it,
    it was sent, cancelled, moved later, or is waiting for a retry."""
    return bool(
        Reminder.objects.filter(_ready(now), pk=reminder_id).update(
            status=Reminder.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    )
