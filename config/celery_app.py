import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("defectors_day")
# Every CELERY_* setting in Django's settings configures the app (beat schedule included).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
