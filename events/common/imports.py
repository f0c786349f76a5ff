"""Safe spreadsheet imports for every app's admin (django-import-export), and the one CSV decoder
(``decode_csv``) with its one message, used by every import: the programme's and the exhibits'
admin imports and the attendance guest list.

``SafeImportMixin`` (put it before ``ImportMixin``/``ImportExportMixin``):
- reads CSV in UTF-8 (with or without the BOM that Excel writes) or in CP949, the encoding
  Korean Excel uses when it saves "CSV"; anything else gets a clear message;
- all or nothing: a file with any bad row imports nothing, also at the confirm step;
- leaves an audit entry (who, when, how many rows).

``CleanDatasetResource`` (a Resource base): drops empty rows (XLSX often has some after the
data) and refuses a file whose headers are not the resource's own columns.
"""

import contextlib
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources

from events.common.exports import audit_log
from events.models import AuditEntry

# UTF-8 with or without the BOM Excel writes (utf-8-sig strips it), then CP949, the encoding
# Excel on a Korean Windows uses when it saves "CSV".
ENCODINGS = ("utf-8-sig", "cp949")
UNDECODABLE = gettext_lazy(
    "The file is neither UTF-8 nor CP949 (Korean Excel) text. Save it as CSV UTF-8."
)


class UndecodableFile(ValidationError):
    """An uploaded text file in none of ENCODINGS."""


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV in UTF-8 (BOM or not) or CP949; UndecodableFile otherwise."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UndecodableFile(UNDECODABLE, code="encoding")


class SafeImportMixin:
    from_encoding = "utf-8-sig"

    def write_to_tmp_storage(self, import_file, input_format):
        data = b"".join(import_file.chunks())
        encoding = None
        if not input_format.is_binary():
            encoding = self.from_encoding
            # Stored as UTF-8 whatever it came in, so the confirm step reads it the same way; an
            # undecodable file is stored as is, reading it fails and the form says why.
            with contextlib.suppress(UndecodableFile):
                data = decode_csv(data).encode("utf-8")
        tmp_storage = self.get_tmp_storage_class()(
            encoding=encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        tmp_storage.save(data)
        return tmp_storage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError | UndecodableFile):
            form.add_error("import_file", str(UNDECODABLE))
            return
        form.add_error(
            "import_file",
            _("This file could not be read as %(format)s. Check the format you chose.")
            % {"format": form.cleaned_data.get("format", "")},
        )

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        # All or nothing also at the confirm step, if a row went bad since the preview.
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        totals = result.totals
        audit_log(
            user=request.user,
            action=AuditEntry.Action.IMPORT,
            target=self.model._meta.label,
            row_count=sum(totals.get(key, 0) for key in ("new", "update", "delete")),
            detail={key: totals.get(key, 0) for key in ("new", "update", "delete", "skip")},
        )
        return super().process_result(result, request)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class CleanDatasetResource(resources.ModelResource):
    def before_import(self, dataset, **kwargs):
        for index in range(len(dataset) - 1, -1, -1):
            if all(_is_blank(value) for value in dataset[index]):
                del dataset[index]
        headers = [str(h or "").strip() for h in (dataset.headers or [])]
        dataset.headers = headers
        expected = [field.column_name for field in self.get_import_fields()]
        required = [name for name in expected if name in self.required_columns()]
        missing = [name for name in required if name not in headers]
        unknown = [name for name in headers if name and name not in expected]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
            if unknown:
                parts.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
            raise ValidationError(
                _("The file's headers do not match (%(problems)s). Expected: %(expected)s.")
                % {"problems": "; ".join(parts), "expected": ", ".join(expected)}
            )
        # A file of new rows may leave out the "id" column (it is optional, see
        # required_columns): import-export insists on it, so give it an empty one.
        for name in self._meta.import_id_fields:
            if name not in headers and name not in self.required_columns():
                dataset.append_col([""] * len(dataset), header=name)
        return super().before_import(dataset, **kwargs)

    def required_columns(self) -> set[str]:
        return {field.column_name for field in self.get_import_fields()}
