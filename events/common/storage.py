"""Private files (permit scans, exhibit originals): stored under settings.PRIVATE_MEDIA_ROOT,
never given a public URL, served only by views that check permission (DESIGN.md privacy rules)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateMediaStorage(FileSystemStorage):
    """Files under settings.PRIVATE_MEDIA_ROOT: no URL, served only by permission-checked views.

    The location is read from the settings at each use (not at import), so that tests and
    deployments that move PRIVATE_MEDIA_ROOT are honoured.
    """

    def __init__(self, subdirectory: str = "") -> None:
        self.subdirectory = subdirectory
        super().__init__()

    @property
    def base_location(self) -> str:
        return os.path.join(str(settings.PRIVATE_MEDIA_ROOT), self.subdirectory)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def base_url(self) -> None:
        return None

    def url(self, name: str) -> str:
        raise ValueError("Private files have no public URL.")
