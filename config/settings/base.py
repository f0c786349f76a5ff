"""Settings shared by every environment, read from the environment (12-factor).

Every variable is listed, with its meaning, in README.md and .env.example.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
# A developer's .env is read only on request, so that it cannot change what `make test` tests.
if env.bool("DJANGO_READ_DOT_ENV_FILE", default=False):
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
# The key of the hash under which unsubscribed addresses are kept (participants.outbox.models.
# opt_out_hash). Empty: derived from SECRET_KEY. Set it in production so that rotating
# DJANGO_SECRET_KEY does not forget everyone's opt-outs.
OPT_OUT_HASH_KEY = env("OPT_OUT_HASH_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# --- Applications ----------------------------------------------------------------------------
INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its admin tabs take effect.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sites",
    "django.forms",
    "allauth",
    "allauth.account",
    # Optional second factor (TOTP authenticator app + recovery codes), offered to staff on /me/.
    "allauth.mfa",
    "import_export",
    "ninja",  # the API's docs page uses its vendored Swagger UI from static/, never a CDN
    "corsheaders",
    "django_prometheus",
    "events",
    "participants",
    "exhibits",
]

MIDDLEWARE = [
    # First and last: django-prometheus times the whole request (events/common/metrics.py).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "events.common.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "events.common.csp.AdminInlineStylesMiddleware",
    # Outside sessions, CSRF and messages: it sees the cookies they set (events/common/caching).
    "events.common.caching.PublicPageCacheMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After the locale (its 400 page is in the visitor's language), before anything queries.
    # Also after the locale, and before anything reads the body (the NUL check, CSRF).
    "events.common.bad_input.RequestBodyTooLargeMiddleware",
    "events.common.bad_input.NulBytesRefusedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "events.common.staff.StaffTwoStepMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
SITE_ID = 1

# Form templates resolve through TEMPLATES, so templates/ can give a field its own layout
# (a checkbox beside its label) and every form its error summary.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "events.context_processors.site",
            ],
        },
    },
]

# --- Content-Security-Policy (django-csp) -----------------------------------------------------
# No inline script and no eval anywhere; inline styles only in the admin, which needs them
# (events/common/csp.py). Violations are reported to /csp-report/ and logged.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "report-uri": "/csp-report/",
    },
}

# --- Data ------------------------------------------------------------------------------------
# SQLite by default so that a laptop with only Python runs the project; production sets
# DATABASE_URL to PostgreSQL.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Wait for a writer instead of failing with "database is locked" when the worker and the
    # web server write at the same time.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
# The same database drivers, timed for Prometheus (query counts and durations, errors).
DATABASES["default"]["ENGINE"] = {
    "django.db.backends.postgresql": "django_prometheus.db.backends.postgresql",
    "django.db.backends.sqlite3": "django_prometheus.db.backends.sqlite3",
}.get(DATABASES["default"]["ENGINE"], DATABASES["default"]["ENGINE"])

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="dd"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read on every signed-in request. With Redis they are read from the cache and
# written through to the database (cached_db), so a Redis restart signs nobody out. Signing out
# flushes both; signing out everywhere (a new password, a deactivated or deleted account) works
# through the session's auth hash, checked against the user row on every request, whatever the
# store. Never delete Session rows to sign people out: the cached copy would outlive them.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# --- Public pages ----------------------------------------------------------------------------
# Public pages are cached for this many seconds (0 turns the page cache off).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)
# How often (seconds) each process asks the shared cache whether any public page changed; between
# checks it serves public pages from its own memory (events/common/caching.py). 0: every request.
PUBLIC_PAGE_VERSION_CHECK_SECONDS = env.float("PUBLIC_PAGE_VERSION_CHECK_SECONDS", default=1.0)
# Routes /bench/constant, the constant-response yardstick of bench/; only the bench turns it on.
BENCH_CONSTANT_VIEW = env.bool("BENCH_CONSTANT_VIEW", default=False)
# Cached public pages replayed before Django, in config/wsgi.py (events/common/fastpath.py).
PUBLIC_PAGE_REPLAY = env.bool("PUBLIC_PAGE_REPLAY", default=True)

# --- Accounts --------------------------------------------------------------------------------
AUTH_USER_MODEL = "participants.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "participants:me"
ACCOUNT_ADAPTER = "participants.accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "participants.accounts.forms.SignupExtraForm"
ACCOUNT_USER_DISPLAY = "participants.accounts.adapters.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_LOGOUT_ON_PASSWORD_RESET = True
ACCOUNT_LOGIN_METHODS = {"email"}
# Attendees sign up with an email address and a name, and sign in with a 6-digit code sent by
# email (allauth's login by code); a password stays possible for those who want one.
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1"]
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Six digits: typed on a phone's number pad, read aloud, easy for everyone. Guessing is bounded
# by allauth's attempts per code (3) and the rate limits.
ACCOUNT_LOGIN_BY_CODE_FORMAT = {"numeric": True, "length": 6, "dashed": False}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "10/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "북한이탈주민의 날"
# Second factor required before any admin page for superusers and staff who can see private
# details or export (events/common/staff.py); only a developer's laptop may turn that off
# (local.py), never production (check --deploy).
STAFF_TWO_STEP_REQUIRED = env.bool("STAFF_TWO_STEP_REQUIRED", default=True)

# --- Internationalisation --------------------------------------------------------------------
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
# Our own date formats (오후 3:00 before the time, the weekday in brackets) win over Django's.
FORMAT_MODULE_PATH = ["config.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ko"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("ko", "en")

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Private files (permit scans, originals of uncleared images) live outside MEDIA_ROOT and are
# served only through views that check permission.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Several machines need one shared store for uploads: "s3" puts public media in S3_PUBLIC_BUCKET
# and private files in S3_PRIVATE_BUCKET (never public) on any S3-compatible store (MinIO, Ceph,
# AWS, the Korean public clouds). "local" (the default) keeps them on this machine's disk.
MEDIA_STORAGE = env("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE not in ("local", "s3"):
    raise RuntimeError('MEDIA_STORAGE must be "local" or "s3".')
S3_ENDPOINT_URL = env("S3_ENDPOINT_URL", default="")  # empty: AWS itself
S3_REGION = env("S3_REGION", default="us-east-1")
S3_ACCESS_KEY_ID = env("S3_ACCESS_KEY_ID", default="")
S3_SECRET_ACCESS_KEY = env("S3_SECRET_ACCESS_KEY", default="")
S3_PUBLIC_BUCKET = env("S3_PUBLIC_BUCKET", default="")
S3_PRIVATE_BUCKET = env("S3_PRIVATE_BUCKET", default="")
# Where browsers fetch public media (a CDN or the reverse proxy); empty: the endpoint's own URL.
S3_PUBLIC_URL = env("S3_PUBLIC_URL", default="")
# "path" (https://endpoint/bucket/key) suits MinIO and most self-hosted stores; "virtual" AWS.
S3_ADDRESSING_STYLE = env("S3_ADDRESSING_STYLE", default="path")
S3_CONNECT_TIMEOUT_SECONDS = env.float("S3_CONNECT_TIMEOUT_SECONDS", default=3)
S3_READ_TIMEOUT_SECONDS = env.float("S3_READ_TIMEOUT_SECONDS", default=20)
# How a permission-checked view hands over a private file kept in the object store: "presigned"
# (a redirect to a signed address valid PRIVATE_MEDIA_URL_SECONDS; the store must be reachable
# by browsers at S3_ENDPOINT_URL), "stream" (through the web process: for a store that browsers
# cannot reach), or "auto" (the default: presigned with MEDIA_STORAGE=s3; files on disk are
# always streamed). Why presigned by default: bench/README.md "Private files".
PRIVATE_MEDIA_DELIVERY = env("PRIVATE_MEDIA_DELIVERY", default="auto")
if PRIVATE_MEDIA_DELIVERY not in ("auto", "presigned", "stream"):
    raise RuntimeError('PRIVATE_MEDIA_DELIVERY must be "auto", "presigned" or "stream".')
PRIVATE_MEDIA_URL_SECONDS = env.int("PRIVATE_MEDIA_URL_SECONDS", default=60)
if MEDIA_STORAGE == "s3":
    STORAGES["default"] = {"BACKEND": "events.common.storage.PublicMediaStorage"}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Email -----------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=20)
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "sent-emails"))
# The accessibility statement (/accessibility/) tells people where to ask for help or another
# format; someone must read this address and answer the phone during office hours. The defaults
# are placeholders for a laptop: `check --deploy` refuses them (events/common/contact.py).
ACCESSIBILITY_CONTACT_EMAIL = env(
    "ACCESSIBILITY_CONTACT_EMAIL", default="access@defectorsday.example.org"
)
ACCESSIBILITY_CONTACT_PHONE = env("ACCESSIBILITY_CONTACT_PHONE", default="02-2100-0000")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="북한이탈주민의 날 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Emails to people (accounts, reminders, vendors) come from DEFAULT_FROM_EMAIL's address under the
# name in the language each email is written in (participants/outbox/senders.py).
EMAIL_FROM_NAMES = {
    "ko": env("EMAIL_FROM_NAME_KO", default="북한이탈주민의 날"),
    "en": env("EMAIL_FROM_NAME_EN", default="North Korean Defectors' Day"),
}

# --- Celery ----------------------------------------------------------------------------------
# Redis in production; with no REDIS_URL the broker is kombu's filesystem transport, which
# needs no server (see local.py).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 90
CELERY_TASK_IGNORE_RESULT = True
# Sending a reminder mostly waits: for PostgreSQL (the sent mark waits for the WAL flush) and,
# in production, for the mail server. A pool of threads overlaps those waits inside one worker
# process, each thread with its own database connection. Threads (like --pool=solo) cannot
# enforce CELERY_TASK_TIME_LIMIT; EMAIL_TIMEOUT bounds a send instead (participants.E002).
# An explicit --pool on the command line wins (make run uses solo: SQLite has one writer).
CELERY_WORKER_POOL = env("CELERY_WORKER_POOL", default="threads")
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=4)
# PostgreSQL statement timeout of a worker's connections (config/celery_app.py).
CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS = env.float(
    "CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS", default=20
)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes the database connection after every task unless this is set,
# which costs a new PostgreSQL connection per reminder (most of a send's time). With it, the
# worker keeps its connection; config/celery_app.py still drops old or broken ones around each
# task, as Django does around each request (CONN_MAX_AGE).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
if not CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Longer than the task time limit, so a slow task is not redelivered while it runs.
        "visibility_timeout": 3600,
    }
else:
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # Broadcast control messages (worker pings, shutdown) go here, not to ./control.
        "control_folder": str(_broker_dir / "control"),
    }

# --- Logging ---------------------------------------------------------------------------------
# Logs carry ids, never names or emails (privacy rules in DESIGN.md). "json" (production's
# default) writes one JSON object per line for the log collector; every line has the request id
# of the request (or of the request that queued the task) that wrote it.
LOG_FORMAT = env("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "events.common.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(task_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}


def logging_format_set(logging_config: dict, log_format: str) -> None:
    if log_format not in ("plain", "json"):
        raise RuntimeError('LOG_FORMAT must be "plain" or "json".')
    logging_config["handlers"]["console"]["formatter"] = log_format


logging_format_set(LOGGING, LOG_FORMAT)
# Celery must not replace this configuration with its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Operations ------------------------------------------------------------------------------
# /metrics answers a request with "Authorization: Bearer <METRICS_TOKEN>" or from an address in
# METRICS_ALLOWED_NETWORKS (comma-separated, e.g. 127.0.0.1/32,10.0.0.0/8); with neither set it
# refuses everyone.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=[])
PROMETHEUS_EXPORT_MIGRATIONS = False
# How often a beat process renews its heartbeat key in Redis; a second beat warns (events/common/
# beat.py).
BEAT_HEARTBEAT_SECONDS = env.float("BEAT_HEARTBEAT_SECONDS", default=10)
# Errors to Sentry (or a Sentry-compatible server such as GlitchTip) when SENTRY_DSN is set.
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="production")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=SENTRY_ENVIRONMENT,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE,
        # No emails, names, cookies or request bodies leave the site (DESIGN.md privacy rules).
        send_default_pii=False,
        max_request_body_size="never",
    )

# --- Import and export -----------------------------------------------------------------------
# Exports need the model's own "export_<model>" permission (see events/common/exports.py).
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_ACTION_EXPORT_UI = False

# --- Images ----------------------------------------------------------------------------------
IMAGE_MAX_UPLOAD_BYTES = env.int("IMAGE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Spreadsheets and guest lists: a few thousand rows are well under a megabyte.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# A request whose Content-Length says more is answered 413 before its body is read
# (events/common/bad_input.py): the largest upload (an image) and room for the form around it.
# The proxy's limit (deploy/nginx.conf, client_max_body_size) must be just above it.
REQUEST_BODY_MAX_BYTES = env.int(
    "REQUEST_BODY_MAX_BYTES", default=IMAGE_MAX_UPLOAD_BYTES + 2 * 1024 * 1024
)

# --- Features --------------------------------------------------------------------------------
# Open data, attendance and retention, the market, reminders, the live day, the remembrance wall
# and surveys: config/settings/features.py.
from .features import *  # noqa: E402, F403
