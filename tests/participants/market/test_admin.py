import csv
import datetime as dt
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.urls import reverse
from import_export.formats.base_formats import CSV

from events.models import AuditEntry
from participants.market.services import stall_assign
from participants.models import Permit, Reminder, StallApplication, Vendor
from tests.factories import (
    MarketStageFactory,
    PermitFactory,
    ProductFactory,
    StallApplicationFactory,
    StallFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    open_market_edition,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _action(client, model: str, action: str, ids: list[int], note: str = ""):
    return client.post(
        reverse(f"admin:participants_{model}_changelist"),
        {"action": action, "_selected_action": [str(i) for i in ids], "note": note},
        follow=True,
    )


# --- review queue ----------------------------------------------------------------------------


def test_review_queue_shows_counts_per_status(organiser_client):
    edition = open_market_edition()
    StallApplicationFactory.create_batch(2, edition=edition, status="submitted")
    StallApplicationFactory(edition=edition, status="approved")

    response = organiser_client.get(reverse("admin:participants_stallapplication_changelist"))

    assert response.context["subtitle"] == (
        "Draft: 0 · Submitted: 2 · Information requested: 0 · Approved: 1 · Waiting list: 0 · "
        "Rejected: 0 · Withdrawn: 0"
    )


def test_review_queue_filters_by_status(organiser_client):
    edition = open_market_edition()
    waiting = StallApplicationFactory(edition=edition, status="submitted")
    StallApplicationFactory(edition=edition, status="rejected")

    response = organiser_client.get(
        reverse("admin:participants_stallapplication_changelist"), {"status__exact": "submitted"}
    )

    assert [a.pk for a in response.context["cl"].result_list] == [waiting.pk]


def test_bulk_approve_with_a_note_calls_the_service_and_reports_refusals(organiser_client):
    edition = open_market_edition()
    crafts = StallApplicationFactory(edition=edition)
    food = StallApplicationFactory(edition=edition, sells_crafts=False, sells_food=True)

    response = _action(
        organiser_client, "stallapplication", "approve", [crafts.pk, food.pk], note="Welcome!"
    )

    crafts.refresh_from_db()
    food.refresh_from_db()
    assert (crafts.status, crafts.organiser_note, crafts.decided_by) == (
        "approved",
        "Welcome!",
        organiser_client.user,
    )
    assert food.status == "submitted"
    assert list(Reminder.objects.values_list("subject_id", "context__status")) == [
        (crafts.pk, "approved")
    ]
    texts = [str(m) for m in response.context["messages"]]
    assert "Approved: 1." in texts
    assert any("temporary food business report" in t for t in texts)


@pytest.mark.parametrize(
    ("action", "status"),
    [("request_info", "info_requested"), ("waitlist", "waitlisted"), ("reject", "rejected")],
)
def test_bulk_decisions_write_the_vendor_reminder(organiser_client, action, status):
    application = StallApplicationFactory(edition=open_market_edition())

    _action(organiser_client, "stallapplication", action, [application.pk], note="See note")

    application.refresh_from_db()
    assert (application.status, application.organiser_note) == (status, "See note")
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.context["organiser_note"]) == ("vendor_application", "See note")


def test_review_queue_for_staff_without_permission_is_forbidden(client):
    client.force_login(UserFactory(is_staff=True))

    response = client.get(reverse("admin:participants_stallapplication_changelist"))

    assert response.status_code == 403


# --- permits ---------------------------------------------------------------------------------


def test_bulk_permit_verify_and_reject(organiser_client):
    good = PermitFactory(status="pending")
    bad = PermitFactory(status="pending")

    _action(organiser_client, "permit", "verify", [good.pk])
    _action(organiser_client, "permit", "reject", [bad.pk], note="Illegible")

    assert dict(Permit.objects.values_list("pk", "status")) == {
        good.pk: "verified",
        bad.pk: "rejected",
    }


def test_permit_change_page_links_the_scan_through_the_checked_view(organiser_client):
    permit = PermitFactory()

    response = organiser_client.get(reverse("admin:participants_permit_change", args=[permit.pk]))

    content = response.content.decode()
    assert reverse("participants:vendor_permit_scan", args=[permit.pk]) in content
    assert "/media/" not in content


