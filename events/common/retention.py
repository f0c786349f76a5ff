"""One retention policy (settings.RETENTION_DAYS), applied by a daily beat task and by
``manage.py apply_retention``: people's private details go, counts stay.

Each app registers its purges here (events imports no other app); every purge that removes
something writes one audit entry with counts, never values.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from events.common.exports import audit_log
from events.models import AuditEntry, Performer

# kind -> purge(now=, days=, dry_run=) -> counts
PURGES: dict[str, Callable[..., dict[str, int]]] = {}


def retention_register(kind: str, purge: Callable[..., dict[str, int]]) -> None:
    PURGES[kind] = purge


@dataclasses.dataclass(frozen=True)
class RetentionResult:
    kind: str
    days: int
    counts: dict[str, int]


def retention_apply(
    *,
    now: dt.datetime | None = None,
    dry_run: bool = False,
    kinds: list[str] | None = None,
    days: dict[str, int] | None = None,
) -> list[RetentionResult]:
    """Run each registered purge with its number of days from settings.RETENTION_DAYS; audit
    each one that changed something (counts only). ``dry_run`` counts and changes nothing."""
    now = now or timezone.now()
    results = []
    for kind, purge in PURGES.items():
        if kinds is not None and kind not in kinds:
            continue
        kind_days = (days or {}).get(kind, settings.RETENTION_DAYS[kind])
        with transaction.atomic():
            counts = purge(now=now, days=kind_days, dry_run=dry_run)
            if not dry_run and any(counts.values()):
                audit_log(
                    user=None,
                    action=AuditEntry.Action.RETENTION,
                    target=kind,
                    row_count=sum(counts.values()),
                    detail={"days": kind_days, **counts},
                )
        results.append(RetentionResult(kind=kind, days=kind_days, counts=counts))
    return results


def performers_purge(*, now: dt.datetime, days: int, dry_run: bool) -> dict[str, int]:
    """Legal names and contacts of performers whose last appearance ended ``days`` ago."""
    cutoff = now - dt.timedelta(days=days)
    stale = (
        Performer.objects.annotate(last_end=Max("appearances__item__ends_at"))
        .filter(last_end__lte=cutoff)
        .exclude(legal_name="", contact_email="", contact_phone="")
    )
    ids = list(stale.values_list("pk", flat=True))
    if not dry_run and ids:
        Performer.objects.filter(pk__in=ids).update(
            legal_name="", contact_email="", contact_phone=""
        )
    return {"performers": len(ids)}


retention_register("performers", performers_purge)


def retention_panel(edition, now: dt.datetime) -> dict:
    """The policy as it stands, on the admin's dashboard: each kind, its days, and what the
    next daily run would remove now (a dry run: counts only)."""
    from django.utils.translation import gettext as _

    labels = {
        "attendees": _("Attendees' personal data, days after their edition"),
        "vendors": _("Vendors' contacts and permit scans, days after their last edition"),
        "performers": _("Performers' legal names and contacts, days after their last appearance"),
        "lenders": _("Lenders' legal names and contacts, days after their last loan came back"),
        "tributes": _("Rejected and deleted tributes, days after their last change"),
        "survey_participations": _("Who answered a survey (never what), days after it closed"),
    }
    rows = [
        (labels.get(result.kind, result.kind), result.days, sum(result.counts.values()))
        for result in retention_apply(now=now, dry_run=True)
    ]
    return {
        "tables": [
            {
                "caption": _(
                    "Applied every day; counts stay for reports. Unsubscribed email addresses "
                    "are never kept: only a keyed hash of each, to honour the opt-out."
                ),
                "headings": [_("What"), _("Days"), _("Would go now")],
                "rows": rows,
            }
        ]
    }
