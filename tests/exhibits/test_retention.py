"""Lenders' private details go once every loan of theirs has been back for the set days; their
display name and consents stay, so credit lines do not change."""

import datetime as dt

import pytest

from events.common.retention import retention_apply
from events.models import SEOUL, AuditEntry
from exhibits.models import Lender
from tests.factories import ExhibitFactory, LenderFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 9, 1, 12, tzinfo=SEOUL)
RETURNED = dt.date(2026, 9, 1)


def _run(**kwargs):
    (result,) = retention_apply(now=NOW, kinds=["lenders"], days={"lenders": 365}, **kwargs)
    return result.counts["lenders"]


def test_lender_details_go_365_days_after_the_last_loan_came_back():
    lender = LenderFactory(display_name="봄비")
    ExhibitFactory(lender=lender, loan_received_on=dt.date(2026, 5, 1), loan_returned_on=RETURNED)

    assert _run(dry_run=True) == 1
    assert Lender.objects.get().legal_name != ""
    assert _run() == 1

    lender.refresh_from_db()
    assert (
        lender.legal_name,
        lender.contact_email,
        lender.contact_phone,
        lender.private_notes,
    ) == (
        "",
        "",
        "",
        "",
    )
    assert (lender.display_name, lender.consent_web) == ("봄비", True)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RETENTION, target="lenders")
    assert entry.row_count == 1
    assert "Secretlegal" not in str(entry.detail)


def test_lender_details_stay_the_day_before_and_while_a_loan_is_open():
    early = LenderFactory()
    ExhibitFactory(
        lender=early,
        loan_received_on=dt.date(2026, 5, 1),
        loan_returned_on=RETURNED + dt.timedelta(days=1),
    )
    still_lending = LenderFactory()
    ExhibitFactory(
        lender=still_lending, loan_received_on=dt.date(2026, 5, 1), loan_returned_on=RETURNED
    )
    ExhibitFactory(lender=still_lending, loan_received_on=dt.date(2026, 5, 1))

    assert _run() == 0
    assert Lender.objects.filter(legal_name="").count() == 0


def test_retention_panel_shows_each_kind_with_its_days(client, django_user_model):
    organiser = django_user_model.objects.create(
        email="boss@example.org", is_staff=True, is_superuser=True
    )
    from tests.factories import EditionFactory

    EditionFactory(year=2027)
    client.force_login(organiser)
    page = client.get("/admin/?edition=2027").content.decode()
    assert 'id="panel-retention"' in page
    for kind in ("attendees", "vendors", "performers", "lenders", "tributes"):
        assert kind in str(retention_apply(dry_run=True))
