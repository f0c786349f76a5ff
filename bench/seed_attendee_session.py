"""Seed for bench/programme_bench.py: a signed-in attendee with bookings of three items of the
current edition (ten items take seat bookings); writes the session key to the file named by
the first argument. Run with the benchmark's environment (production settings)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from events.models import Edition, ProgramItem  # noqa: E402
from participants.models import Rsvp, User  # noqa: E402

edition = Edition.objects.published().order_by("-year").first()
user, _ = User.objects.get_or_create(
    email="bench.attendee@bench.invalid", defaults={"name": "벤치"}
)
Rsvp.objects.filter(user=user).delete()
items = list(ProgramItem.objects.filter(edition=edition).order_by("starts_at", "id")[:10])
ProgramItem.objects.filter(pk__in=[item.pk for item in items]).update(capacity=50)
for item in items[:3]:
    Rsvp.objects.create(user=user, edition=edition, item=item, party_size=1)
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
Path(sys.argv[1]).write_text(session.session_key)
