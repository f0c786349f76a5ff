"""iCalendar (RFC 5545) files, built with the icalendar library: the programme's feeds and the
one builder of a booking's calendar file (the ticket's download and the reminder's attachment).
One UID per event everywhere, so a calendar that gets it twice keeps one event."""

import datetime as dt

import icalendar
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.common.site import site_domain, site_url
from events.models import Edition, ProgramItem


def program_item_uid(item: ProgramItem) -> str:
    """Stable across feeds, tickets, reminders, languages and edits: a calendar updates the
    event instead of adding a second one."""
    return f"programme-item-{item.pk}@{site_domain()}"


def edition_uid(edition: Edition) -> str:
    """The day itself as one all-day event, the same in every file."""
    return f"edition-{edition.pk}@{site_domain()}"


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
            # Live times on the day (a delay, a move), the plan otherwise.
            state = getattr(item, "live", None)
            starts_at = (state.starts_at if state else None) or item.starts_at
            ends_at = (state.ends_at if state else None) or item.ends_at
            event.add("dtstart", timezone.localtime(starts_at))
            event.add("dtend", timezone.localtime(ends_at))
            event.add("summary", item.title)
            description = [item.description] if item.description else []
            names = [a.performer.public_name for a in getattr(item, "public_appearances", [])]
            if names:
                description.append(gettext("With: %(names)s") % {"names": ", ".join(names)})
            if description:
                event.add("description", "\n\n".join(description))
            event.add("location", f"{item.stage.name}, {edition.venue}")
            event.add("categories", [item.get_kind_display()])
            event.add("url", site_url(item.get_absolute_url()))
            cancelled = state is not None and state.status == "cancelled"
            event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
            if state is not None and state.stage_id:
                event["location"] = f"{state.stage.name}, {edition.venue}"
            calendar.add_component(event)
        calendar.add_missing_timezones()
    return calendar


def booking_calendar(
    *,
    edition: Edition,
    item: ProgramItem | None,
    description: str,
    url: str,
    now: dt.datetime | None = None,
) -> bytes:
    """The calendar file of one booking: the item at its times, or the day as an all-day event,
    with the programme's UID. Call it in the reader's language (titles, places)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//North Korean Defectors' Day//Tickets//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("dtstamp", (now or timezone.now()).replace(microsecond=0))
    if item is not None:
        event.add("uid", program_item_uid(item))
        event.add("dtstart", timezone.localtime(item.starts_at))
        event.add("dtend", timezone.localtime(item.ends_at))
        event.add("summary", item.title)
        place = f"{item.stage.name}, {edition.venue}"
    else:
        event.add("uid", edition_uid(edition))
        event.add("dtstart", edition.date)
        event.add("dtend", edition.date + dt.timedelta(days=1))
        event.add("summary", edition.title)
        place = edition.venue
    event.add("location", ", ".join(part for part in (place, edition.address) if part))
    event.add("description", description)
    event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
