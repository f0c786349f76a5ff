"""Opt-outs are kept only as a keyed hash of the address; the dispatcher asks them per batch in
one query, whatever the number of rows or of opt-outs."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from events.models import SEOUL
from participants.models import Reminder, ReminderOptOut
from participants.outbox.models import opt_out_hash
from participants.outbox.services import reminders_claim_due, reminders_dispatch
from tests.factories import ReminderFactory, UserFactory

NOW = dt.datetime(2025, 7, 13, 10, tzinfo=SEOUL)


def opt_out(email: str, kind: str = "edition_day_before") -> ReminderOptOut:
    return ReminderOptOut.objects.create(email_hash=opt_out_hash(email), kind=kind)


@pytest.mark.django_db
def test_dispatch_cancels_a_guest_address_that_unsubscribed_whatever_its_case():
    opt_out("Guest@Example.org ")
    guest = ReminderFactory(
        recipient=None, recipient_email="GUEST@example.org", kind="edition_day_before", due_at=NOW
    )
    other = ReminderFactory(recipient=None, recipient_email="other@example.org", due_at=NOW)

    queued = reminders_dispatch(now=NOW)

    assert queued == 1
    assert dict(Reminder.objects.values_list("pk", "status")) == {
        guest.pk: "cancelled",
        other.pk: "pending",
    }
    guest.refresh_from_db()
    assert guest.last_error == "받는 사람이 수신을 거부했습니다."


@pytest.mark.django_db
def test_dispatch_queues_the_rest_when_a_whole_batch_was_unsubscribed(settings):
    settings.REMINDER_DISPATCH_BATCH_SIZE = 2
    quiet = UserFactory(email="quiet@example.org")
    for minutes in (3, 2):
        ReminderFactory(
            recipient=quiet, kind="announcement", due_at=NOW - dt.timedelta(minutes=minutes)
        )
    opt_out("quiet@example.org", "announcement")
    later = ReminderFactory(due_at=NOW - dt.timedelta(minutes=1))

    queued = reminders_dispatch(now=NOW)

    assert queued == 1
    assert Reminder.objects.get(pk=later.pk).queued_at == NOW


@pytest.mark.django_db
@pytest.mark.parametrize("people", [2, 40])
def test_claim_asks_the_opt_outs_in_one_query_whatever_the_numbers(
    people, django_assert_max_num_queries
):
    for n in range(people):
        user = UserFactory(email=f"person{n}@example.org")
        ReminderFactory(recipient=user, kind="edition_day_before", due_at=NOW)
        ReminderFactory(recipient=None, recipient_email=f"guest{n}@example.org", due_at=NOW)
        if n % 2:
            opt_out(f"person{n}@example.org")
            opt_out(f"guest{n}@example.org")

    # Select the batch, ask the opt-outs, cancel the unsubscribed, stamp the rest; and the
    # savepoint's two statements (the test runs inside a transaction).
    with django_assert_max_num_queries(6):
        ids = reminders_claim_due(now=NOW, limit=500)

    assert len(ids) == people
    assert Reminder.objects.filter(status="cancelled").count() == people


# --- the migration that erased the plain addresses --------------------------------------------

BEFORE = [("participants", "0016_product_photos_private")]
AFTER = [("participants", "0017_opt_out_email_hash")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_opt_outs_as_keyed_hashes_and_erases_the_addresses():
    old = _migrate(BEFORE)
    OldOptOut = old.get_model("participants", "ReminderOptOut")
    OldOptOut.objects.create(email="quiet@example.org", kind="announcement")
    OldOptOut.objects.create(email="Quiet@Example.org", kind="announcement")  # the same person
    OldOptOut.objects.create(email="quiet@example.org", kind="edition_day_before")
    OldOptOut.objects.create(email="other@example.org", kind="announcement")

    try:
        new = _migrate(AFTER)
        NewOptOut = new.get_model("participants", "ReminderOptOut")
        rows = sorted(NewOptOut.objects.values_list("email_hash", "kind"))
        columns = [field.name for field in NewOptOut._meta.get_fields()]
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    assert rows == sorted(
        [
            (opt_out_hash("quiet@example.org"), "announcement"),
            (opt_out_hash("quiet@example.org"), "edition_day_before"),
            (opt_out_hash("other@example.org"), "announcement"),
        ]
    )
    assert "email" not in columns


@pytest.mark.django_db
def test_retention_panel_says_opt_outs_are_kept_only_as_a_keyed_hash(client):
    from tests.factories import EditionFactory

    EditionFactory(year=2027)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    korean = client.get("/admin/?edition=2027").content.decode()
    english = client.get("/en/admin/?edition=2027").content.decode()

    assert "수신 거부한 이메일 주소는 보관하지 않고" in korean
    assert "Unsubscribed email addresses are never kept: only a keyed hash of each" in english
