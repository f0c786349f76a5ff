"""The outbox's gauges for Prometheus, read at each scrape (registered in participants/apps.py
with events.common.metrics.gauges_register). Counts only: no recipient, no subject."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, Min, Q
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric

from participants.outbox.models import Reminder


def outbox_gauges(now: dt.datetime | None = None) -> Iterable[Metric]:
    now = now or timezone.now()
    Status = Reminder.Status
    due = Q(status__in=[Status.PENDING, Status.SENDING], due_at__lte=now)
    counts = Reminder.objects.aggregate(
        pending=Count("pk", filter=Q(status=Status.PENDING)),
        due_unsent=Count("pk", filter=due),
        # A failed row's last claim is when its last attempt began: close enough to when it
        # failed for an alert on "failures in the last hour".
        failed_last_hour=Count(
            "pk", filter=Q(status=Status.FAILED, claimed_at__gte=now - dt.timedelta(hours=1))
        ),
        oldest_due=Min("due_at", filter=due),
    )
    yield GaugeMetricFamily(
        "outbox_pending", "Reminders waiting to be sent (due or not).", value=counts["pending"]
    )
    yield GaugeMetricFamily(
        "outbox_due_unsent",
        "Reminders due and not sent yet (pending or sending).",
        value=counts["due_unsent"],
    )
    oldest = counts["oldest_due"]
    yield GaugeMetricFamily(
        "outbox_oldest_due_age_seconds",
        "How long the oldest due, unsent reminder has been due (0 when none is).",
        value=max((now - oldest).total_seconds(), 0) if oldest else 0,
    )
    yield GaugeMetricFamily(
        "outbox_failed_last_hour",
        "Reminders that failed for good in the last hour.",
        value=counts["failed_last_hour"],
    )
