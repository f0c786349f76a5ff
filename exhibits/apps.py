from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitsConfig(AppConfig):
    name = "exhibits"
    verbose_name = _("Exhibits")

    def ready(self) -> None:
        from exhibits import signals

        signals.connect()

        from events.common.retention import retention_register
        from exhibits.retention import lenders_purge

        retention_register("lenders", lenders_purge)

        from events.dashboard import register_panel
        from exhibits.dashboard import PANELS

        for panel in PANELS:
            register_panel(panel)

        from events.report import register_report_section
        from exhibits.report import SECTIONS

        for section in SECTIONS:
            register_report_section(section)

        # The catalogue's part of the open-data API (events imports no other app).
        from events.api import api
        from exhibits.api import router

        api.add_router("/", router)
