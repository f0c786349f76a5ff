"""The catalogue's part of the retention policy (events/common/retention.py): lenders' legal
names, contacts and private notes go once every loan of theirs has been returned for
RETENTION_DAYS["lenders"] days. Their display name, visibility and consents stay: the credit
lines of the objects they lent must not change."""

import datetime as dt

from django.db.models import Count, Max, Q
from django.utils import timezone

from events.models import SEOUL
from exhibits.models import Lender


def lenders_purge(*, now: dt.datetime, days: int, dry_run: bool) -> dict[str, int]:
    cutoff = timezone.localtime(now, SEOUL).date() - dt.timedelta(days=days)
    stale = (
        Lender.objects.annotate(
            last_return=Max("exhibits__loan_returned_on"),
            open_loans=Count("exhibits", filter=Q(exhibits__loan_returned_on__isnull=True)),
        )
        .filter(open_loans=0, last_return__lte=cutoff)
        .exclude(legal_name="", contact_email="", contact_phone="", private_notes="")
    )
    ids = list(stale.values_list("pk", flat=True))
    if not dry_run and ids:
        Lender.objects.filter(pk__in=ids).update(
            legal_name="", contact_email="", contact_phone="", private_notes=""
        )
    return {"lenders": len(ids)}
