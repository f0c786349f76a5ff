"""Production: every secret from the environment with no default; HTTPS only."""

from .base import *  # noqa: F403
from .base import LOGGING, REDIS_URL, env, logging_format_set

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
if not REDIS_URL:
    # Several web processes and workers need a shared cache and a real broker.
    raise RuntimeError("REDIS_URL must be set in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Not configurable here: staff who can see private details or export always need two steps.
STAFF_TWO_STEP_REQUIRED = True

# One JSON object per log line for the log collector (LOG_FORMAT=plain for people reading).
logging_format_set(LOGGING, env("LOG_FORMAT", default="json"))
