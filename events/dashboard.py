"""The organisers' edition dashboard: one registration point where each app contributes its
panel (pretix adds dashboard widgets through signals), so events imports no other app.

    register_panel(Panel(key="bookings", title=_("Bookings"), order=10,
                         template="admin/dashboard/bookings.html", build=bookings_panel))

``build(edition, now)`` returns the panel's template context using a fixed number of aggregate
queries, whatever the number of rows; panels show counts only, never a person.
"""

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from events.models import Edition


@dataclasses.dataclass(frozen=True)
class Panel:
    key: str
    title: Any  # a lazy translated string
    order: int
    template: str
    build: Callable[[Edition, dt.datetime], dict]
    # The permission a staff user needs to see the panel (None: every staff user).
    permission: str | None = None


_panels: dict[str, Panel] = {}


def register_panel(panel: Panel) -> None:
    """Add (or replace, by key) a panel; apps call this from AppConfig.ready()."""
    _panels[panel.key] = panel


def registered_panels() -> list[Panel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))


def dashboard_panels(*, edition: Edition, user, now: dt.datetime | None = None) -> list[dict]:
    """The panels this user may see, each with its context, in order."""
    now = now or timezone.now()
    result = []
    for panel in registered_panels():
        if panel.permission and not user.has_perm(panel.permission):
            continue
        result.append(
            {
                "key": panel.key,
                "title": panel.title,
                "template": panel.template,
                **panel.build(edition, now),
            }
        )
    return result


def edition_is_today(edition: Edition, now: dt.datetime | None = None) -> bool:
    from events.models import SEOUL

    return timezone.localtime(now or timezone.now(), SEOUL).date() == edition.date
