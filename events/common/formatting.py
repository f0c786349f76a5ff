"""The one way dates and times are written for people: pages, emails, the admin, printouts.

`2027년 7월 14일 (수) 오후 3:00` in Korean and `Wed 14 July 2027, 3:00 PM` in English, always in
Korean time, in the active language. The formats themselves live in config/formats/; templates
use these through the `dates` template library, emails and Python code call them directly.
Machine exports (CSV, iCalendar, JSON) keep ISO 8601 and do not use this module.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import pgettext

KOREA = ZoneInfo("Asia/Seoul")


def _in_korea(value: dt.datetime) -> dt.datetime:
    return value.astimezone(KOREA) if value.tzinfo is not None else value


def local_datetime(value: dt.datetime | None) -> str:
    """A moment in Korean time: `2027년 7월 14일 (수) 오후 3:00`; "" for None."""
    if value is None:
        return ""
    return formats.date_format(_in_korea(value), "DATETIME_FORMAT")


def local_date(value: dt.date | dt.datetime | str | None) -> str:
    """A day: `2027년 7월 14일 (수)`; a datetime gives its day in Korea; an ISO date string (as
    the outbox stores it in a reminder's JSON context) is read as a date; "" for None."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        value = _in_korea(value).date()
    return formats.date_format(value, "DATE_FORMAT")


def local_time(value: dt.datetime | dt.time | None) -> str:
    """A time of day: `오후 3:00`; a datetime is read in Korean time; "" for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _in_korea(value)
    return formats.time_format(value, "TIME_FORMAT")


def local_time_range(
    starts_at: dt.datetime, ends_at: dt.datetime | None, *, day: bool = True
) -> str:
    """`2027년 7월 14일 (수) 오후 3:00~오후 4:00`: the day once when both ends share it;
    `오후 3:00~오후 4:00` with ``day=False`` (where the day is already said, as in a list of
    one day's changes)."""
    start = _in_korea(starts_at)
    start_text = local_datetime(start) if day else local_time(start)
    if ends_at is None:
        return start_text
    end = _in_korea(ends_at)
    end_text = local_time(end) if start.date() == end.date() else local_datetime(end)
    # An en dash in English, "~" in Korean (the catalogue decides).
    return pgettext("time range", "%(start)s–%(end)s") % {  # noqa: RUF001
        "start": start_text,
        "end": end_text,
    }
