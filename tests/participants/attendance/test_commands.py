import datetime as dt
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from participants.accounts.services import attendees_anonymise
from participants.models import Reminder, Rsvp, User
from tests.factories import EditionFactory, ProgramItemFactory, RsvpFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


NOW = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)


def test_load_demo_attendees_is_idempotent(settings):
    settings.DEBUG = True  # published demo passwords only on a developer's laptop
    edition = EditionFactory(year=2025, capacity=100)
    item = ProgramItemFactory(edition=edition, capacity=4)

    call_command("load_demo_attendees", stdout=StringIO())
    fields = ("user__email", "item_id", "party_size", "status")
    first = list(Rsvp.objects.order_by("pk").values_list(*fields))
    call_command("load_demo_attendees", stdout=StringIO())

    assert list(Rsvp.objects.order_by("pk").values_list(*fields)) == first
    assert len(first) == 8
    # Parties of 2, 1, 3 and 1 for 4 seats: the party of 3 waits, the last 1 fits.
    assert Rsvp.objects.filter(item=item, status="confirmed").count() == 3
    assert Rsvp.objects.filter(item=item, status="waitlisted").count() == 1
    door = User.objects.get(email="door@example.org")
    assert door.has_perm("participants.checkin_rsvp")
    assert EmailAddress.objects.get(email="attendee1@example.org").verified is True
    assert User.objects.get(email="attendee1@example.org").check_password("defectorsday2025")


def test_load_demo_attendees_without_edition_creates_only_door_staff():
    out = StringIO()

    call_command("load_demo_attendees", stdout=out)

    assert list(User.objects.values_list("email", flat=True)) == ["door@example.org"]
    assert "No demo edition" in out.getvalue()


def test_attendees_anonymise_removes_people_of_old_editions_and_keeps_counts():
    old = EditionFactory(year=2025)
    recent = EditionFactory(year=2026)
    staff = UserFactory(is_staff=True)
    guest = UserFactory(email="guest@example.org")  # never signed in: deleted with its RSVP
    member = UserFactory(email="member@example.org", last_login=NOW)  # keeps the account
    checked = RsvpFactory(
        edition=old,
        user=guest,
        party_size=3,
        status="checked_in",
        checked_in_at=dt.datetime(2025, 7, 14, 1, tzinfo=dt.UTC),
        checked_in_by=staff,
        needs_wheelchair=True,
        other_needs="Hearing loop",
    )
    kept_account = RsvpFactory(edition=old, user=member, party_size=2)
    current = RsvpFactory(edition=recent, user=UserFactory(), needs_sign_language=True)
    Reminder.objects.create(
        kind="edition_day_before", key="k1", recipient=member, edition=old, due_at=NOW
    )

    counts = attendees_anonymise(older_than_days=180, now=NOW)

    checked.refresh_from_db()
    assert counts == {"editions": 1, "rsvps": 2, "accounts": 1}
    assert (checked.user, checked.checked_in_by, checked.needs_wheelchair, checked.other_needs) == (
        None,
        None,
        False,
        "",
    )
    assert (checked.party_size, checked.status, checked.checked_in_at, checked.anonymised_at) == (
        3,
        "checked_in",
        dt.datetime(2025, 7, 14, 1, tzinfo=dt.UTC),
        NOW,
    )
    assert Rsvp.objects.get(pk=kept_account.pk).user is None
    assert not User.objects.filter(email="guest@example.org").exists()
    assert User.objects.filter(email="member@example.org").exists()
    assert Rsvp.objects.get(pk=current.pk).needs_sign_language is True
    assert Reminder.objects.get(key="k1").recipient is None


def test_attendees_anonymise_inside_retention_changes_nothing():
    edition = EditionFactory(year=2025)
    rsvp = RsvpFactory(edition=edition, other_needs="x")

    counts = attendees_anonymise(older_than_days=365, now=NOW)

    assert counts == {"editions": 0, "rsvps": 0, "accounts": 0}
    assert Rsvp.objects.get(pk=rsvp.pk).other_needs == "x"


def test_anonymise_command_uses_the_setting_and_dry_run(settings):
    settings.ATTENDEE_RETENTION_DAYS = 1
    rsvp = RsvpFactory(edition=EditionFactory(year=2025))
    out = StringIO()

    call_command("anonymise_attendees", "--dry-run", stdout=out)
    assert Rsvp.objects.get(pk=rsvp.pk).user is not None
    call_command("anonymise_attendees", stdout=out)

    assert "Would anonymise 1 RSVPs of 1 editions" in out.getvalue()
    assert "Anonymised 1 RSVPs of 1 editions; 1 accounts deleted." in out.getvalue()
    assert Rsvp.objects.get(pk=rsvp.pk).user is None
