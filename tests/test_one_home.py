"""Each rule has one home (issue 10). These read the source: if a second copy of a rule comes back
somewhere else, the test names the file. docs/architecture.md lists where each rule lives."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "events", "exhibits", "participants", "templates")


def _sources() -> dict[str, str]:
    files = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*"):
            if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
                continue
            files[str(path.relative_to(ROOT))] = path.read_text(encoding="utf-8")
    return files


SOURCES = _sources()


def _homes(pattern: str) -> set[str]:
    regex = re.compile(pattern)
    return {name for name, text in SOURCES.items() if regex.search(text)}


@pytest.mark.parametrize(
    ("rule", "pattern", "homes"),
    [
        (
            "who may refuse a capacity and who fills freed seats",
            r"\b(capacity_seats_check|waitlist_promote)\(",
            {"participants/apps.py", "participants/attendance/services/rsvps.py"},
        ),
        (
            "a capacity change asks the seat holders (the signal)",
            r"capacity_changing\.send\(",
            {"events/services/capacity.py"},
        ),
        ("a calendar event is built", r"(?<!threading\.)\bEvent\(\)", {"events/calendar.py"}),
        ("the site's address is read", r"settings\.SITE_URL\b", {"events/common/site.py"}),
        (
            "a host name is parsed from SITE_URL",
            r"urlsplit\((settings\.)?SITE_URL",
            {"events/common/site.py"},
        ),
        (
            "the current edition",
            r"published\(\)\.order_by\(\"-year\"\)",
            {"events/selectors.py"},
        ),
        ("a CSV upload is decoded", r"cp949", {"events/common/imports.py"}),
        (
            "the wording of 'already booked'",
            r"You already have a booking for this",
            {"participants/attendance/services/rsvps.py"},
        ),
        (
            "the wording of 'no seat booking here'",
            r"does not take seat bookings",
            {"participants/attendance/services/rsvps.py"},
        ),
        (
            "an announcement's progress counts",
            r"reminders__status",
            {"participants/outbox/selectors.py"},
        ),
        (
            "a shared counter (a rate limit, the public pages' version)",
            r"cache\.incr\(",
            {"events/common/ratelimit.py", "events/common/caching.py"},
        ),
    ],
)
def test_rule_lives_in_one_home(rule, pattern, homes):
    assert _homes(pattern) == homes, rule


def test_no_app_patches_another_apps_admin():
    # The capacity rule once lived in participants' monkey-patch of events' admins.
    assert _homes(r"admin\.site\._registry\[") == set()


def test_form_fields_service_whitelists_and_columns_come_from_one_list():
    from events.admin.programme import ProgramItemForm
    from events.resources import ProgramItemResource
    from events.services import PROGRAM_ITEM_FIELDS, UPDATABLE_FIELDS
    from participants.market.forms import ProductForm, StallApplicationForm, VendorProfileForm
    from participants.market.services import (
        APPLICATION_DETAIL_FIELDS,
        APPLICATION_FIELDS,
        PRODUCT_FIELDS,
        VENDOR_PROFILE_FIELDS,
    )

    assert ProgramItemForm._meta.fields == ["edition", *PROGRAM_ITEM_FIELDS]
    assert ProgramItemResource._meta.fields == ("id", "edition", *PROGRAM_ITEM_FIELDS)
    assert set(PROGRAM_ITEM_FIELDS) == UPDATABLE_FIELDS
    assert VendorProfileForm._meta.fields == list(VENDOR_PROFILE_FIELDS)
    assert ProductForm._meta.fields == list(PRODUCT_FIELDS)
    assert StallApplicationForm._meta.fields == list(APPLICATION_DETAIL_FIELDS)
    assert set(APPLICATION_DETAIL_FIELDS) < set(APPLICATION_FIELDS)


@pytest.mark.parametrize("name", ["PRODUCT_FIELDS", "VENDOR_PROFILE_FIELDS", "PROGRAM_ITEM_FIELDS"])
def test_field_list_is_written_out_once(name):
    assert len(_homes(rf"\b{name} = ")) == 1


def test_shared_fixtures_are_not_copied_into_test_modules():
    # tests/conftest.py holds english, user, organiser, organiser_client, edition, the clients.
    tests = ROOT / "tests"
    copies = re.compile(
        r'with translation\.override\("en"\):\n\s+yield'
        r"|def organiser_client\(client\):"
        r"|def organiser\(client\):\n\s+\w+ = UserFactory\(is_staff=True, is_superuser=True"
    )
    found = {
        str(path.relative_to(ROOT))
        for path in tests.rglob("*.py")
        if copies.search(path.read_text(encoding="utf-8"))
    }
    assert found == {"tests/conftest.py"}
