"""The edition dashboard on the admin's index page (templates/admin/index.html)."""

from django import template

from events.dashboard import dashboard_panels, edition_is_today
from events.models import Edition
from events.selectors import edition_current

register = template.Library()

# On the day the dashboard reloads itself this often (a meta refresh: no script needed).
REFRESH_SECONDS = 60


def _chosen_edition(request) -> Edition | None:
    year = request.GET.get("edition", "")
    if year.isdigit():
        chosen = Edition.objects.filter(year=int(year)).first()
        if chosen:
            return chosen
    return edition_current() or Edition.objects.order_by("-year").first()


@register.inclusion_tag("admin/dashboard/dashboard.html", takes_context=True)
def edition_dashboard(context) -> dict:
    request = context["request"]
    edition = _chosen_edition(request)
    if edition is None:
        return {"edition": None}
    return {
        "edition": edition,
        "editions": list(Edition.objects.order_by("-year").values_list("year", flat=True)[:10]),
        "panels": dashboard_panels(edition=edition, user=request.user),
    }


@register.simple_tag(takes_context=True)
def dashboard_refresh_seconds(context) -> int:
    """Seconds between reloads on the edition's day, 0 on other days."""
    edition = _chosen_edition(context["request"])
    return REFRESH_SECONDS if edition and edition_is_today(edition) else 0
