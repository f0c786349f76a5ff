"""Safe spreadsheet imports for every app's admin (django-import-export), and the one CSV decoder
(``decode_csv``) with its one message, used by every import: the programme's and the exhibits'
admin imports and the attendance guest list.

``SafeImportMixin`` (put it before ``ImportMixin``/``ImportExportMixin``):
- reads CSV in UTF-8 (with or without the BOM that Excel writes) or in CP949, the encoding
  Korean Excel uses when it saves "CSV"; anything else gets a clear message;
- all or nothing: a file with any bad row imports nothing, also at the confirm step;
- leaves an audit entry (who, when, how many rows).

``validate_import_size``: a file over ``IMPORT_MAX_BYTES`` is refused on the form, before it is
read (the import forms of ``ClearReadErrorsMixin`` and the guest list's form use it).

``PlainImportErrorsMixin`` (on every Resource that imports): a refusal of the whole file (wrong
headers, say) is shown as its translated message, not as a Python list and a traceback.

``CleanDatasetResource`` (a Resource base): drops empty rows (XLSX often has some after the
data), reads headers in Korean, English or as code names (``LabelledColumnsResource``) and
refuses a file whose headers are not the resource's own columns.

A CSV whose rows do not all have the header's number of columns (a stray comma, a missing
column) is refused with the row (``csv_structure_problem``); a date that is not
``YYYY-MM-DD HH:MM`` is a row error saying so (``SeoulDateTimeWidget``).
"""

import contextlib
import csv
import io
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets
from import_export.formats import base_formats
from import_export.results import Error
from tablib import InvalidDimensions

from events.common.bad_input import validate_file_size
from events.common.exports import LabelledColumnsResource, audit_log
from events.models import AuditEntry

DATETIME_INPUT = "%Y-%m-%d %H:%M"

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


def validate_import_size(upload: Any) -> None:
    """Refuse an uploaded spreadsheet over IMPORT_MAX_BYTES, by its size, without reading it."""
    size = getattr(upload, "size", None) or 0
    validate_file_size(size, settings.IMPORT_MAX_BYTES, code="import_too_large")


class ClearReadErrorsMixin:
    """A file that cannot be read is explained: its encoding, the row with the wrong number of
    columns, or the format's name (not its position in the list). A file too large is refused
    before it is read (``validate_import_size``)."""

    def create_import_form(self, request):
        form = super().create_import_form(request)
        form.fields["import_file"].validators.append(validate_import_size)
        return form

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError | UndecodableFile):
            form.add_error("import_file", str(UNDECODABLE))
            return
        problem = str(e) if isinstance(e, CsvStructureError) else None
        if isinstance(e, InvalidDimensions):
            problem = csv_structure_problem(_uploaded_text(form.cleaned_data.get("import_file")))
        form.add_error(
            "import_file",
            problem
            or _("This file could not be read as %(format)s. Check the format you chose.")
            % {"format": self._format_title(form.cleaned_data.get("format"))},
        )

    def _format_title(self, index: Any) -> str:
        formats = self.get_import_formats()
        try:
            return formats[int(index)]().get_title()
        except (TypeError, ValueError, IndexError):
            return str(index or "")


class SafeImportMixin(ClearReadErrorsMixin):
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


def _uploaded_text(upload: Any) -> str:
    if upload is None:
        return ""
    upload.seek(0)
    data = upload.read()
    try:
        return decode_csv(data) if isinstance(data, bytes) else data
    except (ValueError, UndecodableFile):
        return ""


def csv_structure_problem(text: str) -> str | None:
    """The first data row whose number of columns is not the header row's, said in words
    ("Row 3 has 5 columns, expected 4"); None when every row fits. Rows are counted as the
    import screen counts them: the first row after the headers is row 1."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if not header:
        return None
    for number, row in enumerate(rows, 1):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            return _(
                "Row %(row)s has %(found)s columns, expected %(expected)s as in the header row. "
                "Look for a stray comma or a missing column in that row."
            ) % {"row": number, "found": len(row), "expected": len(header)}
    return None


class CsvStructureError(ValueError):
    """A CSV whose rows do not all have the header row's number of columns."""


