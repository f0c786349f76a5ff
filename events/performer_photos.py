"""Moving performers' photos out of the public MEDIA_ROOT into private storage.

Photos used to be uploaded to ``MEDIA_ROOT/performers/``, where the web server hands any file to
whoever guesses its address, consent or not. Migration 0008 calls this once; the management
command ``make_performer_photos_private`` runs it again, e.g. when MEDIA_ROOT was not mounted
where the migration ran. It is idempotent: a photo already private is left alone, a missing file
is counted and left for a later run, and the public copy is deleted only once the performer's row
points at the private one (after the transaction commits).
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.db.models import QuerySet

from events.common.images import image_sanitise
from events.models import performer_photo_path, performer_photo_storage

logger = logging.getLogger(__name__)


@dataclass
class PhotoMoveCounts:
    moved: int = 0
    already_private: int = 0
    missing: int = 0


def _delete_public_copy(storage: Storage, name: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.warning("The public copy of a performer's photo could not be deleted.")


def performer_photos_make_private(
    *, performers: QuerySet, public_storage: Storage | None = None
) -> PhotoMoveCounts:
    """Move every performer photo still in the public storage into the private one.

    Each moved photo is re-encoded without metadata on the way (older uploads may carry GPS);
    a file Pillow cannot read is moved as it is. ``performers`` may be a migration's historical
    model's queryset. Logs carry performer ids only.
    """
    public = public_storage or FileSystemStorage(location=settings.MEDIA_ROOT)
    private = performer_photo_storage
    counts = PhotoMoveCounts()
    rows = performers.exclude(photo="").order_by("pk").values_list("pk", "photo")
    for pk, name in rows:
        try:
            if private.exists(name):
                counts.already_private += 1
                continue
            found = public.exists(name)
        except SuspiciousFileOperation:
            found = False
        if not found:
            counts.missing += 1
            logger.warning("Performer %s: the photo file is in neither storage.", pk)
            continue
        with public.open(name, "rb") as handle:
            data = handle.read()
        try:
            content = image_sanitise(data, name="photo").content
        except ValidationError:
            content = ContentFile(data, name=name.rsplit("/", 1)[-1])
        new_name = private.save(performer_photo_path(None, content.name), content)
        performers.model._default_manager.filter(pk=pk, photo=name).update(photo=new_name)
        transaction.on_commit(lambda name=name: _delete_public_copy(public, name))
        counts.moved += 1
    return counts
