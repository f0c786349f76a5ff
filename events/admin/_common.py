"""What the programme's admin pages share: the site's titles, spreadsheet import/export with
audit, and the capacity field that asks the apps holding seats (events.services)."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from events import services
from events.common.exports import AuditedExportMixin
from events.common.imports import SafeImportMixin
from events.models import Edition

SPREADSHEET_FORMATS = [base_formats.CSV, base_formats.XLSX]

admin.site.site_header = _("North Korean Defectors' Day: organisers")
admin.site.site_title = _("North Korean Defectors' Day")
admin.site.index_title = _("Organisers' administration")


class SpreadsheetAdminMixin(AuditedExportMixin, SafeImportMixin, ImportExportMixin):
    formats = SPREADSHEET_FORMATS
    import_error_display = ("message", "row")


class CapacityFormMixin:
    """A changed capacity is asked of the apps holding seats while the form is cleaned (inside
    the admin's transaction, row locked), so a refusal shows on the capacity field."""

    def clean(self):
        cleaned = super().clean()
        instance = self.instance
        if instance.pk and "capacity" in self.changed_data and "capacity" not in self.errors:
            edition, item = (
                (instance, None) if isinstance(instance, Edition) else (instance.edition, instance)
            )
            try:
                services.capacity_change_validate(
                    edition=edition, item=item, capacity=cleaned.get("capacity")
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned
