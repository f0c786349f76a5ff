from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _item_rescheduled(sender, *, item, **kwargs) -> None:
    from participants.services.reminders import program_item_reminders_move

    program_item_reminders_move(item=item)


def _item_withdrawn(sender, *, item, **kwargs) -> None:
    from participants.services.reminders import program_item_reminders_cancel

    # A deleted item has lost its pk; the sender may pass item_id to say which one it was.
    item_id = item.pk or kwargs.get("item_id")
    if item_id:
        program_item_reminders_cancel(item_id=item_id)


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self) -> None:
        from events import signals

        # events imports no other app, so it announces programme changes and we react here.
        signals.program_item_rescheduled.connect(
            _item_rescheduled, dispatch_uid="participants.reminders.item_rescheduled"
        )
        signals.program_item_withdrawn.connect(
            _item_withdrawn, dispatch_uid="participants.reminders.item_withdrawn"
        )
