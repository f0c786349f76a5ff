"""Helpers shared by the outbox's stages: recorded errors, due rows, opt-outs, absolute URLs."""

import datetime as dt
import logging

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import translation
from django.utils.translation import gettext

from participants.models import Reminder, ReminderOptOut
from participants.outbox.models import opt_out_hash

logger = logging.getLogger(__name__)


def _for_organisers(message: str, **params) -> str:
    """A recorded error, in the organisers' language whatever language is active."""
    with translation.override(settings.LANGUAGE_CODE):
        text = gettext(message)
    return text % params if params else text


def _language_codes() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


CLAIM_TOLERANCE = dt.timedelta(seconds=1)


class PermanentFailure(Exception):
    """A reminder that cannot be sent however often it is tried (recorded, not retried)."""


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _ready(now: dt.datetime) -> Q:
    """Pending, due, and not waiting for a retry."""
    limit = now + CLAIM_TOLERANCE
    return Q(status=Reminder.Status.PENDING, due_at__lte=limit) & (
        Q(retry_at__isnull=True) | Q(retry_at__lte=limit)
    )


def reminders_opted_out(rows: list[tuple[int, str, str]]) -> set[int]:
    """The ids among ``rows`` (id, kind, address) of optional reminders whose address
    unsubscribed from their kind. One query, whatever the number of rows or of opt-outs.

    The database keeps only keyed hashes of addresses (``opt_out_hash``), which SQL cannot
    compute, so the addresses of the rows at hand are hashed here and looked up at once.
    """
    hashes = {
        reminder_id: opt_out_hash(email)
        for reminder_id, kind, email in rows
        if kind in Reminder.OPTIONAL_KINDS and email
    }
    if not hashes:
        return set()
    kinds = {kind for reminder_id, kind, _email in rows if reminder_id in hashes}
    found = set(
        ReminderOptOut.objects.filter(
            email_hash__in=set(hashes.values()), kind__in=kinds
        ).values_list("email_hash", "kind")
    )
    return {
        reminder_id
        for reminder_id, kind, _email in rows
        if reminder_id in hashes and (hashes[reminder_id], kind) in found
    }


def _with_email(queryset: models.QuerySet) -> models.QuerySet:
    return queryset.annotate(
        _email=Lower(Coalesce(NullIf("recipient_email", Value("")), "recipient__email"))
    )
