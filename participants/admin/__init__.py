# Importing the modules registers their ModelAdmins.
from participants.admin import attendees, reminders, vendors  # noqa: F401
