"""A laptop: DEBUG, SQLite and the filesystem broker by default, emails written to files."""

from .base import *  # noqa: F403
from .base import SECRET_KEY, USING_POSTGRES, VAR_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "local-only-insecure-key-do-not-use-in-production"
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=0)
# SQLite has one writer at a time: one task at a time.
CELERY_WORKER_POOL = env("CELERY_WORKER_POOL", default="threads" if USING_POSTGRES else "solo")

_FOLDERS = ("broker/queue", "broker/processed", "broker/control", "sent-emails", "media", "private")
for _folder in _FOLDERS:
    (VAR_DIR / _folder).mkdir(parents=True, exist_ok=True)
# The demo organiser signs in with a password only, unless a developer asks for the real rule.
STAFF_TWO_STEP_REQUIRED = env.bool("STAFF_TWO_STEP_REQUIRED", default=False)
