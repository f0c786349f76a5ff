"""Vendor profiles and their public listing. Called by the vendor area and the admin."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from events.common.caching import public_pages_changed
from events.models import Edition
from events.selectors import edition_current
from participants.market.services._common import VENDOR_PROFILE_FIELDS, Status, _assign
from participants.models import User, Vendor


@transaction.atomic
def vendor_profile_save(*, owner: User, fields: dict[str, Any]) -> Vendor:
    """Create or update ``owner``'s vendor profile. The listing flag stays the organisers'."""
    vendor = Vendor.objects.select_for_update().filter(owner=owner).first() or Vendor(owner=owner)
    _assign(vendor, fields, VENDOR_PROFILE_FIELDS)
    vendor.full_clean()
    vendor.save()
    public_pages_changed()
    return vendor


@transaction.atomic
def vendor_listing_set(
    *, vendor: Vendor, listed: bool, by: User, now: dt.datetime | None = None
) -> Vendor:
    """List or unlist a vendor in the public market, recording who decided and when."""
    vendor = Vendor.objects.select_for_update().get(pk=vendor.pk)
    if vendor.is_listed == listed:
        return vendor
    vendor.is_listed = listed
    vendor.listed_at = (now or timezone.now()) if listed else None
    vendor.listed_by = by if listed else None
    vendor.save(update_fields=["is_listed", "listed_at", "listed_by", "updated_at"])
    public_pages_changed()
    return vendor


def vendor_is_approved(*, vendor: Vendor, edition: Edition | None = None) -> bool:
    edition = edition or edition_current()
    return bool(
        edition and vendor.applications.filter(edition=edition, status=Status.APPROVED).exists()
    )
