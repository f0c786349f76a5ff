"""The one place that decides how a person is shown in public.

Every person-like model (performer, lender, vendor) stores a ``display_name`` and a
``visibility``; legal names and contacts are private fields that no public page, feed, export or
email to someone else may render. Call ``public_name`` instead of reading ``display_name``.
"""

from typing import Protocol

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    NAMED = "named", _("Named (shown as given)")
    PSEUDONYM = "pseudonym", _("Pseudonym (display name only)")
    ANONYMOUS = "anonymous", _("Anonymous")


class PersonLike(Protocol):
    display_name: str
    visibility: str


def public_name(person: PersonLike, *, anonymous_label: str | None = None) -> str:
    """The name the public may see for ``person``: its display name, or an anonymous label.

    ``anonymous_label`` lets a context say "Anonymous lender" instead of "Anonymous"; it is
    translated by the caller. An empty display name is treated as anonymous, never as a gap.
    """
    if person.visibility == Visibility.ANONYMOUS or not (person.display_name or "").strip():
        return anonymous_label or gettext("Anonymous")
    return person.display_name.strip()