# --- placement and plan ----------------------------------------------------------------------


def test_assign_view_offers_only_free_fitting_stalls_and_places(organiser_client):
    edition = open_market_edition()
    stage = MarketStageFactory(edition=edition)
    application = approved_application(edition=edition, needs_power=True)
    fitting = StallFactory(stage=stage, number=1, has_power=True)
    StallFactory(stage=stage, number=2, has_power=False)
    taken = StallFactory(stage=stage, number=3, has_power=True)
    stall_assign(application=approved_application(edition=edition), stall=taken)
    url = reverse("admin:participants_stallapplication_assign", args=[application.pk])

    offered = organiser_client.get(url).context["form"].fields["stall"].queryset
    organiser_client.post(url, {"stall": fitting.pk})

    assert list(offered) == [fitting]
    application.refresh_from_db()
    assert application.stall == fitting
    assert Reminder.objects.filter(kind="vendor_day_before", subject_id=application.pk).count() == 1


def test_assign_view_refuses_a_stall_taken_meanwhile(organiser_client):
    edition = open_market_edition()
    application = approved_application(edition=edition)
    stall = StallFactory(stage__edition=edition)
    url = reverse("admin:participants_stallapplication_assign", args=[application.pk])
    organiser_client.get(url)
    StallApplication.objects.filter(pk=approved_application(edition=edition).pk).update(stall=stall)

    response = organiser_client.post(url, {"stall": stall.pk})

    assert response.status_code == 200
    assert response.context["form"].errors["stall"]
    application.refresh_from_db()
    assert application.stall is None


def test_admin_stall_plan_shows_vendor_names_even_unlisted(organiser_client):
    edition = open_market_edition()
    application = approved_application(
        edition=edition, vendor=VendorFactory(display_name_en="Quiet Shop", is_listed=False)
    )
    stall_assign(application=application, stall=StallFactory(stage__edition=edition, number=5))

    response = organiser_client.get(reverse("admin:participants_stall_plan"))

    assert [(c["stall"].number, c["name"]) for c in response.context["layout"]["cells"]] == [
        (5, "Quiet Shop")
    ]
    assert "<svg" in response.content.decode()


