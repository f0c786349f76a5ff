"""The market's services (writes), one module per thing a vendor or organiser changes.
Other slices, views, the admin and commands import them from here."""

from participants.market.services._common import (
    APPLICATION_DETAIL_FIELDS,
    APPLICATION_FIELDS,
    PDF_MAGIC,
    PRODUCT_FIELDS,
    THUMBNAIL_SIDE,
    VENDOR_PROFILE_FIELDS,
)
from participants.market.services.applications import (
    applications_open,
    day_before_context,
    stall_application_approve,
    stall_application_reject,
    stall_application_request_info,
    stall_application_save_draft,
    stall_application_submit,
    stall_application_waitlist,
    stall_application_withdraw,
    vendor_day_before_reschedule,
)
from participants.market.services.permits import (
    permit_delete,
    permit_reject,
    permit_upload,
    permit_verify,
)
from participants.market.services.products import product_create, product_delete, product_update
from participants.market.services.stalls import stall_assign, stall_range_create
from participants.market.services.vendors import (
    vendor_is_approved,
    vendor_listing_set,
    vendor_profile_save,
)

__all__ = [
    "APPLICATION_DETAIL_FIELDS",
    "APPLICATION_FIELDS",
    "PDF_MAGIC",
    "PRODUCT_FIELDS",
    "THUMBNAIL_SIDE",
    "VENDOR_PROFILE_FIELDS",
    "applications_open",
    "day_before_context",
    "permit_delete",
    "permit_reject",
    "permit_upload",
    "permit_verify",
    "product_create",
    "product_delete",
    "product_update",
    "stall_application_approve",
    "stall_application_reject",
    "stall_application_request_info",
    "stall_application_save_draft",
    "stall_application_submit",
    "stall_application_waitlist",
    "stall_application_withdraw",
    "stall_assign",
    "stall_range_create",
    "vendor_day_before_reschedule",
    "vendor_is_approved",
    "vendor_listing_set",
    "vendor_profile_save",
]
