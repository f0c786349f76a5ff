"""What the programme's admin pages share: the site's titles, spreadsheet import/export with
audit, the message when a service refuses a save, and the capacity field that asks the apps
holding seats (events.services)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats import base_formats

from events import services
from events.common.exports import AuditedExportMixin
from events.common.imports import CheckedCSV, SafeImportMixin
from events.models import Edition

SPREADSHEET_FORMATS = [CheckedCSV, base_formats.XLSX]

admin.site.site_header = _("North Korean Defectors' Day: organisers")
admin.site.site_title = _("North Korean Defectors' Day")
admin.site.index_title = _("Organisers' administration")


class SpreadsheetAdminMixin(AuditedExportMixin, SafeImportMixin, ImportExportMixin):
    formats = SPREADSHEET_FORMATS
    import_error_display = ("message", "row")


class ServiceRefusalMixin:
    """A save the service refuses after the form's own checks (another organiser booked the
    stage or the performer, a stage manager began the day): its transaction rolled back and
    nothing was saved, so the form comes back with the service's message, never a 500."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


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
