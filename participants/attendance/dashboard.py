"""Attendance's panels on the edition dashboard: bookings, the day itself, access needs.
Counts only; a fixed number of aggregate queries whatever the number of bookings."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractHour, ExtractMinute, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.common.charts import bars, sparkline
from events.dashboard import Panel
from events.models import SEOUL, Edition
from participants.attendance.selectors import seat_counts
from participants.models import Rsvp

SEATED = Rsvp.SEATED_STATUSES


def _rsvps_url(edition: Edition, **filters) -> str:
    query = {"edition__id__exact": edition.pk, **filters}
    return f"{reverse('admin:participants_rsvp_changelist')}?{urlencode(query)}"


def bookings_panel(edition: Edition, now: dt.datetime) -> dict:
    counts = seat_counts(edition=edition)  # three queries
    table_rows = [
        (
            count.label,
            count.confirmed,
            count.waitlisted,
            "-" if count.capacity is None else count.capacity,
        )
        for count in counts
    ]
    # Bookings per day since registration opened, in Seoul's calendar (one query).
    with timezone.override(SEOUL):
        per_day = dict(
            Rsvp.objects.filter(edition=edition)
            .annotate(day=TruncDate("created_at", tzinfo=SEOUL))
            .values("day")
            .annotate(n=Count("id"))
            .values_list("day", "n")
        )
    opened = edition.registration_opens_at
    first = (
        timezone.localtime(opened, SEOUL).date()
        if opened
        else min(per_day, default=timezone.localtime(now, SEOUL).date())
    )
    last = min(timezone.localtime(now, SEOUL).date(), edition.date)
    days = [first + dt.timedelta(days=i) for i in range(max((last - first).days + 1, 1))][-120:]
    series = [(day.isoformat(), per_day.get(day, 0)) for day in days]
    day = counts[0]
    return {
        "rows": [
            {
                "label": _("Booked (seats)"),
                "value": day.confirmed,
                "url": _rsvps_url(edition, item__isnull="True", status__exact="confirmed"),
            },
            {
                "label": _("Waiting list (seats)"),
                "value": day.waitlisted,
                "url": _rsvps_url(edition, status__exact="waitlisted"),
            },
            {"label": _("Capacity of the day"), "value": day.capacity or "-", "url": ""},
        ],
        "tables": [
            {
                "caption": _("Seats per booking target"),
                "headings": [_("Booking target"), _("Booked"), _("Waiting"), _("Capacity")],
                "rows": table_rows,
            }
        ],
        "chart": sparkline([n for _day, n in series], label=_("Bookings per day")),
        "chart_caption": _("Bookings per day since registration opened"),
        "series": series,
        "series_heading": (_("Day"), _("Bookings")),
    }


def on_the_day_panel(edition: Edition, now: dt.datetime) -> dict:
    checked = Rsvp.objects.filter(edition=edition, status=Rsvp.Status.CHECKED_IN)
    with timezone.override(SEOUL):
        quarters = (
            checked.exclude(checked_in_at__isnull=True)
            .annotate(
                hour=ExtractHour("checked_in_at", tzinfo=SEOUL),
                minute=ExtractMinute("checked_in_at", tzinfo=SEOUL),
            )
            .values("hour", "minute")
            .annotate(people=Sum("party_size"))
            .values_list("hour", "minute", "people")
        )
        per_quarter: dict[str, int] = {}
        for hour, minute, people in quarters:
            label = f"{hour:02d}:{(minute // 15) * 15:02d}"
            per_quarter[label] = per_quarter.get(label, 0) + (people or 0)
    on_site = checked.filter(item__isnull=True).aggregate(people=Sum("party_size"))["people"] or 0
    no_shows = (
        Rsvp.objects.filter(
            edition=edition,
            item__isnull=False,
            item__starts_at__lte=now,
            status=Rsvp.Status.CONFIRMED,
        )
        .values("item__title")
        .annotate(people=Sum("party_size"))
        .order_by("item__starts_at")
        .values_list("item__title", "people")
    )
    series = sorted(per_quarter.items())
    return {
        "rows": [
            {
                "label": _("People on site now (checked in for the day)"),
                "value": on_site,
                "url": _rsvps_url(edition, status__exact="checked_in"),
            },
        ],
        "tables": [
            {
                "caption": _("No-shows per programme item that has started"),
                "headings": [_("Programme item"), _("People")],
                "rows": list(no_shows),
            }
        ],
        "chart": bars(series, label=_("Check-ins per 15 minutes")) if series else "",
        "chart_caption": _("People checked in per 15 minutes (Korea time)"),
        "series": series,
        "series_heading": (_("From"), _("People")),
    }


def access_needs_panel(edition: Edition, now: dt.datetime) -> dict:
    active = Rsvp.objects.filter(edition=edition, status__in=[*SEATED, Rsvp.Status.WAITLISTED])
    totals = active.aggregate(
        wheelchair=Count("id", filter=Q(needs_wheelchair=True)),
        sign=Count("id", filter=Q(needs_sign_language=True)),
        other=Count("id", filter=~Q(other_needs="")),
    )
    return {
        "rows": [
            {
                "label": _("Wheelchair places"),
                "value": totals["wheelchair"],
                "url": _rsvps_url(edition, needs="wheelchair"),
            },
            {
                "label": _("Sign language interpretation"),
                "value": totals["sign"],
                "url": _rsvps_url(edition, needs="sign_language"),
            },
            {
                "label": _("Other needs (read them in the bookings)"),
                "value": totals["other"],
                "url": _rsvps_url(edition, needs="other"),
            },
        ]
    }


PANELS = [
    Panel(
        "bookings",
        gettext_lazy("Bookings"),
        10,
        "admin/dashboard/panel.html",
        bookings_panel,
        "participants.view_rsvp",
    ),
    Panel(
        "on_the_day",
        gettext_lazy("On the day"),
        20,
        "admin/dashboard/panel.html",
        on_the_day_panel,
        "participants.view_rsvp",
    ),
    Panel(
        "access_needs",
        gettext_lazy("Access needs to prepare for"),
        60,
        "admin/dashboard/panel.html",
        access_needs_panel,
        "participants.view_rsvp",
    ),
]
