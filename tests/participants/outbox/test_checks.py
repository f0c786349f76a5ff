from config.celery_app import bound_database_statements
from participants.apps import check_reminder_timeouts


def test_check_reminder_timeouts_sweeper_faster_than_task_limit_is_an_error(settings):
    settings.CELERY_WORKER_POOL = "prefork"
    settings.CELERY_TASK_TIME_LIMIT = 120
    settings.REMINDER_SENDING_TIMEOUT_SECONDS = 60

    [error] = check_reminder_timeouts(None)

    assert (error.id, error.msg) == (
        "participants.E001",
        "REMINDER_SENDING_TIMEOUT_SECONDS must exceed CELERY_TASK_TIME_LIMIT (60 <= 120).",
    )


def test_check_reminder_timeouts_defaults_pass(settings):
    settings.CELERY_WORKER_POOL = "threads"
    settings.EMAIL_TIMEOUT = 20
    settings.CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS = 20
    settings.CELERY_TASK_TIME_LIMIT = 120
    settings.REMINDER_SENDING_TIMEOUT_SECONDS = 600

    assert check_reminder_timeouts(None) == []


def test_check_reminder_timeouts_threads_pool_needs_mail_and_database_timeouts_below_the_sweep(
    settings,
):
    settings.CELERY_WORKER_POOL = "threads"
    settings.EMAIL_TIMEOUT = 20
    settings.CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS = 60
    settings.REMINDER_SENDING_TIMEOUT_SECONDS = 600

    [error] = check_reminder_timeouts(None)

    assert (error.id, error.msg) == (
        "participants.E002",
        "With CELERY_WORKER_POOL='threads', REMINDER_SENDING_TIMEOUT_SECONDS must exceed "
        "24 x EMAIL_TIMEOUT + 3 x CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS (600 <= 660).",
    )


def test_check_reminder_timeouts_threads_pool_without_a_mail_timeout_is_an_error(settings):
    settings.CELERY_WORKER_POOL = "threads"
    settings.EMAIL_TIMEOUT = None

    [error] = check_reminder_timeouts(None)

    assert error.id == "participants.E002"


def test_check_reminder_timeouts_prefork_pool_relies_on_the_task_time_limit(settings):
    settings.CELERY_WORKER_POOL = "prefork"
    settings.EMAIL_TIMEOUT = None
    settings.CELERY_TASK_TIME_LIMIT = 120
    settings.REMINDER_SENDING_TIMEOUT_SECONDS = 600

    assert check_reminder_timeouts(None) == []


def test_bound_database_statements_sets_a_postgresql_statement_timeout():
    database = {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {"options": "-c a=b"}}

    bound_database_statements(database, 2.5)

    assert database["OPTIONS"] == {"options": "-c a=b -c statement_timeout=2500"}


def test_bound_database_statements_leaves_sqlite_alone():
    database = {"ENGINE": "django.db.backends.sqlite3"}

    bound_database_statements(database, 20)

    assert database == {"ENGINE": "django.db.backends.sqlite3"}
