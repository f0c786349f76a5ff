"""Moving performers' photos out of the public MEDIA_ROOT into private storage.

Photos used to be uploaded to ``MEDIA_ROOT/performers/``, where the web server hands any file to
whoever guesses its address, consent or not. Migration 0008 calls this once; the management
command ``make_performer_photos_private`` runs it again, e.g. when MEDIA_ROOT was not mounted
where the migration ran. The move itself (idempotent, public copy deleted after commit) is
``events.common.storage.public_files_make_private``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.db.models import QuerySet

from events.common.images import image_sanitise
from events.common.storage import PhotoMoveCounts, public_files_make_private
from events.models import performer_photo_path, performer_photo_storage


def performer_photos_make_private(
    *, performers: QuerySet, public_storage: Storage | None = None
) -> PhotoMoveCounts:
    """Move every performer photo still in the public storage into the private one.

    Each moved photo is re-encoded without metadata on the way (older uploads may carry GPS);
    a file Pillow cannot read is moved as it is. ``performers`` may be a migration's historical
    model's queryset. Logs carry performer ids only.
    """
    private = performer_photo_storage

    def store(pk: int, name: str, handle: File) -> None:
        data = handle.read()
        try:
            content = image_sanitise(data, name="photo").content
        except ValidationError:
            content = ContentFile(data, name=name.rsplit("/", 1)[-1])
        new_name = private.save(performer_photo_path(None, content.name), content)
        performers.model._default_manager.filter(pk=pk, photo=name).update(photo=new_name)

    rows = performers.exclude(photo="").order_by("pk").values_list("pk", "photo")
    return public_files_make_private(
        rows,
        public=public_storage or FileSystemStorage(location=settings.MEDIA_ROOT),
        private=private,
        store=store,
        label="Performer",
        field="photo",
        counts=PhotoMoveCounts(),
    )
