"""Where uploaded files live: local disk (the default) or S3-compatible object storage.

Public media use Django's default storage; with ``MEDIA_STORAGE=s3`` that is
``PublicMediaStorage``, a bucket browsers read from its URL. Private files (permit scans, exhibit
images, performers' and products' photos) use ``PrivateMediaStorage``: under
``PRIVATE_MEDIA_ROOT`` on disk, or in a bucket that is never public; they have no URL and reach
people only through views that check permission first (``private_file_response``).
docs/operations.md tells the whole story. ``public_files_make_private`` moves files uploaded
before that rule (performers' photos in events, products' photos in participants.market).
"""

import logging
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from storages.backends.s3 import S3Storage

logger = logging.getLogger(__name__)

# What a storage that cannot be reached raises: the network, the credentials, the bucket.
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError)


class StorageUnavailable(ValidationError):
    """The file store could not take or give a file just now. A ValidationError, so that every
    form that shows a service's errors tells the person in their language, and the service's
    transaction (with the row that would have pointed at the file) is rolled back."""

    def __init__(self) -> None:
        super().__init__(
            _("The file could not be stored just now. Nothing was saved; please try again later."),
            code="storage_unavailable",
        )


def s3_client_config() -> Config:
    # Short timeouts and few retries: an upload fails within seconds with a clear message
    # instead of holding a web worker for minutes while the store is down.
    return Config(
        connect_timeout=settings.S3_CONNECT_TIMEOUT_SECONDS,
        read_timeout=settings.S3_READ_TIMEOUT_SECONDS,
        retries={"max_attempts": 2, "mode": "standard"},
        signature_version="s3v4",
        s3={"addressing_style": settings.S3_ADDRESSING_STYLE},
    )


def s3_options(*, bucket: str, location: str = "", private: bool) -> dict:
    """S3Storage's options for one of our buckets, from the S3_* settings."""
    return {
        "bucket_name": bucket,
        "location": location,
        "endpoint_url": settings.S3_ENDPOINT_URL or None,
        "region_name": settings.S3_REGION or None,
        "access_key": settings.S3_ACCESS_KEY_ID or None,
        "secret_key": settings.S3_SECRET_ACCESS_KEY or None,
        "client_config": s3_client_config(),
        # Never overwrite: two machines saving the same name must both keep their file.
        "file_overwrite": False,
        "querystring_auth": private,
        "querystring_expire": settings.PRIVATE_MEDIA_URL_SECONDS,
        "default_acl": "private" if private else None,
        "object_parameters": {"CacheControl": "private, no-store"} if private else {},
    }


