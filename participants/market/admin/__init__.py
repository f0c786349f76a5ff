"""The market's admin: vendors, applications, permits, stalls and products."""

from participants.market.admin import applications  # noqa: F401
