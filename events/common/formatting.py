"""Dates and times written for people, in Korean time and the active language:
`2027년 7월 14일 (수) 오후 3:00` in Korean, `Wed 14 July 2027, 3:00 PM` in English.

(Issue 19 adds the project's one formatting helper; until it lands, pages and emails of
bookings use these, with the same names, so the two reconcile by an import.)
Machine exports (CSV, iCalendar, JSON) keep ISO 8601 and do not use this module.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import dateformat, translation

KOREA = ZoneInfo("Asia/Seoul")
KOREAN_WEEKDAYS = "월화수목금토일"
_FORMATS = {
    "ko": {"date": "Y년 n월 j일", "time": "A g:i", "joint": "{date} {time}"},
    "en": {"date": "D j F Y", "time": "g:i A", "joint": "{date}, {time}"},
}


def _formats() -> dict:
    return _FORMATS.get((translation.get_language() or "ko")[:2], _FORMATS["ko"])


def _in_korea(value: dt.datetime) -> dt.datetime:
    return value.astimezone(KOREA) if value.tzinfo is not None else value


def local_date(value: dt.date | dt.datetime | None) -> str:
    """A day: `2027년 7월 14일 (수)`; a datetime gives its day in Korea; "" for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _in_korea(value).date()
    text = dateformat.format(value, _formats()["date"])
    if (translation.get_language() or "ko")[:2] == "ko":
        # Django's Korean "D" is the whole weekday (수요일); Koreans write the short one: (수).
        text += f" ({KOREAN_WEEKDAYS[value.weekday()]})"
    return text


def local_time(value: dt.datetime | dt.time | None) -> str:
    """A time of day: `오후 3:00`; a datetime is read in Korean time; "" for None."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = _in_korea(value)
    return dateformat.time_format(value, _formats()["time"])


def local_datetime(value: dt.datetime | None) -> str:
    """A moment in Korean time: `2027년 7월 14일 (수) 오후 3:00`; "" for None."""
    if value is None:
        return ""
    value = _in_korea(value)
    return _formats()["joint"].format(date=local_date(value), time=local_time(value))


def local_time_range(starts_at: dt.datetime, ends_at: dt.datetime | None) -> str:
    """`2027년 7월 14일 (수) 오후 3:00~오후 4:00`: the day once when both ends share it."""
    if ends_at is None:
        return local_datetime(starts_at)
    start, end = _in_korea(starts_at), _in_korea(ends_at)
    end_text = local_time(end) if start.date() == end.date() else local_datetime(end)
    separator = "~" if (translation.get_language() or "ko")[:2] == "ko" else "–"  # noqa: RUF001
    return f"{local_datetime(start)}{separator}{end_text}"
