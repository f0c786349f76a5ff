"""Seed for bench/private_files_bench.py: a vendor with a signed-in session and one permit whose
scan (BENCH_FILE_BYTES bytes) is in private storage; prints "<session key> <permit id> <name>".
Run with the benchmark's environment (django.setup() here)."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402

from participants.models import Permit, User, Vendor  # noqa: E402


def main() -> None:
    size = int(os.environ.get("BENCH_FILE_BYTES", str(100 * 1024)))
    data = (b"%PDF-1.7 bench\n" + bytes(range(256)) * (size // 256 + 1))[:size]
    # One vendor per storage measured (argument: its name), so that servers run side by side.
    name = sys.argv[1] if len(sys.argv) > 1 else "vendor"
    user, _ = User.objects.get_or_create(email=f"bench.{name}@example.org")
    vendor, _ = Vendor.objects.get_or_create(
        owner=user, defaults={"display_name_ko": "벤치 가게", "display_name_en": "Bench shop"}
    )
    Permit.objects.filter(vendor=vendor).delete()
    permit = Permit(
        vendor=vendor,
        kind="food_report",
        number="BENCH-1",
        expires_on="2099-12-31",
        scan_content_type="application/pdf",
    )
    permit.scan.save("bench.pdf", ContentFile(data), save=False)
    permit.save()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(session.session_key, permit.pk, permit.scan.name)


if __name__ == "__main__":
    main()
