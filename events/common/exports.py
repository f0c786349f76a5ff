"""Safe exports for every app: formula escaping, a dedicated permission and an audit entry.

Use ``AuditedExportMixin`` before django-import-export's ``ExportMixin``/``ImportExportMixin``
on any ModelAdmin that exports. The model must declare the permission
``("export_<model_name>", ...)`` in ``Meta.permissions`` (IMPORT_EXPORT_EXPORT_PERMISSION_CODE).
Resources must list their fields explicitly, so a private field is never exported by accident.
"""

import dataclasses
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.forms import SelectableFieldsExportForm

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


LANGUAGE_NAMES = {"ko": _("Korean"), "en": _("English")}


def model_column_label(model: type[models.Model], path: str) -> str | None:
    """The model's verbose name for the field at ``path`` (``edition__year`` gives the edition's;
    ``title_ko`` gives "Title (Korean)"), in the active language; None if it is no field."""
    try:
        field = model._meta.get_field(path.split("__")[0])
    except FieldDoesNotExist:
        return None
    language = getattr(field, "language", None)
    translated = getattr(field, "translated_field", None)
    if language and translated is not None:
        name = LANGUAGE_NAMES.get(language, language)
        return f"{capfirst(translated.verbose_name)} ({name})"
    verbose = getattr(field, "verbose_name", None) or path
    return str(capfirst(verbose))


@dataclasses.dataclass(frozen=True)
class _ShownColumn:
    """What import-export's admin screens read of a field: its column's label."""

    column_name: str


class LabelledColumnsResource(resources.ModelResource):
    """A Resource whose columns are headed by the model's verbose names in the reader's
    language ("제목 (한국어)" / "Title (Korean)"), in files and on the admin's screens.

    Columns that are not model fields name their label in ``column_labels``. Imports accept a
    header in either language or the column's code name (see ``column_for_header``).
    """

    column_labels: ClassVar[dict[str, Any]] = {}

    def column_label(self, field: Any) -> str:
        name = field.column_name
        if name in self.column_labels:
            return str(self.column_labels[name])
        if name == "id":
            return "ID"
        label = model_column_label(self._meta.model, field.attribute or name)
        return label or name

    def column_for_header(self) -> dict[str, str]:
        """Every header an import accepts (lower case) and the column it stands for."""
        headers: dict[str, str] = {}
        for field in self.get_import_fields():
            for code, _label in settings.LANGUAGES:
                with translation.override(code):
                    headers[self.column_label(field).strip().lower()] = field.column_name
            headers[field.column_name.lower()] = field.column_name
        return headers

    def get_export_headers(self, selected_fields=None) -> list[str]:
        return [self.column_label(field) for field in self.get_export_fields(selected_fields)]

    def get_user_visible_fields(self) -> list:
        visible = super().get_user_visible_fields()
        return [_ShownColumn(self.column_label(field)) for field in visible]


class LabelledExportForm(SelectableFieldsExportForm):
    """The export screen's field checkboxes labelled like the file's headers."""

    def _get_field_label(self, resource, field_name: str) -> str:
        instance = resource()
        field = instance.fields.get(field_name)
        if isinstance(instance, LabelledColumnsResource) and field is not None:
            return instance.column_label(field)
        return super()._get_field_label(resource, field_name)


class AuditedExportMixin:
    """Exports need the model's dedicated permission, escape formulas and leave an audit entry."""

    model: type[models.Model]
    export_form_class = LabelledExportForm

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
