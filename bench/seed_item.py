"""Print the id of a published programme item of the current edition, with a capacity (for
bench/programme_bench.py's item page). Run with the benchmark's environment."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django

django.setup()

from events.models import Edition, ProgramItem  # noqa: E402

edition = Edition.objects.published().order_by("-year").first()
item = ProgramItem.objects.filter(edition=edition, capacity__isnull=False).order_by("id").first()
print(item.pk)
