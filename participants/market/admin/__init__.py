"""The market's admin: vendors, applications, permits, stalls and products."""

from participants.market.admin import (  # noqa: F401
    applications,
    permits,
    products,
    stalls,
    vendors,
)
