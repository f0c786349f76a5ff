"""The outbox's panel on the edition dashboard: messages by state in the last 24 hours, the age
of the oldest due message, the workers seen in the last minute, and a red banner when reminders
are stuck. Counts only, in two queries and one cache read."""

import datetime as dt
import socket
import time

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.dashboard import Panel
from events.models import Edition
from participants.models import Reminder

WORKERS_KEY = "outbox:workers-seen"
# A worker records itself at most this often (one cache write per process per interval).
SEEN_INTERVAL_SECONDS = 10
_last_seen_write = 0.0


def worker_seen(hostname: str | None = None) -> None:
    """Called as a worker starts a task: remember that this worker is alive (celery signals)."""
    global _last_seen_write
    now = time.time()
    if now - _last_seen_write < SEEN_INTERVAL_SECONDS:
        return
    _last_seen_write = now
    seen = cache.get(WORKERS_KEY) or {}
    seen = {name: at for name, at in seen.items() if now - at < 3600}
    seen[hostname or socket.gethostname()] = now
    cache.set(WORKERS_KEY, seen, timeout=3600)


def workers_seen_recently(*, within_seconds: float = 60) -> int:
    now = time.time()
    return sum(1 for at in (cache.get(WORKERS_KEY) or {}).values() if now - at <= within_seconds)


def outbox_panel(edition: Edition, now: dt.datetime) -> dict:
    since = now - dt.timedelta(hours=24)
    counts = Reminder.objects.aggregate(
        pending=Count("id", filter=Q(status=Reminder.Status.PENDING)),
        sending=Count("id", filter=Q(status=Reminder.Status.SENDING)),
        sent=Count("id", filter=Q(status=Reminder.Status.SENT, sent_at__gte=since)),
        failed=Count("id", filter=Q(status=Reminder.Status.FAILED, created_at__gte=since)),
        missed=Count("id", filter=Q(status=Reminder.Status.MISSED, due_at__gte=since)),
        oldest_due=Min("due_at", filter=Q(status=Reminder.Status.PENDING, due_at__lte=now)),
    )
    oldest = counts.pop("oldest_due")
    late_minutes = int((now - oldest).total_seconds() // 60) if oldest else 0
    workers = workers_seen_recently()
    stuck_after = max(settings.REMINDER_DISPATCH_INTERVAL_SECONDS * 5, 300) / 60
    alert = ""
    if late_minutes >= stuck_after:
        alert = _(
            "Reminders are stuck: the oldest due message has waited %(minutes)d minutes. "
            "Check that the Celery workers and beat are running."
        ) % {"minutes": late_minutes}
    url = reverse("admin:participants_reminder_changelist")
    labels = {
        "pending": _("Waiting to be sent"),
        "sending": _("Being sent"),
        "sent": _("Sent (24 hours)"),
        "failed": _("Failed (24 hours)"),
        "missed": _("Missed (24 hours)"),
    }
    rows = [
        {"label": labels[key], "value": value, "url": f"{url}?status__exact={key}"}
        for key, value in counts.items()
    ]
    rows += [
        {"label": _("Oldest due message waiting (minutes)"), "value": late_minutes, "url": ""},
        {"label": _("Workers seen in the last minute"), "value": workers, "url": ""},
    ]
    return {"rows": rows, "alert": alert}


PANELS = [
    Panel(
        "outbox",
        gettext_lazy("Reminders and emails"),
        50,
        "admin/dashboard/panel.html",
        outbox_panel,
        "participants.view_reminder",
    ),
]
