"""Error reporting: Sentry is on only when SENTRY_DSN is set, and never sends personal data.

Run in a fresh interpreter with the production settings, because sentry_sdk.init() happens while
the settings load and sets up process-wide state the test process must not carry.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

FAKE_DSN = "https://public@example.invalid/1"

PROBE = """
import json
import django
import sentry_sdk

django.setup()
client = sentry_sdk.get_client()
print(json.dumps({
    "active": client.is_active(),
    "dsn": client.dsn,
    "send_default_pii": client.options.get("send_default_pii"),
    "max_request_body_size": client.options.get("max_request_body_size"),
    "integrations": sorted(client.integrations),
}))
"""


def _production_client(**extra: str) -> dict:
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("SENTRY_", "DJANGO_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="a-test-secret-key-that-is-long-enough-for-the-checks-0123456789",
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:///:memory:",
        REDIS_URL="redis://127.0.0.1:6379/9",
        **extra,
    )
    done = subprocess.run(  # noqa: S603 — our own interpreter and probe
        [sys.executable, "-c", PROBE],
        capture_output=True,
        check=True,
        cwd=settings.BASE_DIR,
        env=environment,
        text=True,
        timeout=120,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_sentry_is_on_with_a_dsn_and_sends_no_personal_data():
    client = _production_client(SENTRY_DSN=FAKE_DSN)

    assert client["active"] is True
    assert client["dsn"] == FAKE_DSN
    assert client["send_default_pii"] is False
    assert client["max_request_body_size"] == "never"
    assert {"django", "celery"} <= set(client["integrations"])


@pytest.mark.slow
def test_sentry_is_off_without_a_dsn():
    client = _production_client()

    assert (client["active"], client["dsn"]) == (False, None)
