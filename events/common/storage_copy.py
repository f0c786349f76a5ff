"""Moving a site from local disk to the object store: every file field of every model, copied
under the same name, so that the rows need no change. Called by the management command
``copy_media_to_object_store``; idempotent (an object already in the store is left alone)."""

import os
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, default_storage
from django.db import models

from events.common.storage import PrivateMediaStorage


@dataclass
class CopyReport:
    copied: int = 0
    already_there: int = 0
    missing: list[str] = field(default_factory=list)


def _file_fields() -> list[tuple[type[models.Model], models.FileField]]:
    return [
        (model, model_field)
        for model in apps.get_models()
        for model_field in model._meta.get_fields()
        if isinstance(model_field, models.FileField)
    ]


def _source_and_target(model_field: models.FileField) -> tuple[Storage, Storage]:
    storage = model_field.storage
    if isinstance(storage, PrivateMediaStorage):
        location = os.path.join(str(settings.PRIVATE_MEDIA_ROOT), storage.subdirectory)
        return FileSystemStorage(location=location), storage.backend
    return FileSystemStorage(location=settings.MEDIA_ROOT), default_storage


def media_copy_to_object_store(*, log: Callable[[str], None]) -> CopyReport:
    """Copy each stored file from disk to the configured object store; list what is missing.

    ``log`` receives one line per missing file (model label, id, field, name: never a person's
    name).
    """
    report = CopyReport()
    for model, model_field in _file_fields():
        source, target = _source_and_target(model_field)
        rows = (
            model._default_manager.exclude(**{model_field.name: ""})
            .exclude(**{f"{model_field.name}__isnull": True})
            .order_by("pk")
            .values_list("pk", model_field.name)
        )
        for pk, name in rows.iterator():
            if target.exists(name):
                report.already_there += 1
                continue
            if not source.exists(name):
                line = f"{model._meta.label} {pk} {model_field.name}: {name} not found"
                report.missing.append(line)
                log(line)
                continue
            with source.open(name, "rb") as handle:
                # _save keeps the exact name, which the row already holds.
                target._save(name, handle)
            report.copied += 1
    return report