class CheckedCSV(base_formats.CSV):
    """CSV that refuses a row with more or fewer columns than the header row, saying which:
    tablib would pad a short row silently, shifting nothing but losing its last cells."""

    def create_dataset(self, in_stream, **kwargs):
        text = in_stream.decode("utf-8-sig") if isinstance(in_stream, bytes) else in_stream
        problem = csv_structure_problem(text)
        if problem:
            raise CsvStructureError(problem)
        return super().create_dataset(in_stream, **kwargs)


class SeoulDateTimeWidget(widgets.DateTimeWidget):
    """A date and time written ``YYYY-MM-DD HH:MM`` (Seoul time); anything else is a row error
    that shows the value and the expected format."""

    def __init__(self) -> None:
        super().__init__(DATETIME_INPUT)

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError as error:
            raise ValueError(
                _(
                    "“%(value)s” is not a date and time in the format YYYY-MM-DD HH:MM "
                    "(for example %(example)s)."
                )
                % {
                    "value": str(value)[:40],
                    "example": "2027-07-14 19:00",
                }
            ) from error


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class PlainError(Error):
    """An import refusal the screen shows as its message alone: the import template prints the
    exception (a ValidationError prints as a Python list) and, for a whole-file error, its
    traceback, which says nothing to an organiser."""

    def __init__(self, error, row=None, number=None):
        # A refusal of ours says all in its message; anything else keeps its traceback.
        self.is_refusal = isinstance(error, ValidationError | ValueError)
        if isinstance(error, ValidationError):
            error = " ".join(error.messages)
        super().__init__(error, row, number)

    @property
    def traceback(self) -> str:
        return "" if self.is_refusal else Error.traceback.func(self)


class PlainImportErrorsMixin:
    def get_error_result_class(self):
        return PlainError


class CleanDatasetResource(PlainImportErrorsMixin, LabelledColumnsResource):
    def before_import(self, dataset, **kwargs):
        for index in range(len(dataset) - 1, -1, -1):
            if all(_is_blank(value) for value in dataset[index]):
                del dataset[index]
        columns = self.column_for_header()
        given = [str(h or "").strip().lstrip("\ufeff") for h in (dataset.headers or [])]
        headers = [columns.get(header.lower(), header) for header in given]
        dataset.headers = headers
        fields = list(self.get_import_fields())
        expected = [field.column_name for field in fields]
        labels = {field.column_name: self.column_label(field) for field in fields}
        required = [name for name in expected if name in self.required_columns()]
        missing = [labels[name] for name in required if name not in headers]
        unknown = [name for name in headers if name and name not in expected]
        if missing or unknown:
            parts = []
            if missing:
                parts.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
            if unknown:
                parts.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
            raise ValidationError(
                _("The file's headers do not match (%(problems)s). Expected: %(expected)s.")
                % {"problems": "; ".join(parts), "expected": ", ".join(labels.values())}
            )
        # A file of new rows may leave out the "id" column (it is optional, see
        # required_columns): import-export insists on it, so give it an empty one.
        for name in self._meta.import_id_fields:
            if name not in headers and name not in self.required_columns():
                dataset.append_col([""] * len(dataset), header=name)
        return super().before_import(dataset, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        try:
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        except ValueError as error:
            if isinstance(field.widget, SeoulDateTimeWidget) and kwargs.get("row_number"):
                raise ValueError(
                    _("Row %(row)s, %(column)s: %(problem)s")
                    % {
                        "row": kwargs["row_number"],
                        "column": self.column_label(field),
                        "problem": error,
                    }
                ) from error
            raise

    def required_columns(self) -> set[str]:
        return {field.column_name for field in self.get_import_fields()}
