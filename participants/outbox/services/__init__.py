"""The outbox's services, one module per stage of a message's life (docs/architecture.md):

schedule -> dispatch -> send (claim, render) ; unsubscribe ; announcements.
Other slices and the tasks import the public functions from here."""

from participants.outbox.senders import from_email
from participants.outbox.services.announcements import (
    FAN_OUT_TASK,
    announcement_fan_out_batch,
    announcement_send,
    announcements_requeue_stuck,
)
from participants.outbox.services.bookings import (
    CANCELLED_BY_ATTENDEE,
    CANCELLED_BY_ORGANISER,
    CANCELLED_ITEM_WITHDRAWN,
    CANCELLED_OFFER_DECLINED,
    CANCELLED_OFFER_LAPSED,
    guest_invitation_notify,
    rsvp_booked_notify,
    rsvp_cancelled_notify,
    rsvp_confirmed_notify,
    rsvp_waitlisted_notify,
    waitlist_offer_notify,
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
from participants.outbox.services.render import reminder_message, reminder_message_id, site_domain
from participants.outbox.services.schedule import (
    edition_reminders_move,
    performer_call_reminders_set_language,
    performer_call_reminders_sync,
    program_item_reminders_cancel,
    program_item_reminders_move,
    reminder_cancel_for_subject,
    reminder_schedule,
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
    "CANCELLED_BY_ATTENDEE",
    "CANCELLED_BY_ORGANISER",
    "CANCELLED_ITEM_WITHDRAWN",
    "CANCELLED_OFFER_DECLINED",
    "CANCELLED_OFFER_LAPSED",
    "guest_invitation_notify",
    "rsvp_booked_notify",
    "rsvp_cancelled_notify",
    "rsvp_confirmed_notify",
    "rsvp_waitlisted_notify",
    "waitlist_offer_notify",
    "FAN_OUT_TASK",
    "SEND_TASK",
    "UNSUBSCRIBE_SALT",
    "SendOutcome",
    "announcement_fan_out_batch",
    "announcement_send",
    "announcements_requeue_stuck",
    "edition_reminders_move",
    "from_email",
    "performer_call_reminders_set_language",
    "performer_call_reminders_sync",
    "program_item_reminders_cancel",
    "program_item_reminders_move",
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
    "reminders_sweep",
    "retry_delay",
    "rsvp_reminders_cancel",
    "rsvp_reminders_schedule",
    "site_domain",
    "waitlist_promotion_notify",
]
