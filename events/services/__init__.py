"""Writes of the programme: every create, change, move and deletion of an edition, its stages,
its items and its performers, one module per thing written. Views, the admin, imports and
management commands import them from here, so the rules of the models and the database
constraints are never bypassed. A capacity changes only through ``program_item_save`` or
``edition_save`` (``events.services.capacity``)."""

from events.edition_move import edition_date_change_check
from events.services.capacity import capacity_change_validate
from events.services.editions import (
    appearance_list,
    edition_copy,
    edition_copy_suggestion,
    edition_delete,
    edition_ordinal,
    edition_save,
    ordinal_en,
    stage_save,
)
from events.services.performers import performer_delete, performer_save
from events.services.programme import (
    PROGRAM_ITEM_FIELDS,
    STAGE_OVERLAP_CONSTRAINT,
    UPDATABLE_FIELDS,
    AppearanceData,
    program_item_check_performers,
    program_item_create,
    program_item_delete,
    program_item_reschedule,
    program_item_save,
    program_item_set_published,
    program_item_update,
)

__all__ = [
    "PROGRAM_ITEM_FIELDS",
    "STAGE_OVERLAP_CONSTRAINT",
    "UPDATABLE_FIELDS",
    "AppearanceData",
    "appearance_list",
    "capacity_change_validate",
    "edition_copy",
    "edition_copy_suggestion",
    "edition_date_change_check",
    "edition_delete",
    "edition_ordinal",
    "edition_save",
    "ordinal_en",
    "performer_delete",
    "performer_save",
    "program_item_check_performers",
    "program_item_create",
    "program_item_delete",
    "program_item_reschedule",
    "program_item_save",
    "program_item_set_published",
    "program_item_update",
    "stage_save",
]
