"""Moving products' photos out of public media into private storage.

Product photos used to be stored where the web server (or the public bucket) hands any file to
whoever has its address, whether or not the vendor was approved and listed. Migration 0016 calls
this once; the command ``make_product_photos_private`` runs it again, e.g. when MEDIA_ROOT was not
mounted where the migration ran. Idempotent: a file already private is left alone, a missing one
is counted and left for a later run, and the public copy is deleted only after the transaction
commits. The names stay the same, so the rows need no change.
"""

import logging
from dataclasses import dataclass

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.db.models import QuerySet

from participants.market.models import private_storage

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
        logger.warning("The public copy of a product photo could not be deleted.")


def product_photos_make_private(
    *, products: QuerySet, public_storage: Storage | None = None
) -> PhotoMoveCounts:
    """Copy every product photo and thumbnail still in public media into private storage under
    the same name, then delete the public copy. ``products`` may be a migration's historical
    model's queryset; logs carry product ids only."""
    public = public_storage or default_storage
    counts = PhotoMoveCounts()
    for field in ("photo", "thumbnail"):
        rows = products.exclude(**{field: ""}).order_by("pk").values_list("pk", field)
        for pk, name in rows.iterator():
            try:
                if private_storage.exists(name):
                    counts.already_private += 1
                    continue
                found = public.exists(name)
            except SuspiciousFileOperation:
                found = False
            if not found:
                counts.missing += 1
                logger.warning("Product %s: the %s file is in neither storage.", pk, field)
                continue
            with public.open(name, "rb") as handle:
                # _save keeps the exact name, which the row already holds.
                private_storage._save(name, handle)
            transaction.on_commit(lambda name=name: _delete_public_copy(public, name))
            counts.moved += 1
    return counts
