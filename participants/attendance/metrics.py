"""Door counts for Prometheus: seats taken and people checked in per target on the day, read at
each scrape (registered in participants/apps.py). Ids only, never names."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, Sum
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric

from events.models import SEOUL
from participants.attendance.models import Rsvp


def attendance_gauges(now: dt.datetime | None = None) -> Iterable[Metric]:
    today = (now or timezone.now()).astimezone(SEOUL).date()
    labels = ["edition", "item"]
    taken = GaugeMetricFamily(
        "seats_taken", "Seats taken (confirmed and checked in) per target today.", labels=labels
    )
    checked_in = GaugeMetricFamily(
        "seats_checked_in", "People checked in per target today.", labels=labels
    )
    rows = (
        Rsvp.objects.filter(edition__date=today, status__in=Rsvp.SEATED_STATUSES)
        .values("edition__year", "item_id")
        .annotate(
            seats=Sum("party_size"),
            checked=Sum("party_size", filter=Q(status=Rsvp.Status.CHECKED_IN)),
        )
        .order_by("edition__year", "item_id")
    )
    for row in rows:
        target = [str(row["edition__year"]), str(row["item_id"] or "")]
        taken.add_metric(target, row["seats"] or 0)
        checked_in.add_metric(target, row["checked"] or 0)
    yield taken
    yield checked_in
