"""Cache invalidation only (no business rule): any saved or deleted catalogue row makes the
cached public pages stale at once, whoever wrote it (admin, import, command, service)."""

from django.db.models.signals import post_delete, post_save

from exhibits.models import Display, Exhibit, ExhibitImage, Lender
from exhibits.services import invalidate_now_and_on_commit


def _invalidate(**kwargs) -> None:
    invalidate_now_and_on_commit()


def connect() -> None:
    for model in (Lender, Exhibit, ExhibitImage, Display):
        post_save.connect(
            _invalidate, sender=model, dispatch_uid=f"exhibits-cache-{model.__name__}"
        )
        post_delete.connect(
            _invalidate, sender=model, dispatch_uid=f"exhibits-cache-del-{model.__name__}"
        )
