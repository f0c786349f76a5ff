"""Email backends for tests that need to see what a separate worker process sent, or to make
sending fail. Configured through the environment of the worker under test."""

import json
import os
import smtplib
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    """Writes each message to its own file in EMAIL_FILE_PATH (one file = one delivery), after
    an optional delay (TEST_EMAIL_DELAY seconds) that lets a test kill a worker mid-batch."""

    def send_messages(self, email_messages) -> int:
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        delay = float(os.environ.get("TEST_EMAIL_DELAY", "0"))
        for message in email_messages:
            if delay:
                time.sleep(delay)
            record = {
                "message_id": message.extra_headers.get("Message-ID"),
                "to": message.to,
                "subject": message.subject,
                "body": message.body,
            }
            # Written aside, then renamed: the test never reads half a file.
            name = uuid.uuid4().hex
            draft = folder / f"{name}.part"
            draft.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
            draft.rename(folder / f"{name}.json")
        return len(email_messages)


class FailingBackend(BaseEmailBackend):
    """A mail server that keeps hanging up; each attempt is logged to EMAIL_FILE_PATH."""

    def send_messages(self, email_messages) -> int:
        folder = Path(settings.EMAIL_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "attempts.log").open("a", encoding="utf-8") as log:
            log.write(f"{time.time()}\n")
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def sent_messages(folder: Path) -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in folder.glob("*.json")]
