"""The features' settings: open data, attendance and retention, the market, reminders, the live
day, the remembrance wall and surveys. base.py imports them all, so each setting is still defined
once (tests/test_settings_layout.py) and every settings module sees them through base.

The environment is read as in base.py: base has already loaded a developer's .env, when asked,
before it imports this module."""

import environ

env = environ.Env()

# Each feature adds its periodic tasks (Celery beat) to this schedule below.
CELERY_BEAT_SCHEDULE: dict = {}


def _every(task: str, seconds: float, *, expires: float | None = None) -> dict:
    """A beat entry. A run not started within its own interval (by default) expires, so that a
    worker back from an outage runs one catch-up, not a queue of stale copies."""
    return {"task": task, "schedule": seconds, "options": {"expires": expires or seconds}}


# --- Open data (events/api, events/opendata) ---------------------------------------------------
# CORS: any site may read the open data with GET, without credentials; nothing else is opened.
CORS_URLS_REGEX = r"^/(en/)?(api/v1/.*|([0-9]{4}/)?schedule\.(xml|json))$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language"]
# Requests per client (hashed address) per period, counted in the shared cache: "600/m".
OPEN_DATA_RATE_LIMIT = env("OPEN_DATA_RATE_LIMIT", default="600/m")
# Who may frame /embed/programme/ (CSP frame-ancestors); every other page may not be framed.
EMBED_FRAME_ANCESTORS = env.list("EMBED_FRAME_ANCESTORS", default=["*"])

# --- Attendance ------------------------------------------------------------------------------
# Signed cancel links in emails stay valid this many seconds (default 60 days).
RSVP_CANCEL_LINK_MAX_AGE = env.int("RSVP_CANCEL_LINK_MAX_AGE", default=60 * 24 * 3600)
# Signed ticket links (no sign-in) stay valid this many seconds (default 400 days); re-issuing
# a ticket's code revokes them at once.
TICKET_LINK_MAX_AGE = env.int("TICKET_LINK_MAX_AGE", default=400 * 24 * 3600)
# Waiting-list offers: how long the next person has to accept a freed seat (pretix's model), a
# shorter time on the day itself, and no offer at all when less than the minimum is left.
WAITLIST_OFFER_HOURS = env.float("WAITLIST_OFFER_HOURS", default=24)
WAITLIST_OFFER_DAY_OF_MINUTES = env.float("WAITLIST_OFFER_DAY_OF_MINUTES", default=60)
WAITLIST_OFFER_MIN_MINUTES = env.float("WAITLIST_OFFER_MIN_MINUTES", default=10)
WAITLIST_OFFER_EXPIRY_INTERVAL_SECONDS = env.float(
    "WAITLIST_OFFER_EXPIRY_INTERVAL_SECONDS", default=60
)
# The retention command anonymises attendees of editions whose day ended this many days ago.
ATTENDEE_RETENTION_DAYS = env.int("ATTENDEE_RETENTION_DAYS", default=180)
# The one retention policy (events/common/retention.py), applied daily by beat: days after the
# edition (attendees), the last application's edition (vendors: contacts and permit scans), the
# last appearance (performers).
RETENTION_DAYS = {
    "attendees": ATTENDEE_RETENTION_DAYS,
    "vendors": env.int("VENDOR_RETENTION_DAYS", default=365),
    "performers": env.int("PERFORMER_RETENTION_DAYS", default=365),
    "lenders": env.int("LENDER_RETENTION_DAYS", default=365),
    # Rejected tributes and the emptied rows of deleted ones (their words go at once).
    "tributes": env.int("TRIBUTE_PURGE_AFTER_DAYS", default=30),
    # Who answered a survey (never what): days after the survey closed.
    "survey_participations": env.int("SURVEY_PARTICIPATION_RETENTION_DAYS", default=30),
}
CELERY_BEAT_SCHEDULE["retention-daily"] = _every("events.apply_retention", 24 * 3600, expires=3600)

# --- Market ----------------------------------------------------------------------------------
# Permit scans (PDF or image) are private files; larger uploads are refused with a message.
PERMIT_SCAN_MAX_BYTES = env.int("PERMIT_SCAN_MAX_BYTES", default=10 * 1024 * 1024)
# Stall applications close this many hours before the edition's day starts (Seoul time).
VENDOR_APPLICATIONS_CLOSE_HOURS = env.int("VENDOR_APPLICATIONS_CLOSE_HOURS", default=7 * 24)

