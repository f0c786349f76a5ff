"""Services of the running order, the live day and programme versions (facade)."""

from events.live.services.live import (
    MAX_DELAY_MINUTES,
    item_cancel,
    item_end,
    item_move,
    item_start,
    live_action_undo,
    segment_end,
    segment_start,
    stage_delay,
)
from events.live.services.live_record import StaleStage
from events.live.services.running_order import (
    program_item_check_running_order,
    running_order_check_changes,
    running_order_check_fit,
    running_order_copy,
    segments_save,
    segments_write,
)
from events.live.services.versions import (
    programme_changelog,
    programme_snapshot,
    programme_version_current,
    programme_version_publish,
)

__all__ = [
    "MAX_DELAY_MINUTES",
    "StaleStage",
    "item_cancel",
    "item_end",
    "item_move",
    "item_start",
    "live_action_undo",
    "program_item_check_running_order",
    "programme_changelog",
    "programme_snapshot",
    "programme_version_current",
    "programme_version_publish",
    "running_order_check_changes",
    "running_order_check_fit",
    "running_order_copy",
    "segment_end",
    "segment_start",
    "segments_save",
    "segments_write",
    "stage_delay",
]
