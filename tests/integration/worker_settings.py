"""Settings of the Celery worker that an integration test starts: the test settings, with the
database, broker and reminder timings taken from the environment the test gives it, and an
email backend whose deliveries the test can read from another process."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

EMAIL_BACKEND = env(
    "TEST_EMAIL_BACKEND", default="tests.integration.mail_backends.RecordingBackend"
)
CELERY_TASK_ALWAYS_EAGER = False
# Below REMINDER_SENDING_TIMEOUT_SECONDS (4 s in these tests), as participants.E001 demands.
CELERY_TASK_TIME_LIMIT = 3
CELERY_TASK_SOFT_TIME_LIMIT = 2
# A pool of threads cannot enforce the time limits: the mail timeout bounds a send instead
# (participants.E002: 24 x EMAIL_TIMEOUT below REMINDER_SENDING_TIMEOUT_SECONDS).
EMAIL_TIMEOUT = 0.15
