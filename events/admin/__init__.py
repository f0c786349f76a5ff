"""The organisers' admin of the programme, one module per model group. Every save, publication
and deletion goes through events.services."""

from events.admin import editions, performers, programme
from events.admin._common import SpreadsheetAdminMixin

__all__ = ["SpreadsheetAdminMixin", "editions", "performers", "programme"]
