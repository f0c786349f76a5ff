"""English date and time formats, the counterpart of config/formats/ko/formats.py.

"Wed 14 July 2027, 3:00 PM": day before month, as British and Korean-English usage have it, and
the same 12-hour clock as the Korean pages.
"""

DATE_FORMAT = "D j F Y"
TIME_FORMAT = "g:i A"
DATETIME_FORMAT = "D j F Y, g:i A"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, g:i A"
