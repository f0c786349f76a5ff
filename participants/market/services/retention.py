"""Retention of vendors' private details (registered with events.common.retention)."""

import datetime as dt

from django.db.models import Q

from events.models import Edition
from participants.models import Permit, StallApplication, Vendor


def vendors_purge(*, now: dt.datetime, days: int, dry_run: bool) -> dict[str, int]:
    """Private contacts and permit scans (health certificates are medical data) of vendors whose
    last application's edition ended ``days`` ago (or who never applied and signed up that long
    ago). Applying again keeps them."""
    cutoff = now - dt.timedelta(days=days)
    over = [e.pk for e in Edition.objects.all() if e.day_ends_at <= cutoff]
    recent = StallApplication.objects.exclude(edition_id__in=over).values("vendor_id")
    stale = Vendor.objects.filter(
        Q(applications__edition_id__in=over) | Q(applications__isnull=True, created_at__lte=cutoff)
    ).exclude(pk__in=recent)
    with_contacts = stale.exclude(legal_name="", contact_phone="", contact_email="").distinct()
    scans = Permit.objects.filter(vendor__in=stale).exclude(scan="")
    counts = {"vendors": with_contacts.count(), "permit_scans": scans.count()}
    if dry_run:
        return counts
    Vendor.objects.filter(pk__in=list(with_contacts.values_list("pk", flat=True))).update(
        legal_name="", contact_phone="", contact_email=""
    )
    for permit in scans:
        permit.scan.delete(save=False)
        Permit.objects.filter(pk=permit.pk).update(scan="", number="")
    return counts
