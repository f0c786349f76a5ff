import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.market.services import (
    stall_application_approve,
    stall_application_reject,
    stall_application_request_info,
    stall_application_save_draft,
    stall_application_submit,
    stall_application_waitlist,
    stall_application_withdraw,
    stall_assign,
    vendor_listing_set,
    vendor_profile_save,
)
from participants.models import Reminder, StallApplication, Vendor
from tests.factories import (
    EditionFactory,
    PermitFactory,
    StallApplicationFactory,
    StallFactory,
    UserFactory,
    VendorFactory,
    approved_application,
    seoul,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


# 1 June 2025, Seoul: a month and a half before the 2025 edition, applications open.
JUNE = dt.datetime(2025, 6, 1, 9, tzinfo=dt.UTC)
CRAFTS = {"sells_crafts": True, "stall_size": "standard", "note": "Embroidery"}


# --- profile and listing ---------------------------------------------------------------------


def test_vendor_profile_save_creates_then_updates_one_profile():
    user = UserFactory()
    fields = {"display_name_ko": "평양 순대", "visibility": "pseudonym", "legal_name": "김철수"}

    first = vendor_profile_save(owner=user, fields=fields)
    second = vendor_profile_save(
        owner=user, fields={**fields, "display_name_en": "Pyongyang Sundae"}
    )

    assert first.pk == second.pk
    assert Vendor.objects.get().display_name_en == "Pyongyang Sundae"
    assert (second.is_listed, second.listed_by) == (False, None)


def test_vendor_profile_save_refuses_an_empty_trading_name():
    with pytest.raises(ValidationError) as error:
        vendor_profile_save(owner=UserFactory(), fields={"display_name_ko": ""})

    assert "display_name_ko" in error.value.message_dict
    assert Vendor.objects.count() == 0


def test_vendor_profile_save_refuses_a_field_outside_the_profile():
    with pytest.raises(TypeError):
        vendor_profile_save(owner=UserFactory(), fields={"is_listed": True})


def test_vendor_listing_set_records_who_and_when():
    organiser = UserFactory(is_staff=True)
    vendor = VendorFactory(is_listed=False)

    vendor_listing_set(vendor=vendor, listed=True, by=organiser, now=JUNE)

    vendor.refresh_from_db()
    assert (vendor.is_listed, vendor.listed_by, vendor.listed_at) == (True, organiser, JUNE)


# --- the vendor's side of an application -----------------------------------------------------


def test_stall_application_save_draft_then_submit():
    edition = EditionFactory(year=2025)
    vendor = VendorFactory()

    draft = stall_application_save_draft(vendor=vendor, edition=edition, fields=CRAFTS, now=JUNE)
    submitted = stall_application_submit(application=draft, now=JUNE)

    assert (submitted.status, submitted.submitted_at, submitted.note) == (
        "submitted",
        JUNE,
        "Embroidery",
    )


def test_stall_application_save_draft_refuses_a_closed_edition():
    edition = EditionFactory(year=2025)
    late = seoul(edition, 0) - dt.timedelta(days=3)

    with pytest.raises(ValidationError) as error:
        stall_application_save_draft(
            vendor=VendorFactory(), edition=edition, fields=CRAFTS, now=late
        )

    assert error.value.messages == ["Stall applications for 2025 are closed."]
    assert StallApplication.objects.count() == 0


def test_stall_application_save_draft_refuses_an_unpublished_edition():
    edition = EditionFactory(year=2025, is_published=False)

    with pytest.raises(ValidationError):
        stall_application_save_draft(
            vendor=VendorFactory(), edition=edition, fields=CRAFTS, now=JUNE
        )


def test_stall_application_save_draft_refuses_no_category():
    with pytest.raises(ValidationError) as error:
        stall_application_save_draft(
            vendor=VendorFactory(),
            edition=EditionFactory(year=2025),
            fields={"stall_size": "small"},
            now=JUNE,
        )

    assert error.value.messages == ["Choose at least one category of goods."]


def test_stall_application_save_draft_twice_edits_the_one_application():
    edition = EditionFactory(year=2025)
    vendor = VendorFactory()
    stall_application_save_draft(vendor=vendor, edition=edition, fields=CRAFTS, now=JUNE)

    stall_application_save_draft(
        vendor=vendor, edition=edition, fields={**CRAFTS, "note": "Changed"}, now=JUNE
    )

    assert list(StallApplication.objects.values_list("note", flat=True)) == ["Changed"]


def test_stall_application_save_draft_refuses_a_submitted_application():
    application = StallApplicationFactory(edition=EditionFactory(year=2025), status="submitted")

    with pytest.raises(ValidationError) as error:
        stall_application_save_draft(
            vendor=application.vendor, edition=application.edition, fields=CRAFTS, now=JUNE
        )

    assert error.value.code == "not_editable"


def test_stall_application_second_for_the_same_edition_is_refused_by_the_database():
    from django.db import IntegrityError, transaction

    application = StallApplicationFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        StallApplicationFactory(vendor=application.vendor, edition=application.edition)


def test_stall_application_withdraw_frees_the_stall_and_cancels_the_day_before():
    application = approved_application()
    stall_assign(application=application, stall=StallFactory(stage__edition=application.edition))

    stall_application_withdraw(application=application)

    application.refresh_from_db()
    assert (application.status, application.stall) == ("withdrawn", None)
    assert dict(Reminder.objects.values_list("kind", "status")) == {
        "vendor_day_before": "cancelled",
        "vendor_stall_placed": "cancelled",
    }


def test_stall_application_withdrawn_reopens_as_a_draft():
    application = StallApplicationFactory(edition=EditionFactory(year=2025), status="withdrawn")

    reopened = stall_application_save_draft(
        vendor=application.vendor, edition=application.edition, fields=CRAFTS, now=JUNE
    )

    assert (reopened.pk, reopened.status) == (application.pk, "draft")


def test_stall_application_resubmit_after_information_request():
    application = StallApplicationFactory(
        edition=EditionFactory(year=2025), status="info_requested"
    )

    stall_application_save_draft(
        vendor=application.vendor, edition=application.edition, fields=CRAFTS, now=JUNE
    )
    resubmitted = stall_application_submit(application=application, now=JUNE)

    assert resubmitted.status == "submitted"


# --- the organisers' decisions ---------------------------------------------------------------


def test_stall_application_request_info_writes_the_reminder_with_the_note():
    organiser = UserFactory(is_staff=True)
    application = StallApplicationFactory(vendor__owner__preferred_language="en")

    stall_application_request_info(
        application=application, by=organiser, note="Send a photo of your stall.", now=JUNE
    )

    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.due_at, reminder.recipient, reminder.language) == (
        "vendor_application",
        JUNE,
        application.vendor.owner,
        "en",
    )
    assert reminder.context["status"] == "info_requested"
    assert reminder.context["organiser_note"] == "Send a photo of your stall."
    assert reminder.subject == application


