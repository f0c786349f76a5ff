"""Housekeeping only, no business rule: any saved or deleted catalogue row makes the cached
public pages stale at once, whoever wrote it (admin, import, command, service); a deleted
image's files leave the private storage."""

from django.db.models.signals import post_delete, post_save

from events.common.caching import public_pages_changed
from exhibits.models import Display, Exhibit, ExhibitImage, Lender
from exhibits.services import exhibit_image_files_delete


def _invalidate(**kwargs) -> None:
    public_pages_changed()


def _delete_image_files(sender, instance: ExhibitImage, **kwargs) -> None:
    exhibit_image_files_delete(
        names=[instance.original.name, instance.thumbnail.name, instance.display.name]
    )


def connect() -> None:
    post_delete.connect(
        _delete_image_files, sender=ExhibitImage, dispatch_uid="exhibits-image-files"
    )
    for model in (Lender, Exhibit, ExhibitImage, Display):
        post_save.connect(
            _invalidate, sender=model, dispatch_uid=f"exhibits-cache-{model.__name__}"
        )
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"exhibits-cache-del-{model.__name__}"
        )
