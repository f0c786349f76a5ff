"""The market's panel on the edition dashboard: applications by status, permits waiting for a
check, stalls free or taken. Counts only, in three queries."""

import datetime as dt
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.dashboard import Panel
from events.models import Edition
from participants.models import Permit, Stall, StallApplication


def market_panel(edition: Edition, now: dt.datetime) -> dict:
    by_status = dict(
        StallApplication.objects.filter(edition=edition)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    applications = reverse("admin:participants_stallapplication_changelist")
    rows = [
        {
            "label": label,
            "value": by_status.get(status, 0),
            "url": f"{applications}?"
            + urlencode({"edition__id__exact": edition.pk, "status__exact": status}),
        }
        for status, label in StallApplication.Status.choices
        if status != StallApplication.Status.DRAFT
    ]
    waiting_permits = Permit.objects.filter(status=Permit.Status.PENDING).count()
    stalls = Stall.objects.filter(stage__edition=edition).aggregate(
        total=Count("id", distinct=True),
        taken=Count(
            "id", filter=Q(applications__status=StallApplication.Status.APPROVED), distinct=True
        ),
    )
    permits_url = reverse("admin:participants_permit_changelist") + "?status__exact=pending"
    stalls_url = reverse("admin:participants_stall_changelist") + (
        f"?stage__edition__id__exact={edition.pk}"
    )
    rows += [
        {"label": _("Permits waiting for a check"), "value": waiting_permits, "url": permits_url},
        {"label": _("Stalls taken"), "value": stalls["taken"], "url": stalls_url},
        {"label": _("Stalls free"), "value": stalls["total"] - stalls["taken"], "url": stalls_url},
    ]
    return {"rows": rows}


PANELS = [
    Panel(
        "market",
        gettext_lazy("Market"),
        30,
        "admin/dashboard/panel.html",
        market_panel,
        "participants.view_stallapplication",
    ),
]
