"""Settings of a web node or worker that the two-node test starts (tests/integration/
test_two_nodes.py): the worker settings (test database, recording mail backend), with the public
page cache and the sign-in rate limits switched on as in production, and files on the shared
object store whose S3_* settings come from the environment."""

from tests.integration.worker_settings import *  # noqa: F403
from tests.integration.worker_settings import MEDIA_STORAGE, STORAGES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PUBLIC_PAGE_CACHE_SECONDS = 60
PUBLIC_PAGE_VERSION_CHECK_SECONDS = 1.0
ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
if MEDIA_STORAGE == "s3":
    STORAGES = {**STORAGES, "default": {"BACKEND": "events.common.storage.PublicMediaStorage"}}
