"""Domain events of the programme that other apps react to.

``events`` imports no other app (DESIGN.md layers), so when an item moves or is cancelled it
announces it here and ``participants`` moves or cancels the reminders it owns.
"""

from django.dispatch import Signal

# Sent after commit by the services that reschedule an item.
# kwargs: item (ProgramItem), old_starts_at, old_ends_at (aware datetimes)
program_item_rescheduled = Signal()
# kwargs: item (ProgramItem) — unpublished or deleted; pending reminders about it are void.
program_item_withdrawn = Signal()
