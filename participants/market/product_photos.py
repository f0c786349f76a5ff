"""Moving products' photos out of public media into private storage.

Product photos used to be stored where the web server (or the public bucket) hands any file to
whoever has its address, whether or not the vendor was approved and listed. Migration 0016 calls
this once; the command ``make_product_photos_private`` runs it again, e.g. when MEDIA_ROOT was not
mounted where the migration ran. The move itself (idempotent, public copy deleted after commit)
is ``events.common.storage.public_files_make_private``. The names stay the same, so the rows need
no change.
"""

from django.core.files import File
from django.core.files.storage import Storage, default_storage
from django.db.models import QuerySet

from events.common.storage import PhotoMoveCounts, public_files_make_private
from participants.market.models import private_storage


def _store_same_name(pk: int, name: str, handle: File) -> None:
    # _save keeps the exact name, which the row already holds.
    private_storage._save(name, handle)


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
        public_files_make_private(
            rows.iterator(),
            public=public,
            private=private_storage,
            store=_store_same_name,
            label="Product",
            field=field,
            counts=counts,
        )
    return counts
