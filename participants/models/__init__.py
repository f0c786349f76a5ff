# One module per part of the app, so that attendees, reminders and vendors can grow apart.
from participants.models.reminders import Announcement, Reminder, ReminderOptOut
from participants.models.rsvps import Rsvp
from participants.models.users import User
from participants.models.vendors import Permit, Product, Stall, StallApplication, Vendor

__all__ = [
    "Announcement",
    "Permit",
    "Product",
    "Reminder",
    "ReminderOptOut",
    "Rsvp",
    "Stall",
    "StallApplication",
    "User",
    "Vendor",
]
