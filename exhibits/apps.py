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
