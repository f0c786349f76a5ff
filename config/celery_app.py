import os

from celery import Celery
from celery.signals import beat_init, before_task_publish, task_postrun, task_prerun, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("defectors_day")
# Every CELERY_* setting in Django's settings configures the app (beat schedule included).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_database_connections(**kwargs) -> None:
    """What Django does around each request: close a connection older than CONN_MAX_AGE or
    broken (e.g. after PostgreSQL restarted), so the next query opens a fresh one. Needed
    because CELERY_DB_REUSE_MAX stops Celery from closing it after every task."""
    from django.db import close_old_connections

    close_old_connections()


def bound_database_statements(database: dict, seconds: float) -> None:
    """Give PostgreSQL connections opened from now on a statement timeout (``database`` is a
    DATABASES entry; connections read it when they open)."""
    if not seconds or not database["ENGINE"].endswith(".postgresql"):
        return
    options = database.setdefault("OPTIONS", {})
    timeout = f"-c statement_timeout={int(seconds * 1000)}"
    options["options"] = f"{options.get('options', '')} {timeout}".strip()


@worker_init.connect
def _bound_worker_statements(**kwargs) -> None:
    """A pool of threads cannot kill a task at CELERY_TASK_TIME_LIMIT, so every wait in a task
    has its own bound: EMAIL_TIMEOUT for the mail server, this for the database (a lock held
    elsewhere cannot hold a send in ``sending`` until the sweeper takes it back)."""
    from django.conf import settings

    bound_database_statements(
        settings.DATABASES["default"], settings.CELERY_WORKER_STATEMENT_TIMEOUT_SECONDS
    )


@before_task_publish.connect
def _carry_request_id(headers: dict | None = None, **kwargs) -> None:
    """A task queued while serving a request (or running a task) carries that request's id."""
    from events.common.request_id import TASK_HEADER, current_request_id

    request_id = current_request_id.get()
    if headers is not None and request_id:
        headers.setdefault(TASK_HEADER, request_id)


@task_prerun.connect
def _restore_request_id(task=None, task_id: str = "", **kwargs) -> None:
    from events.common.request_id import TASK_HEADER, current_request_id, current_task_id

    request_id = getattr(task.request, TASK_HEADER, None) if task else None
    current_request_id.set(request_id or "")
    current_task_id.set(task_id or "")


@task_postrun.connect
def _forget_request_id(**kwargs) -> None:
    from events.common.request_id import current_request_id, current_task_id

    current_request_id.set("")
    current_task_id.set("")


_heartbeat = None


@beat_init.connect
def _beat_heartbeat_start(**kwargs) -> None:
    """Warn when a second beat runs (events/common/beat.py)."""
    global _heartbeat
    from events.common.beat import beat_heartbeat_start

    _heartbeat = beat_heartbeat_start()
