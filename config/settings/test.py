"""The test suite: fast hashing, in-memory email; DATABASE_URL/REDIS_URL used when given."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PUBLIC_PAGE_CACHE_SECONDS = 0
# The same query counts with or without REDIS_URL; tests/participants/accounts/test_sessions.py
# checks the cached sessions production uses.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Rate limits are tested explicitly where they matter; elsewhere they would make tests flaky.
ACCOUNT_RATE_LIMITS = False
OPEN_DATA_RATE_LIMIT = ""
# Tests of other features sign staff in directly; tests/events/test_staff_sign_in.py turns the
# rule on and checks it.
STAFF_TWO_STEP_REQUIRED = False
