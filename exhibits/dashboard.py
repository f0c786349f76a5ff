"""The catalogue's panel on the edition dashboard: objects by state, images waiting for a second
organiser's clearance, loans due back. Counts only, in three queries."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.dashboard import Panel
from events.models import SEOUL, Edition
from exhibits.models import Exhibit, ExhibitImage

LOANS_DUE_WITHIN_DAYS = 30


def exhibits_panel(edition: Edition, now: dt.datetime) -> dict:
    today = timezone.localtime(now, SEOUL).date()
    states = Exhibit.objects.aggregate(
        published=Count("id", filter=Q(is_published=True)),
        unpublished=Count("id", filter=Q(is_published=False)),
        due_back=Count(
            "id",
            filter=Q(
                loan_returned_on__isnull=True,
                loan_due_back_on__lte=today + dt.timedelta(days=LOANS_DUE_WITHIN_DAYS),
            ),
        ),
    )
    waiting = ExhibitImage.objects.filter(shows_identifying=True, cleared_at__isnull=True).count()
    exhibits = reverse("admin:exhibits_exhibit_changelist")
    return {
        "rows": [
            {
                "label": _("Published objects"),
                "value": states["published"],
                "url": f"{exhibits}?is_published__exact=1",
            },
            {
                "label": _("Objects not published yet"),
                "value": states["unpublished"],
                "url": f"{exhibits}?is_published__exact=0",
            },
            {
                "label": _("Images waiting for a second organiser's clearance"),
                "value": waiting,
                "url": exhibits,
            },
            {
                "label": _("Loans due back within 30 days or overdue"),
                "value": states["due_back"],
                "url": exhibits,
            },
        ]
    }


PANELS = [
    Panel(
        "exhibits",
        gettext_lazy("Exhibits"),
        40,
        "admin/dashboard/panel.html",
        exhibits_panel,
        "exhibits.view_exhibit",
    ),
]
