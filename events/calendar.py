"""iCalendar (RFC 5545) feeds of the programme, built with the icalendar library."""

from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.models import Edition, ProgramItem


def _uid_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def program_item_uid(item: ProgramItem) -> str:
    """Stable across feeds, languages and edits: a calendar updates the event instead of
    adding a second one."""
    return f"programme-item-{item.pk}@{_uid_domain()}"


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def programme_calendar(
    *, edition: Edition, items: list[ProgramItem], language: str
) -> icalendar.Calendar:
    """A VCALENDAR with one VEVENT per item, times in Asia/Seoul with its VTIMEZONE.

    Performers are named only through their public name (events.privacy).
    """
    with translation.override(language):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//North Korean Defectors' Day//Programme//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", f"{edition.title} ({edition.year})")
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        stamp = timezone.now().replace(microsecond=0)
        for item in items:
            event = icalendar.Event()
            event.add("uid", program_item_uid(item))
            event.add("dtstamp", stamp)
            event.add("dtstart", timezone.localtime(item.starts_at))
            event.add("dtend", timezone.localtime(item.ends_at))
            event.add("summary", item.title)
            description = [item.description] if item.description else []
            names = [a.performer.public_name for a in getattr(item, "public_appearances", [])]
            if names:
                description.append(gettext("With: %(names)s") % {"names": ", ".join(names)})
            if description:
                event.add("description", "\n\n".join(description))
            event.add("location", f"{item.stage.name}, {edition.venue}")
            event.add("categories", [item.get_kind_display()])
            event.add("url", _absolute(item.get_absolute_url()))
            event.add("status", "CONFIRMED")
            calendar.add_component(event)
        calendar.add_missing_timezones()
    return calendar


def booking_uid(booking_id: int) -> str:
    """One booking's event: the same UID in its email attachment and on its ticket page, so
    a calendar that imports both keeps one entry."""
    return f"rsvp-{booking_id}@{_uid_domain()}"


def single_event_calendar(
    *,
    uid: str,
    summary: str,
    location: str,
    starts_at,
    ends_at=None,
    all_day=None,
    description: str = "",
    url: str = "",
) -> icalendar.Calendar:
    """A VCALENDAR with one VEVENT (a booking): timed (``starts_at``/``ends_at``, in Seoul
    with its VTIMEZONE) or, with ``all_day`` (a date), the whole day."""
    import datetime as dt

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//North Korean Defectors' Day//Tickets//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", timezone.now().replace(microsecond=0))
    if all_day is not None:
        event.add("dtstart", all_day)
        event.add("dtend", all_day + dt.timedelta(days=1))
    else:
        event.add("dtstart", timezone.localtime(starts_at))
        event.add("dtend", timezone.localtime(ends_at))
    event.add("summary", summary)
    event.add("location", location)
    if description:
        event.add("description", description)
    if url:
        event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar
