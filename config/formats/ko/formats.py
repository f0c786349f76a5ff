"""Korean date and time formats for every channel (pages, emails, the admin).

Django's own Korean formats print "2027년 7월 14일 3:00 오후" (the 오전/오후 after the time);
Korean public-sector sites write "2027년 7월 14일 (수) 오후 3:00". We use 오전/오후 rather than
24-hour times, as older readers expect. Input formats are left to Django. Machine exports keep ISO
8601 (events/exports.py). See docs/glossary.md.
"""

DATE_FORMAT = "Y년 n월 j일 (D)"
TIME_FORMAT = "A g:i"
DATETIME_FORMAT = "Y년 n월 j일 (D) A g:i"
YEAR_MONTH_FORMAT = "Y년 n월"
MONTH_DAY_FORMAT = "n월 j일"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. A g:i"
