"""The retention policy at the boundary day of each kind: one day early nothing goes; on the day
the private details go, counts stay, one audit entry with counts and no values."""

import datetime as dt
import os

import pytest
from django.core.management import call_command

from events.common.retention import retention_apply
from events.models import AuditEntry, Performer
from participants.models import Permit, Rsvp, Vendor
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PermitFactory,
    ProgramItemFactory,
    RsvpFactory,
    StallApplicationFactory,
    VendorFactory,
    seoul,
)

pytestmark = pytest.mark.django_db
DAYS = 30


@pytest.fixture(autouse=True)
def _policy(settings):
    settings.RETENTION_DAYS = {
        "attendees": DAYS,
        "vendors": DAYS,
        "performers": DAYS,
        "lenders": DAYS,
        "tributes": DAYS,
        "survey_participations": DAYS,
    }


@pytest.fixture
def edition():
    return EditionFactory(year=2025, date=dt.date(2025, 7, 14))


def day_after_end(edition, days: int) -> dt.datetime:
    return edition.day_ends_at + dt.timedelta(days=days)


@pytest.mark.parametrize(("days", "anonymised"), [(DAYS - 1, 0), (DAYS, 1)])
def test_retention_attendees_at_the_boundary(edition, days, anonymised):
    rsvp = RsvpFactory(edition=edition, other_needs="wheelchair ramp")

    retention_apply(
        kinds=["attendees"],
        now=day_after_end(edition, days) - dt.timedelta(seconds=1)
        if days < DAYS
        else day_after_end(edition, days),
    )

    rsvp.refresh_from_db()
    assert (rsvp.anonymised_at is not None, rsvp.other_needs == "") == (bool(anonymised),) * 2
    assert Rsvp.objects.count() == 1


@pytest.mark.parametrize(("days", "purged"), [(DAYS - 1, False), (DAYS, True)])
def test_retention_performers_after_last_appearance(edition, days, purged):
    item = ProgramItemFactory(
        edition=edition, starts_at=seoul(edition, 10), ends_at=seoul(edition, 11)
    )
    performer = AppearanceFactory(item=item, performer__legal_name="김비밀").performer
    now = item.ends_at + dt.timedelta(days=days)

    retention_apply(kinds=["performers"], now=now)

    performer.refresh_from_db()
    assert (performer.legal_name, performer.contact_email == "") == (
        ("", True) if purged else ("김비밀", False)
    )
    assert Performer.objects.count() == 1


@pytest.mark.parametrize(("days", "purged"), [(DAYS - 1, False), (DAYS, True)])
def test_retention_vendors_contacts_and_permit_scans(edition, days, purged):
    vendor = VendorFactory(legal_name="박상인")
    StallApplicationFactory(vendor=vendor, edition=edition)
    permit = PermitFactory(vendor=vendor, kind="health_certificate")
    path = permit.scan.path

    retention_apply(kinds=["vendors"], now=day_after_end(edition, days))

    vendor.refresh_from_db()
    permit.refresh_from_db()
    assert (vendor.legal_name == "", permit.scan.name == "") == (purged, purged)
    assert Permit.objects.count() == 1
    assert os.path.exists(path) is not purged


def test_retention_vendor_who_applies_again_keeps_contacts(edition):
    vendor = VendorFactory(legal_name="박상인")
    StallApplicationFactory(vendor=vendor, edition=edition)
    StallApplicationFactory(
        vendor=vendor, edition=EditionFactory(year=2026, date=dt.date(2026, 7, 14))
    )

    retention_apply(kinds=["vendors"], now=day_after_end(edition, DAYS + 1))

    vendor.refresh_from_db()
    assert vendor.legal_name == "박상인"


def test_retention_audit_entry_counts_only_and_dry_run_changes_nothing(edition):
    vendor = VendorFactory(legal_name="박상인", contact_email="park@private.example.org")
    StallApplicationFactory(vendor=vendor, edition=edition)
    now = day_after_end(edition, DAYS)

    dry = retention_apply(kinds=["vendors"], now=now, dry_run=True)
    vendor.refresh_from_db()
    assert (dry[0].counts, vendor.legal_name, AuditEntry.objects.count()) == (
        {"vendors": 1, "permit_scans": 0},
        "박상인",
        0,
    )

    retention_apply(kinds=["vendors"], now=now)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.RETENTION)
    assert (entry.target, entry.row_count, entry.detail) == (
        "vendors",
        1,
        {"days": DAYS, "vendors": 1, "permit_scans": 0},
    )
    assert "박상인" not in str(entry.detail)
    assert "park@" not in str(entry.detail)
    assert Vendor.objects.get().legal_name == ""


def test_retention_command_dry_run_lists_what_would_go(edition, capsys):
    RsvpFactory(edition=edition)

    call_command("apply_retention", "--dry-run")

    out = capsys.readouterr().out
    assert f"Would remove (attendees, after {DAYS} days): editions: 1, rsvps: 1, accounts: 0" in out
    assert Rsvp.objects.get().anonymised_at is None


def test_retention_runs_daily_from_beat(settings):
    from config.settings import base

    assert base.CELERY_BEAT_SCHEDULE["retention-daily"] == {
        "task": "events.apply_retention",
        "schedule": 24 * 3600,
        "options": {"expires": 3600},
    }
