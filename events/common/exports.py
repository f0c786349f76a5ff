"""Safe exports for every app: formula escaping, a dedicated permission and an audit entry.

Use ``AuditedExportMixin`` before django-import-export's ``ExportMixin``/``ImportExportMixin``
on any ModelAdmin that exports. The model must declare the permission
``("export_<model_name>", ...)`` in ``Meta.permissions`` (IMPORT_EXPORT_EXPORT_PERMISSION_CODE).
Resources must list their fields explicitly, so a private field is never exported by accident.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest

from events.models import AuditEntry

# A spreadsheet treats a cell starting with one of these as a formula (OWASP: CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert with a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def audit_log(
    *,
    user: Any,
    action: str,
    target: str,
    row_count: int | None = None,
    object_id: str = "",
    detail: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        user=None if isinstance(user, AnonymousUser) or user is None else user,
        action=action,
        target=target,
        row_count=row_count,
        object_id=str(object_id),
        detail=detail or {},
    )


class AuditedExportMixin:
    """Exports need the model's dedicated permission, escape formulas and leave an audit entry."""

    model: type[models.Model]

    def get_data_for_export(self, request: HttpRequest, queryset, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        escaped = [tuple(escape_formula(cell) for cell in row) for row in dataset]
        headers = dataset.headers
        dataset.wipe()
        dataset.headers = headers
        for row in escaped:
            dataset.append(row)
        audit_log(
            user=request.user,
            action=AuditEntry.Action.EXPORT,
            target=self.model._meta.label,
            row_count=len(escaped),
        )
        return dataset
