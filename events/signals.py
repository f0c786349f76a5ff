"""Domain events of the programme that other apps react to.

``events`` imports no other app (docs/architecture.md), so when an item or the day moves, an item
is withdrawn or a performer's language changes it announces it here, and ``participants`` moves,
cancels or rewrites the reminders it owns.
The services send these INSIDE their transaction, so that the change and the reminders it moves
commit or roll back together (docs/architecture.md).
"""

from django.dispatch import Signal

# kwargs: item (ProgramItem), old_starts_at, old_ends_at (aware datetimes)
program_item_rescheduled = Signal()
# kwargs: item (ProgramItem) — unpublished or deleted (then item.pk still holds its former id);
# pending reminders about it are void.
program_item_withdrawn = Signal()
# kwargs: edition (Edition), old_date (date) — the day itself moved.
edition_rescheduled = Signal()
# kwargs: performer (Performer) — their preferred language changed; reminders not yet sent to
# them should be written in the new one.
performer_language_changed = Signal()
# kwargs: edition (Edition), item (ProgramItem, or None for the day itself), capacity (int or
# None for no limit) — a new capacity is about to be saved; the row is locked. A receiver that
# holds seats refuses it by raising ValidationError (events.services.capacity_change_validate).
capacity_changing = Signal()
# kwargs: edition, item (as above) — the new capacity is saved, in the same transaction; a
# receiver fills seats that are now free (the waiting list).
capacity_changed = Signal()
# kwargs: version (ProgrammeVersion) — a new numbered version of a published programme; people
# holding a ticket for a changed item and its performers are told, one email each.
programme_version_published = Signal()
# kwargs: stage (Stage), minutes (int), item_ids (list[int]), action_id (int) — a stage manager
# announced a delay on the day; people booked on those items may be told.
stage_delayed = Signal()
# kwargs: action (LiveAction) — undone within its minute; what it scheduled is void.
live_action_undone = Signal()
