from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from events.common.audit import log_staff_sign_in
        from events.common.staff import log_failed_staff_sign_in

        user_logged_in.connect(log_staff_sign_in, dispatch_uid="events.log_staff_sign_in")
        user_login_failed.connect(
            log_failed_staff_sign_in, dispatch_uid="events.log_failed_staff_sign_in"
        )

        from django.db.models.signals import post_migrate

        from events.common.site import site_sync

        post_migrate.connect(site_sync, sender=self, dispatch_uid="events.site_sync")

        from django.utils.translation import gettext_lazy

        from events.common.retention import retention_panel
        from events.dashboard import Panel, register_panel

        register_panel(
            Panel(
                "retention",
                gettext_lazy("Personal data retention"),
                90,
                "admin/dashboard/panel.html",
                retention_panel,
                "events.view_auditentry",
            )
        )

        from django.core import checks

        from events.common.contact import check_accessibility_contact
        from events.common.storage import check_object_storage

        checks.register(check_object_storage)
        checks.register(check_accessibility_contact, deploy=True)