def test_stall_application_request_info_needs_a_note():
    application = StallApplicationFactory()

    with pytest.raises(ValidationError):
        stall_application_request_info(application=application, by=UserFactory(), note=" ")

    assert Reminder.objects.count() == 0


def test_stall_application_each_decision_is_its_own_reminder():
    organiser = UserFactory(is_staff=True)
    application = StallApplicationFactory()

    stall_application_waitlist(application=application, by=organiser, note="Full for now", now=JUNE)
    Reminder.objects.update(status="sent")
    stall_application_approve(
        application=application, by=organiser, note="A stall freed up", now=JUNE
    )

    assert list(Reminder.objects.order_by("id").values_list("context__status", "status")) == [
        ("waitlisted", "sent"),
        ("approved", "pending"),
    ]


def test_stall_application_approve_food_needs_a_verified_food_report():
    application = StallApplicationFactory(sells_crafts=False, sells_food=True)
    PermitFactory(vendor=application.vendor, kind="food_report", status="pending")

    with pytest.raises(ValidationError) as error:
        stall_application_approve(application=application, by=UserFactory(), now=JUNE)

    assert error.value.messages == [
        "Food needs a verified temporary food business report (한시적 영업신고) valid on the day.",
        "Food needs a verified health certificate (보건증) valid on the day for each of the 1 "
        "people handling food; 0 on file.",
    ]
    application.refresh_from_db()
    assert application.status == "submitted"
    assert Reminder.objects.count() == 0


def test_stall_application_approve_with_an_expired_permit_is_refused():
    application = StallApplicationFactory(
        edition=EditionFactory(year=2025), sells_crafts=False, sells_liquor=True
    )
    PermitFactory(vendor=application.vendor, kind="liquor_licence", expires_on=dt.date(2025, 7, 1))

    with pytest.raises(ValidationError) as error:
        stall_application_approve(application=application, by=UserFactory(), now=JUNE)

    assert error.value.messages == [
        "Liquor needs a verified liquor sales licence (주류판매면허) valid on the day."
    ]


def test_stall_application_approve_food_and_liquor_with_valid_permits():
    application = StallApplicationFactory(sells_crafts=False, sells_food=True, sells_liquor=True)
    PermitFactory(vendor=application.vendor, kind="food_report")
    PermitFactory(vendor=application.vendor, kind="health_certificate")
    PermitFactory(vendor=application.vendor, kind="liquor_licence")
    organiser = UserFactory(is_staff=True)

    approved = stall_application_approve(application=application, by=organiser, now=JUNE)

    assert (approved.status, approved.decided_by, approved.decided_at) == (
        "approved",
        organiser,
        JUNE,
    )


