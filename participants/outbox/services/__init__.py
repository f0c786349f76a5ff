"""The outbox's services, one module per stage of a message's life (docs/architecture.md):

schedule -> dispatch -> send (claim, render) ; unsubscribe ; announcements.
Other slices and the tasks import the public functions from here."""

from participants.outbox.senders import from_email
from participants.outbox.services.announcements import (
    FAN_OUT_TASK,
    announcement_fan_out_batch,
    announcement_preview,
    announcement_schedule,
    announcement_send,
    announcement_send_test,
    announcement_stop,
    announcements_requeue_stuck,
    announcements_start_scheduled,
)
from participants.outbox.services.changes import (
    live_action_notices_cancel,
    programme_change_notices_schedule,
    stage_delay_notices_schedule,
)
from participants.outbox.services.claim import reminder_claim, reminder_claim_and_load
from participants.outbox.services.dispatch import (
    SEND_TASK,
    reminders_cancel_opted_out,
    reminders_cancel_pending,
    reminders_claim_due,
    reminders_dispatch,
    reminders_mark_missed,
    reminders_retry_failed,
    reminders_sweep,
)
from participants.outbox.services.render import reminder_message, reminder_message_id
from participants.outbox.services.schedule import (
    edition_reminders_move,
    performer_call_reminders_set_language,
    performer_call_reminders_sync,
    program_item_reminders_cancel,
    program_item_reminders_move,
    reminder_cancel_for_subject,
    reminder_schedule,
    reminders_schedule_new,
    rsvp_reminders_cancel,
    rsvp_reminders_schedule,
    waitlist_promotion_notify,
)
from participants.outbox.services.send import SendOutcome, reminder_send, retry_delay
from participants.outbox.services.unsubscribe import (
    UNSUBSCRIBE_SALT,
    reminder_from_unsubscribe_token,
    reminder_unsubscribe,
    reminder_unsubscribe_token,
    reminder_unsubscribe_url,
)

__all__ = [
    "FAN_OUT_TASK",
    "SEND_TASK",
    "UNSUBSCRIBE_SALT",
    "SendOutcome",
    "announcement_fan_out_batch",
    "announcement_preview",
    "announcement_schedule",
    "announcement_send",
    "announcement_send_test",
    "announcement_stop",
    "announcements_requeue_stuck",
    "announcements_start_scheduled",
    "edition_reminders_move",
    "from_email",
    "live_action_notices_cancel",
    "performer_call_reminders_set_language",
    "performer_call_reminders_sync",
    "program_item_reminders_cancel",
    "program_item_reminders_move",
    "programme_change_notices_schedule",
    "reminder_cancel_for_subject",
    "reminder_claim",
    "reminder_claim_and_load",
    "reminder_from_unsubscribe_token",
    "reminder_message",
    "reminder_message_id",
    "reminder_schedule",
    "reminder_send",
    "reminder_unsubscribe",
    "reminder_unsubscribe_token",
    "reminder_unsubscribe_url",
    "reminders_cancel_opted_out",
    "reminders_cancel_pending",
    "reminders_claim_due",
    "reminders_dispatch",
    "reminders_mark_missed",
    "reminders_retry_failed",
    "reminders_schedule_new",
    "reminders_sweep",
    "retry_delay",
    "rsvp_reminders_cancel",
    "rsvp_reminders_schedule",
    "site_domain",
    "stage_delay_notices_schedule",
    "waitlist_promotion_notify",
]