class _SaveErrorsClear:
    """Mixin: a failure of the store while saving becomes ``StorageUnavailable``."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except STORAGE_ERRORS as error:
            logger.error("The file store refused a file: %s", type(error).__name__)
            raise StorageUnavailable from error

    def exists(self, name):
        try:
            return super().exists(name)
        except STORAGE_ERRORS as error:
            logger.error("The file store could not be asked about a file: %s", type(error).__name__)
            raise StorageUnavailable from error


@deconstructible
class PublicMediaStorage(_SaveErrorsClear, S3Storage):
    """Public media in the public bucket, fetched by browsers from ``S3_PUBLIC_URL`` (a CDN or
    the reverse proxy in front of the store) or, without it, from the endpoint itself."""

    def __init__(self, **overrides) -> None:
        options = s3_options(bucket=settings.S3_PUBLIC_BUCKET, private=False)
        options.update(overrides)
        super().__init__(**options)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if settings.S3_PUBLIC_URL:
            return f"{settings.S3_PUBLIC_URL.rstrip('/')}/{quote(self._normalize_name(name))}"
        return super().url(name, parameters, expire, http_method)


class _PrivateS3(_SaveErrorsClear, S3Storage):
    pass


class _PrivateDisk(_SaveErrorsClear, FileSystemStorage):
    pass


_backends: dict[tuple, Storage] = {}
_backends_lock = threading.Lock()


def _backend_key(subdirectory: str) -> tuple:
    if settings.MEDIA_STORAGE == "s3":
        return (
            "s3",
            subdirectory,
            settings.S3_PRIVATE_BUCKET,
            settings.S3_ENDPOINT_URL,
            settings.S3_REGION,
            settings.S3_ACCESS_KEY_ID,
            settings.S3_SECRET_ACCESS_KEY,
            settings.PRIVATE_MEDIA_URL_SECONDS,
        )
    return ("local", subdirectory, str(settings.PRIVATE_MEDIA_ROOT))


def _private_backend(subdirectory: str) -> Storage:
    key = _backend_key(subdirectory)
    backend = _backends.get(key)
    if backend is None:
        with _backends_lock:
            backend = _backends.get(key)
            if backend is None:
                if key[0] == "s3":
                    backend = _PrivateS3(
                        **s3_options(
                            bucket=settings.S3_PRIVATE_BUCKET, location=subdirectory, private=True
                        )
                    )
                else:
                    location = os.path.join(str(settings.PRIVATE_MEDIA_ROOT), subdirectory)
                    backend = _PrivateDisk(location=os.path.abspath(location), base_url=None)
                _backends[key] = backend
    return backend


@deconstructible
class PrivateMediaStorage(Storage):
    """Private files: no public URL; served only by permission-checked views.

    The real store (a folder under ``PRIVATE_MEDIA_ROOT`` or a prefix of ``S3_PRIVATE_BUCKET``)
    is chosen from the settings at each use, not at import, so that migrations keep one stable
    field definition and tests or deployments that change the settings are honoured.
    """

    def __init__(self, subdirectory: str = "") -> None:
        self.subdirectory = subdirectory

    @property
    def backend(self) -> Storage:
        return _private_backend(self.subdirectory)

    @property
    def location(self) -> str:
        """The folder on disk, or the key prefix in the private bucket."""
        return self.backend.location

    @property
    def is_remote(self) -> bool:
        return settings.MEDIA_STORAGE == "s3"

    def _open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def _save(self, name, content):
        return self.backend._save(name, content)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def path(self, name):
        return self.backend.path(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)

    def url(self, name: str) -> str:
        raise ValueError("Private files have no public URL.")

    def presigned_url(self, name: str, *, content_type: str, filename: str = "") -> str | None:
        """A short-lived signed address of the file in the private bucket, or None on disk.

        Only a view that has checked permission may call this; the address works for anyone
        who holds it until it expires (PRIVATE_MEDIA_URL_SECONDS), so it is never cached.
        """
        if not self.is_remote:
            return None
        parameters = {
            "ResponseContentType": content_type,
            "ResponseCacheControl": "private, no-store",
        }
        if filename:
            parameters["ResponseContentDisposition"] = f'inline; filename="{filename}"'
        return self.backend.url(name, parameters=parameters)


# A streamed file goes out in chunks of this size (FileResponse's default is 4 kB): a scan or a
# photo of a few hundred kB then costs a few writes, not a hundred loops through the WSGI server.
STREAM_CHUNK_BYTES = 256 * 1024


def private_file_response(
    field: FieldFile, *, content_type: str, filename: str = "", public: bool = False
) -> HttpResponse:
    """Hand a file to someone a view has already allowed to see it.

    From the object store (``PRIVATE_MEDIA_DELIVERY`` auto or presigned) the browser is sent to
    a short-lived signed address; on disk, or with ``stream``, the file is streamed through this
    process. Either way no shared cache keeps it: ``public`` files (a published exhibit's
    renditions) may stay briefly in the visitor's own browser, the rest not at all.
    """
    storage = field.storage
    response: HttpResponse
    url = None
    if settings.PRIVATE_MEDIA_DELIVERY != "stream" and isinstance(storage, PrivateMediaStorage):
        url = storage.presigned_url(field.name, content_type=content_type, filename=filename)
    if url:
        response = HttpResponseRedirect(url)
    else:
        try:
            handle = field.open("rb")
        except (FileNotFoundError, ValueError) as error:
            raise Http404 from error
        except STORAGE_ERRORS as error:
            if isinstance(error, ClientError) and _is_not_found(error):
                raise Http404 from error
            logger.error("The file store could not give a file: %s", type(error).__name__)
            return HttpResponse(
                _("The file cannot be fetched just now; please try again later."),
                status=503,
                content_type="text/plain; charset=utf-8",
            )
        response = FileResponse(
            handle, content_type=content_type, filename=filename, as_attachment=False
        )
        response.block_size = STREAM_CHUNK_BYTES
    response["X-Content-Type-Options"] = "nosniff"
    if public and not url:
        patch_cache_control(response, private=True, max_age=settings.PUBLIC_PAGE_CACHE_SECONDS)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _is_not_found(error: ClientError) -> bool:
    code = str(error.response.get("Error", {}).get("Code", ""))
    return code in {"404", "NoSuchKey", "NotFound"}


@dataclass
class PhotoMoveCounts:
    moved: int = 0
    already_private: int = 0
    missing: int = 0


def _delete_public_copy(storage: Storage, name: str, *, what: str) -> None:
    try:
        storage.delete(name)
    except OSError:
        logger.warning("The public copy of a %s could not be deleted.", what)


def public_files_make_private(
    rows: Iterable[tuple[int, str]],
    *,
    public: Storage,
    private: Storage,
    store: Callable[[int, str, File], None],
    label: str,
    field: str,
    counts: PhotoMoveCounts,
) -> PhotoMoveCounts:
    """Move each ``(pk, name)`` file still in ``public`` into ``private`` and add to ``counts``.

    ``store(pk, name, handle)`` writes the private copy (and updates the row if its name
    changes). Idempotent: a file already private is left alone, a missing one is counted and
    left for a later run, and the public copy is deleted only after the transaction commits, so
    a rollback never leaves a row pointing at nothing. Logs carry ``label`` and ids only.
    """
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
            logger.warning("%s %s: the %s file is in neither storage.", label, pk, field)
            continue
        with public.open(name, "rb") as handle:
            store(pk, name, handle)
        what = f"{label.lower()} {field}"
        transaction.on_commit(
            lambda name=name, what=what: _delete_public_copy(public, name, what=what)
        )
        counts.moved += 1
    return counts


def check_object_storage(app_configs, **kwargs) -> list:
    """With MEDIA_STORAGE=s3, both buckets named and different: a private file must never land
    in the bucket that browsers read."""
    from django.core import checks

    if settings.MEDIA_STORAGE != "s3":
        return []
    if not (settings.S3_PUBLIC_BUCKET and settings.S3_PRIVATE_BUCKET):
        return [
            checks.Error(
                "MEDIA_STORAGE=s3 needs S3_PUBLIC_BUCKET and S3_PRIVATE_BUCKET.",
                id="events.E101",
            )
        ]
    if settings.S3_PUBLIC_BUCKET == settings.S3_PRIVATE_BUCKET:
        return [
            checks.Error(
                "S3_PRIVATE_BUCKET must differ from S3_PUBLIC_BUCKET.",
                hint="Private files would be readable by anyone who can read public media.",
                id="events.E102",
            )
        ]
    return []
