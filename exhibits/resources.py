"""CSV/XLSX import and export of the catalogue (django-import-export).

Fields are listed explicitly: no private lender field (legal name, contact, notes) and no
private place of origin goes out or comes in. Lenders are referred to by their id only.
Object number is the key; a number twice in one file, an unknown category or province, or a
future year is a row error, and any row error rolls the whole import back.
"""

from typing import ClassVar

import tablib
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import fields, widgets
from import_export.formats import base_formats

from events.common.exports import LabelledColumnsResource
from events.common.imports import (
    CsvStructureError,
    PlainImportErrorsMixin,
    csv_structure_problem,
    decode_csv,
)
from exhibits.models import ConsentUse, Exhibit, Lender


class CatalogueCSV(base_formats.CSV):
    """CSV read as UTF-8 (with or without a BOM) or as Excel's Korean CP949; written with a BOM.

    Reading bytes ourselves (is_binary) keeps import-export from decoding with one fixed
    encoding; writing a BOM makes Excel open Korean text correctly.
    """

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        if isinstance(in_stream, bytes):
            in_stream = decode_csv(in_stream)
        problem = csv_structure_problem(in_stream)
        if problem:
            raise CsvStructureError(problem)
        return tablib.import_set(in_stream, format="csv", **kwargs)

    def export_data(self, dataset, **kwargs) -> bytes:
        return ("\ufeff" + dataset.export("csv", **kwargs)).encode("utf-8")


class StrictChoiceWidget(widgets.CharWidget):
    """A choice column: the stored value or its label in Korean or English; else a row error."""

    def __init__(self, choices, *, blank: bool = False) -> None:
        super().__init__()
        self.choices = choices
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        text = (str(value) if value is not None else "").strip()
        if not text:
            if self.blank:
                return ""
            raise ValueError(_("This column is required."))
        for stored, label in self.choices:
            with translation.override("ko"):
                korean = str(label)
            with translation.override("en"):
                english = str(label)
            if text.lower() in {stored.lower(), korean.lower(), english.lower()}:
                return stored
        raise ValueError(
            _("Unknown value “%(value)s”. Use one of: %(choices)s.")
            % {"value": text[:50], "choices": ", ".join(stored for stored, _label in self.choices)}
        )


class YearWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        text = (str(value) if value is not None else "").strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            number = None
        if number is None or not number.is_integer():
            raise ValueError(_("Enter a year as a number, not “%(value)s”.") % {"value": text[:20]})
        return int(number)


class LenderIdWidget(widgets.ForeignKeyWidget):
    """A lender by id only: a name column could be used to match, and so reveal, a legal name."""

    def __init__(self) -> None:
        super().__init__(Lender, field="pk")

    def clean(self, value, row=None, **kwargs):
        text = (str(value) if value is not None else "").strip()
        if not text:
            return None
        if not text.isdigit():
            raise ValueError(
                _("A lender is given by their number (id), not “%(value)s”.") % {"value": text[:20]}
            )
        lender = Lender.objects.filter(pk=int(text)).first()
        if lender is None:
            raise ValueError(_("There is no lender number %(value)s.") % {"value": text})
        return lender


class ExhibitResource(PlainImportErrorsMixin, LabelledColumnsResource):
    category = fields.Field(
        attribute="category",
        column_name="category",
        widget=StrictChoiceWidget(Exhibit._meta.get_field("category").choices),
    )
    province = fields.Field(
        attribute="province",
        column_name="province",
        widget=StrictChoiceWidget(Exhibit._meta.get_field("province").choices, blank=True),
    )
    lender = fields.Field(
        attribute="lender",
        column_name="lender_id",
        widget=LenderIdWidget(),
    )
    year_left = fields.Field(attribute="year_left", column_name="year_left", widget=YearWidget())
    web_credit_line = fields.Field(column_name="credit_line", readonly=True)
    press_credit_line = fields.Field(column_name="credit_line_press", readonly=True)

    column_labels: ClassVar[dict] = {
        "lender_id": _lazy("Lender number"),
        "credit_line": _lazy("Credit line (web)"),
        "credit_line_press": _lazy("Credit line (press)"),
    }

    class Meta:
        model = Exhibit
        import_id_fields = ("object_number",)
        fields = (
            "object_number",
            "title_ko",
            "title_en",
            "description_ko",
            "description_en",
            "story_ko",
            "story_en",
            "label_text_ko",
            "label_text_en",
            "category",
            "materials_ko",
            "materials_en",
            "dimensions",
            "period_made",
            "province",
            "year_left",
            "condition",
            "loan_received_on",
            "loan_due_back_on",
            "loan_returned_on",
            "loan_agreement_signed",
            "lender",
            "web_credit_line",
            "press_credit_line",
        )
        export_order = fields
        clean_model_instances = True
        skip_unchanged = False
        report_skipped = True

    def dehydrate_web_credit_line(self, exhibit: Exhibit) -> str:
        return exhibit.web_credit_line

    def dehydrate_press_credit_line(self, exhibit: Exhibit) -> str:
        # For press kits: the name only where the lender consented to press use.
        return exhibit.credit_line(ConsentUse.PRESS)

    def before_import(self, dataset, **kwargs) -> None:
        self._seen_numbers: set[str] = set()
        if dataset.headers:
            columns = self.column_for_header()
            given = [(header or "").strip().lstrip("\ufeff") for header in dataset.headers]
            dataset.headers = [columns.get(header.lower(), header) for header in given]
        if "object_number" not in (dataset.headers or []):
            # Else import-export refuses the file in English, naming its own setting.
            fields = {field.column_name: field for field in self.get_import_fields()}
            raise ValidationError(
                _("The file's headers do not match (%(problems)s). Expected: %(expected)s.")
                % {
                    "problems": _("missing columns: %(names)s")
                    % {"names": self.column_label(fields["object_number"])},
                    "expected": ", ".join(self.column_label(f) for f in fields.values()),
                }
            )

    def before_import_row(self, row, **kwargs) -> None:
        number = (row.get("object_number") or "").strip()
        row["object_number"] = number
        if number in self._seen_numbers:
            raise ValidationError(
                {
                    "object_number": _(
                        "Object number %(number)s appears more than once in this file."
                    )
                    % {"number": number}
                }
            )
        self._seen_numbers.add(number)