def test_stall_application_approve_a_draft_is_refused():
    application = StallApplicationFactory(status="draft")

    with pytest.raises(ValidationError) as error:
        stall_application_approve(application=application, by=UserFactory())

    assert error.value.code == "bad_transition"


def test_stall_application_reject_after_placement_frees_the_stall():
    application = approved_application()
    stall_assign(application=application, stall=StallFactory(stage__edition=application.edition))

    stall_application_reject(application=application, by=UserFactory(), note="Sorry", now=JUNE)

    application.refresh_from_db()
    assert (application.status, application.stall_id) == ("rejected", None)
    assert dict(Reminder.objects.values_list("kind", "status")) == {
        "vendor_day_before": "cancelled",
        "vendor_stall_placed": "cancelled",
        "vendor_application": "pending",
    }


# --- placement -------------------------------------------------------------------------------


def test_stall_assign_schedules_the_day_before_with_stall_and_setup_time(settings):
    settings.REMINDER_OFFSETS = {**settings.REMINDER_OFFSETS, "vendor_day_before": 24}
    application = approved_application(edition=EditionFactory(year=2025))
    stall = StallFactory(stage__edition=application.edition, number=17, setup_at=dt.time(7, 30))

    stall_assign(application=application, stall=stall)

    reminder = Reminder.objects.get(kind="vendor_day_before")
    assert reminder.due_at == seoul(application.edition, 0) - dt.timedelta(hours=24)
    assert (reminder.context["stall_number"], reminder.context["setup_time"]) == (17, "오전 7:30")


def test_stall_assign_moving_reschedules_the_one_reminder():
    application = approved_application()
    first = StallFactory(stage__edition=application.edition, number=1)
    second = StallFactory(stage=first.stage, number=2)
    stall_assign(application=application, stall=first)

    stall_assign(application=application, stall=second)

    day_before = Reminder.objects.filter(kind="vendor_day_before")
    assert list(day_before.values_list("context__stall_number", "status")) == [(2, "pending")]


def test_stall_assign_refuses_a_taken_stall():
    first = approved_application()
    second = approved_application(edition=first.edition)
    stall = StallFactory(stage__edition=first.edition)
    stall_assign(application=first, stall=stall)

    with pytest.raises(ValidationError) as error:
        stall_assign(application=second, stall=stall)

    assert error.value.messages == [f"Stall {stall.number} is already taken."]


def test_stall_assign_refuses_the_wrong_zone_and_missing_services():
    application = approved_application(
        sells_crafts=False, sells_food=True, needs_power=True, needs_water=True, stall_size="large"
    )
    stall = StallFactory(stage__edition=application.edition, zone="clothing", size="small")

    with pytest.raises(ValidationError) as error:
        stall_assign(application=application, stall=stall)

    assert error.value.messages == [
        "The stall is in the Clothing zone, which does not suit these goods.",
        "The stall is smaller than the size asked for.",
        "The stall has no electricity.",
        "The stall has no water.",
    ]


def test_stall_assign_refuses_a_stall_of_another_edition():
    application = approved_application()
    stall = StallFactory(stage__edition=EditionFactory(year=2024))

    with pytest.raises(ValidationError) as error:
        stall_assign(application=application, stall=stall)

    assert error.value.messages == ["The stall belongs to another edition."]


def test_stall_assign_refuses_an_application_not_approved():
    application = StallApplicationFactory()

    with pytest.raises(ValidationError) as error:
        stall_assign(
            application=application, stall=StallFactory(stage__edition=application.edition)
        )

    assert error.value.code == "not_approved"


def test_stall_two_approved_applications_on_one_stall_refused_by_the_database():
    from django.db import IntegrityError, transaction

    first = approved_application()
    stall = StallFactory(stage__edition=first.edition)
    StallApplication.objects.filter(pk=first.pk).update(stall=stall)
    second = approved_application(edition=first.edition)

    with pytest.raises(IntegrityError), transaction.atomic():
        StallApplication.objects.filter(pk=second.pk).update(stall=stall)


def test_stall_held_only_by_an_approved_application_in_the_database():
    from django.db import IntegrityError, transaction

    application = StallApplicationFactory(status="submitted")
    stall = StallFactory(stage__edition=application.edition)

    with pytest.raises(IntegrityError), transaction.atomic():
        StallApplication.objects.filter(pk=application.pk).update(stall=stall)
