"""Corrections to Django's own Korean catalogue. Listing a msgid here keeps it in our .po file
(makemessages), and our locale/ comes before Django's (LOCALE_PATHS), so our msgstr wins."""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    # Django's Korean: "보기위한 1%s 를(을) 선택" (a stray "1"), the read-only change list's title.
    gettext_noop("Select %s to view"),
)
