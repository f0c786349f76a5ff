import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

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
