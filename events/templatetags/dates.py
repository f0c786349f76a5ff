"""Template filters for events/common/formatting.py. After `{% load dates %}`:
`{{ item.starts_at|when }}`, `{{ edition.date|day }}`, `{{ item.ends_at|clock }}` and
`{% time_range item.starts_at item.ends_at %}` (`day=False` for the times alone).
"""

import datetime as dt

from django import template

from events.common import formatting

register = template.Library()


@register.filter
def when(value: dt.datetime | None) -> str:
    return formatting.local_datetime(value)


@register.filter
def day(value: dt.date | dt.datetime | str | None) -> str:
    return formatting.local_date(value)


@register.filter
def clock(value: dt.datetime | dt.time | None) -> str:
    return formatting.local_time(value)


@register.simple_tag
def time_range(starts_at: dt.datetime, ends_at: dt.datetime | None, day: bool = True) -> str:
    return formatting.local_time_range(starts_at, ends_at, day=day)
