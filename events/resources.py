"""Spreadsheet columns of the programme (django-import-export). Explicit field lists only:
a performer's legal name and contacts are private and never exported or imported."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import fields, widgets

from events.common.imports import CleanDatasetResource
from events.models import Edition, Performer, ProgramItem, Stage
from events.services import PROGRAM_ITEM_FIELDS, performer_save, program_item_save

DATETIME_FORMAT = "%Y-%m-%d %H:%M"


class EditionWidget(widgets.ForeignKeyWidget):
    """An edition by its year; an unknown year is a row error with a clear message."""

    def __init__(self):
        super().__init__(Edition, field="year")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (Edition.DoesNotExist, ValueError, TypeError) as error:
            raise ValueError(
                _("There is no edition for the year “%(year)s”.") % {"year": value}
            ) from error


class StageWidget(widgets.ForeignKeyWidget):
    """A stage by its Korean name, looked up within the row's edition."""

    def __init__(self):
        super().__init__(Stage, field="name_ko")

    def get_queryset(self, value, row, *args, **kwargs):
        return Stage.objects.filter(edition__year=(row or {}).get("edition"))

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (Stage.DoesNotExist, Stage.MultipleObjectsReturned, ValueError) as error:
            raise ValueError(
                _("There is no stage called “%(name)s” in the %(year)s edition.")
                % {"name": value, "year": (row or {}).get("edition")}
            ) from error


class LanguageWidget(widgets.Widget):
    """A language by its code (ko, en) or its name in either language (Korean, 한국어, …).

    An empty cell leaves the performer's language as it is (Korean for a new performer); anything
    else that is not a language we write emails in is a row error saying which ones are.
    """

    @staticmethod
    def _codes_by_name() -> dict[str, str]:
        codes = [code for code, _label in settings.LANGUAGES]
        names = {code: code for code in codes}
        for code, label in settings.LANGUAGES:
            for language in codes:
                with translation.override(language):
                    names[str(label).strip().lower()] = code
        return names

    def clean(self, value, row=None, **kwargs):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        code = self._codes_by_name().get(text.lower())
        if code is None:
            choices = ", ".join(f"{code} ({label})" for code, label in settings.LANGUAGES)
            raise ValueError(
                _("“%(value)s” is not a language we write emails in. Use one of: %(choices)s.")
                % {"value": text, "choices": choices}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ProgramItemResource(CleanDatasetResource):
    edition = fields.Field(
        attribute="edition",
        column_name="edition",
        widget=EditionWidget(),
    )
    stage = fields.Field(attribute="stage", column_name="stage", widget=StageWidget())
    starts_at = fields.Field(
        attribute="starts_at",
        column_name="starts_at",
        widget=widgets.DateTimeWidget(DATETIME_FORMAT),
    )
    ends_at = fields.Field(
        attribute="ends_at", column_name="ends_at", widget=widgets.DateTimeWidget(DATETIME_FORMAT)
    )

    class Meta:
        model = ProgramItem
        fields = ("id", "edition", *PROGRAM_ITEM_FIELDS)
        export_order = fields
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def required_columns(self) -> set[str]:
        return {"edition", "stage", "title_ko", "starts_at", "ends_at"}

    def get_export_queryset(self, request=None, **kwargs):
        return super().get_queryset().select_related("edition", "stage")

    def do_instance_save(self, instance, is_create):
        # Through the service: the same rules, locks and notifications as the admin form.
        program_item_save(item=instance)


class PerformerResource(CleanDatasetResource):
    preferred_language = fields.Field(
        attribute="preferred_language",
        column_name="preferred_language",
        widget=LanguageWidget(),
        saves_null_values=False,
    )

    class Meta:
        model = Performer
        fields = (
            "id",
            "kind",
            "display_name",
            "visibility",
            "bio_ko",
            "bio_en",
            "preferred_language",
            "photo_consent",
            "is_published",
        )
        export_order = fields
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def required_columns(self) -> set[str]:
        return {"display_name", "visibility"}

    def import_row(self, row, instance_loader, **kwargs):
        self._importing_user = kwargs.get("user")
        return super().import_row(row, instance_loader, **kwargs)

    def do_instance_save(self, instance, is_create):
        # Publishing a person records who decided (privacy rules): the importing organiser.
        performer_save(performer=instance, by=getattr(self, "_importing_user", None))