def test_admin_stall_plan_is_for_staff_only(client):
    client.force_login(UserFactory())

    response = client.get(reverse("admin:participants_stall_plan"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_vendor_list_action_records_who_listed(organiser_client):
    vendor = VendorFactory(is_listed=False)

    _action(organiser_client, "vendor", "list_in_market", [vendor.pk])

    vendor.refresh_from_db()
    assert (vendor.is_listed, vendor.listed_by) == (True, organiser_client.user)


# --- export ----------------------------------------------------------------------------------


def _export(client):
    formats = admin.site._registry[Vendor].get_export_formats()
    fields = [
        "id",
        "display_name_ko",
        "display_name_en",
        "visibility",
        "is_listed",
        "no_photography",
        "application_status",
        "categories",
        "stall_number",
        "product_count",
    ]
    return client.post(
        reverse("admin:participants_vendor_export"),
        {
            "format": str(formats.index(CSV)),
            "resource": "0",
            **{f"vendorresource_{name}": "on" for name in fields},
        },
    )


def test_vendor_export_escapes_formulas_logs_and_leaves_private_fields_out(client):
    organiser = UserFactory(is_staff=True)
    organiser.user_permissions.add(
        Permission.objects.get(codename="view_vendor"),
        Permission.objects.get(codename="export_vendor"),
    )
    client.force_login(organiser)
    edition = open_market_edition()
    application = approved_application(
        edition=edition,
        vendor=VendorFactory(
            display_name_en="=HYPERLINK(1)", legal_name="Hidden Legal", contact_phone="010-5"
        ),
    )
    stall_assign(application=application, stall=StallFactory(stage__edition=edition, number=12))
    ProductFactory.create_batch(2, vendor=application.vendor)

    response = _export(client)

    content = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == 1
    assert rows[0]["Trading name (English)"] == "'=HYPERLINK(1)"
    assert (rows[0]["Application status"], rows[0]["Stall number"], rows[0]["Products"]) == (
        "approved",
        "12",
        "2",
    )
    assert "Hidden Legal" not in content
    assert "010-5" not in content
    assert list(
        AuditEntry.objects.filter(action="export").values_list(
            "action", "target", "row_count", "user"
        )
    ) == [("export", "participants.Vendor", 1, organiser.pk)]


def test_vendor_export_needs_the_dedicated_permission(client):
    organiser = UserFactory(is_staff=True)
    organiser.user_permissions.add(Permission.objects.get(codename="view_vendor"))
    client.force_login(organiser)
    VendorFactory()

    response = _export(client)

    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="export").count() == 0


def test_review_queue_lists_the_vendors_of_selected_applications(organiser_client):
    application = approved_application(vendor=VendorFactory(is_listed=False))

    _action(organiser_client, "stallapplication", "list_vendors", [application.pk])

    application.vendor.refresh_from_db()
    assert (application.vendor.is_listed, application.vendor.listed_by) == (
        True,
        organiser_client.user,
    )


def test_add_a_row_of_stalls(organiser_client):
    stage = MarketStageFactory(edition=open_market_edition())

    organiser_client.post(
        reverse("admin:participants_stall_add_range"),
        {
            "stage": stage.pk,
            "first": 1,
            "last": 12,
            "zone": "food",
            "size": "large",
            "has_power": "on",
            "setup_at": "07:30",
        },
    )

    assert list(stage.stalls.values_list("number", "zone", "has_power", "has_water")) == [
        (n, "food", True, False) for n in range(1, 13)
    ]


def test_add_a_row_of_stalls_refuses_numbers_in_use(organiser_client):
    stage = MarketStageFactory(edition=open_market_edition())
    StallFactory(stage=stage, number=5)

    response = organiser_client.post(
        reverse("admin:participants_stall_add_range"),
        {"stage": stage.pk, "first": 1, "last": 6, "zone": "general", "size": "small"},
    )

    assert response.context["form"].errors == {
        "first": ["These numbers are already used in this area: 5."]
    }
    assert list(stage.stalls.values_list("number", flat=True)) == [5]


def test_vendor_change_page_shows_applications_and_permits(organiser_client):
    application = approved_application()
    permit = PermitFactory(vendor=application.vendor, number="LIQ-99")

    response = organiser_client.get(
        reverse("admin:participants_vendor_change", args=[application.vendor.pk])
    )

    content = response.content.decode()
    assert "LIQ-99" in content
    assert reverse("participants:vendor_permit_scan", args=[permit.pk]) in content
    assert "Approved" in content


def test_admin_stall_list_links_the_plan_in_its_tools_not_its_title(organiser_client):
    response = organiser_client.get(reverse("admin:participants_stall_changelist"))

    content = response.content.decode()
    title = content[content.index("<title>") : content.index("</title>")]
    plan = reverse("admin:participants_stall_plan")
    assert "<a " not in title
    assert "&lt;a" not in title
    assert f'<a href="{plan}" class="viewlink">' in content


def test_application_permits_list_seals_number_and_scan_but_not_kind_expiry_or_status():
    application = approved_application()
    permit = PermitFactory(
        vendor=application.vendor,
        kind="liquor_licence",
        number="LIQ-99",
        expires_on=dt.date(2001, 1, 31),
    )
    model_admin = admin.site._registry[StallApplication]
    scan = reverse("participants:vendor_permit_scan", args=[permit.pk])
    kind = permit.get_kind_display()

    full = model_admin.permits_display(application)
    sealed = model_admin.permits_sealed(application)

    assert full == f'<ul><li><a href="{scan}">{kind}</a> LIQ-99 · 2001-01-31 (expired)</li></ul>'
    assert sealed == f"<ul><li>{kind} · 2001-01-31 (expired)</li></ul>"
    assert model_admin.permits_sealed(approved_application()) == "-"
