from participants.apps import check_reminder_timeouts


def test_check_reminder_timeouts_sweeper_faster_than_task_limit_is_an_error(settings):
    settings.CELERY_TASK_TIME_LIMIT = 120
    settings.REMINDER_SENDING_TIMEOUT_SECONDS = 60

    [error] = check_reminder_timeouts(None)

    assert (error.id, error.msg) == (
        "participants.E001",
        "REMINDER_SENDING_TIMEOUT_SECONDS must exceed CELERY_TASK_TIME_LIMIT (60 <= 120).",
    )


def test_check_reminder_timeouts_defaults_pass(settings):
    settings.CELERY_TASK_TIME_LIMIT = 120
    settings.REMINDER_SENDING_TIMEOUT_SECONDS = 600

    assert check_reminder_timeouts(None) == []
