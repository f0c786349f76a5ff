from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitsConfig(AppConfig):
    name = "exhibits"
    verbose_name = _("Exhibits")

    def ready(self) -> None:
        from exhibits import signals

        signals.connect()

        # The catalogue's part of the open-data API (events imports no other app).
        from events.api import api
        from exhibits.api import router

        api.add_router("/", router)