# --- Reminders (the outbox) ------------------------------------------------------------------
# docs/architecture.md "How a reminder reaches an SMTP server". Every duration is a setting so
# that tests and organisers can change it; the defaults suit one beat and a few workers.
# How long before the thing itself each default reminder is due (organisers may change these).
REMINDER_OFFSETS = {
    "edition_week_before": env.int("REMINDER_EDITION_WEEK_BEFORE_HOURS", default=7 * 24),
    "edition_day_before": env.int("REMINDER_EDITION_DAY_BEFORE_HOURS", default=24),
    "item_hour_before": env.int("REMINDER_ITEM_HOUR_BEFORE_HOURS", default=1),
    "vendor_day_before": env.int("REMINDER_VENDOR_DAY_BEFORE_HOURS", default=24),
    "performer_call": env.int("REMINDER_PERFORMER_CALL_HOURS", default=24),
}
REMINDER_DISPATCH_INTERVAL_SECONDS = env.float("REMINDER_DISPATCH_INTERVAL_SECONDS", default=60)
# Rows claimed per dispatcher transaction; the dispatcher loops until nothing is due.
REMINDER_DISPATCH_BATCH_SIZE = env.int("REMINDER_DISPATCH_BATCH_SIZE", default=500)
# A reminder this late is marked missed rather than sent (nobody wants "tomorrow" next week).
REMINDER_MISSED_AFTER_HOURS = env.float("REMINDER_MISSED_AFTER_HOURS", default=48)
# A pending row queued this long ago is queued again: its message was lost (broker restart).
REMINDER_REQUEUE_AFTER_SECONDS = env.float("REMINDER_REQUEUE_AFTER_SECONDS", default=600)
# A row in "sending" this long is put back to pending by the sweeper. Must exceed
# CELERY_TASK_TIME_LIMIT, so that a live task has been killed before its row is taken back.
REMINDER_SENDING_TIMEOUT_SECONDS = env.float("REMINDER_SENDING_TIMEOUT_SECONDS", default=600)
REMINDER_SWEEP_INTERVAL_SECONDS = env.float("REMINDER_SWEEP_INTERVAL_SECONDS", default=300)
# Transient failures (SMTP, network) are retried with exponential backoff and full jitter.
REMINDER_MAX_ATTEMPTS = env.int("REMINDER_MAX_ATTEMPTS", default=5)
REMINDER_RETRY_BACKOFF_SECONDS = env.float("REMINDER_RETRY_BACKOFF_SECONDS", default=30)
REMINDER_RETRY_BACKOFF_MAX_SECONDS = env.float("REMINDER_RETRY_BACKOFF_MAX_SECONDS", default=600)
# Each worker thread keeps its SMTP connection open between send tasks
# (participants/outbox/mail.py)
# and opens a new one after this many idle seconds (below the relay's own idle timeout: RFC 5321
# asks for 5 minutes, Postfix gives 300 s, 10 s when overloaded) or this many messages (1 turns
# the reuse off).
REMINDER_MAIL_CONNECTION_IDLE_SECONDS = env.float(
    "REMINDER_MAIL_CONNECTION_IDLE_SECONDS", default=30
)
REMINDER_MAIL_CONNECTION_MAX_MESSAGES = env.int(
    "REMINDER_MAIL_CONNECTION_MAX_MESSAGES", default=100
)
REMINDER_PERFORMER_SYNC_INTERVAL_SECONDS = env.float(
    "REMINDER_PERFORMER_SYNC_INTERVAL_SECONDS", default=600
)
REMINDER_ANNOUNCEMENT_BATCH_SIZE = env.int("REMINDER_ANNOUNCEMENT_BATCH_SIZE", default=500)
CELERY_BEAT_SCHEDULE.update(
    {
        "reminders-dispatch": _every(
            "participants.dispatch_reminders", REMINDER_DISPATCH_INTERVAL_SECONDS
        ),
        "reminders-sweep": _every("participants.sweep_reminders", REMINDER_SWEEP_INTERVAL_SECONDS),
        "waitlist-offers-expire": _every(
            "participants.expire_waitlist_offers", WAITLIST_OFFER_EXPIRY_INTERVAL_SECONDS
        ),
        "reminders-performer-calls": _every(
            "participants.sync_performer_call_reminders", REMINDER_PERFORMER_SYNC_INTERVAL_SECONDS
        ),
    }
)


# --- The day (events.live) ---------------------------------------------------------------------
# A stage manager may undo an action for this long, and notices it causes wait as long before
# they go; a delay of at least this many minutes is emailed to the people booked on the items it
# moves.
LIVE_UNDO_SECONDS = env.int("LIVE_UNDO_SECONDS", default=60)
LIVE_DELAY_NOTICE_MINUTES = env.int("LIVE_DELAY_NOTICE_MINUTES", default=15)

# --- Remembrance wall --------------------------------------------------------------------------
# Visitors' reports that hide a tribute until a moderator looks at it.
TRIBUTE_REPORTS_TO_HIDE = env.int("TRIBUTE_REPORTS_TO_HIDE", default=3)
# Reports one address may make in an hour, and tributes one account may write in an hour (an
# address may write four times that: a shared connection, a family's phone).
TRIBUTE_REPORTS_PER_HOUR = env.int("TRIBUTE_REPORTS_PER_HOUR", default=20)
TRIBUTE_WRITES_PER_HOUR = env.int("TRIBUTE_WRITES_PER_HOUR", default=5)

# --- Surveys after the day ---------------------------------------------------------------------
# Invitations go out at this hour (Korea time) on the day after the edition unless the organisers
# set another time; answers are taken for this many days after that unless they set a closing time.
SURVEY_SEND_HOUR = env.int("SURVEY_SEND_HOUR", default=10)
SURVEY_OPEN_DAYS = env.int("SURVEY_OPEN_DAYS", default=14)
SURVEY_INVITE_INTERVAL_SECONDS = env.float("SURVEY_INVITE_INTERVAL_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["surveys-invite"] = _every(
    "participants.invite_to_surveys", SURVEY_INVITE_INTERVAL_SECONDS
)

# base.py takes the settings only, not this module's helpers (env).
__all__ = [name for name in dict(globals()) if name.isupper()]
