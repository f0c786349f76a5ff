import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# Public pages already cached are replayed before Django (events/common/fastpath.py).
from events.common.fastpath import PublicPageReplay  # noqa: E402

application = PublicPageReplay(application)
