import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from events.models import AuditEntry, Edition
from participants.accounts.services import attendees_anonymise
from participants.models import Reminder, Rsvp, User, WaitlistOffer
from tests.factories import EditionFactory, ProgramItemFactory, RsvpFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


CHANGELIST = "/en/admin/participants/rsvp/"
IMPORT = "/en/admin/participants/rsvp/import-guests/"


@pytest.fixture
def edition():
    # Next year's: waiting lists are promoted only before the day ends.
    return EditionFactory(year=timezone.now().year + 1, capacity=10, max_party_size=4)


def csv_upload(rows, *, encoding="utf-8-sig", name="guests.csv"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode(encoding), "text/csv")


def import_guests(client, edition, upload, item=None):
    return client.post(
        IMPORT, {"edition": edition.pk, "item": item.pk if item else "", "file": upload}
    )


# --- changelist -----------------------------------------------------------------------------------


def test_changelist_shows_seat_totals_for_the_filtered_list(client, organiser, edition):
    item = ProgramItemFactory(edition=edition, capacity=5)
    RsvpFactory(edition=edition, party_size=3)
    RsvpFactory(edition=edition, party_size=2, status="checked_in", checked_in_at=timezone.now())
    RsvpFactory(edition=edition, party_size=4, status="waitlisted", waitlisted_at=timezone.now())
    RsvpFactory(edition=edition, item=item, party_size=1)

    everything = client.get(CHANGELIST).content.decode()
    day_only = client.get(CHANGELIST + "?item__isnull=True").content.decode()
    checked = client.get(CHANGELIST + "?checked_in=yes").content.decode()

    assert "confirmed 6 · waiting 4 · checked in 2 (4 RSVPs)" in everything
    assert "confirmed 5 · waiting 4 · checked in 2 (3 RSVPs)" in day_only
    assert "confirmed 2 · waiting 0 · checked in 2 (1 RSVP)" in checked


def test_changelist_access_needs_filter(client, organiser, edition):
    wheel = RsvpFactory(edition=edition, needs_wheelchair=True)
    other = RsvpFactory(edition=edition, other_needs="Step-free route")
    RsvpFactory(edition=edition)

    wheelchair = client.get(CHANGELIST + "?needs=wheelchair")
    any_need = client.get(CHANGELIST + "?needs=any")

    assert [r.pk for r in wheelchair.context["cl"].result_list] == [wheel.pk]
    assert sorted(r.pk for r in any_need.context["cl"].result_list) == sorted([wheel.pk, other.pk])


# --- editing through the rule ---------------------------------------------------------------


def test_admin_add_rsvp_when_full_waitlists(client, organiser, edition):
    RsvpFactory(edition=edition, party_size=4)
    RsvpFactory(edition=edition, party_size=4)
    guest = UserFactory()

    response = client.post(
        CHANGELIST + "add/",
        {"user": guest.pk, "edition": edition.pk, "item": "", "party_size": 3, "other_needs": ""},
    )

    assert response.status_code == 302
    rsvp = Rsvp.objects.get(user=guest)
    assert (rsvp.status, rsvp.party_size) == (Rsvp.Status.WAITLISTED, 3)


def test_admin_add_rsvp_party_too_large_shows_error(client, organiser, edition):
    guest = UserFactory()

    response = client.post(
        CHANGELIST + "add/",
        {"user": guest.pk, "edition": edition.pk, "item": "", "party_size": 9, "other_needs": ""},
    )

    assert response.status_code == 200
    assert "You can book at most 4 seats (yourself and guests)." in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_admin_change_party_size_beyond_capacity_is_refused(client, organiser, edition):
    RsvpFactory(edition=edition, party_size=4)
    RsvpFactory(edition=edition, party_size=4)
    rsvp = RsvpFactory(edition=edition, party_size=1)

    response = client.post(
        f"{CHANGELIST}{rsvp.pk}/change/",
        {"party_size": 4, "status": "confirmed", "other_needs": ""},
    )

    assert response.status_code == 200
    assert "Not enough seats: 8 of 10 are taken by others" in response.content.decode()
    assert Rsvp.objects.get(pk=rsvp.pk).party_size == 1


def test_admin_change_smaller_party_promotes_the_waiting_list(client, organiser, edition):
    big = RsvpFactory(edition=edition, party_size=4)
    RsvpFactory(edition=edition, party_size=4)
    RsvpFactory(edition=edition, party_size=2)
    waiting = RsvpFactory(
        edition=edition, party_size=2, status="waitlisted", waitlisted_at=timezone.now()
    )

    response = client.post(
        f"{CHANGELIST}{big.pk}/change/",
        {"party_size": 2, "status": "confirmed", "other_needs": ""},
    )

    assert response.status_code == 302
    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.OFFERED
    offer = WaitlistOffer.objects.get(rsvp=waiting)
    assert Reminder.objects.filter(kind="waitlist_offer", subject_id=offer.pk).count() == 1


def test_admin_cancel_action_promotes(client, organiser, edition):
    Edition.objects.filter(pk=edition.pk).update(capacity=1)
    seated = RsvpFactory(edition=edition)
    waiting = RsvpFactory(edition=edition, status="waitlisted", waitlisted_at=timezone.now())

    client.post(CHANGELIST, {"action": "cancel_selected", "_selected_action": [seated.pk]})

    assert Rsvp.objects.get(pk=seated.pk).status == Rsvp.Status.CANCELLED
    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.OFFERED
    assert Reminder.objects.get(kind="rsvp_cancelled", subject_id=seated.pk).context == {
        "reason": "organiser"
    }


def test_admin_user_delete_releases_seats(client, organiser, edition):
    Edition.objects.filter(pk=edition.pk).update(capacity=1)
    person = UserFactory()
    RsvpFactory(edition=edition, user=person)
    waiting = RsvpFactory(edition=edition, status="waitlisted", waitlisted_at=timezone.now())

    response = client.post(f"/en/admin/participants/user/{person.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert Rsvp.objects.get(pk=waiting.pk).status == Rsvp.Status.OFFERED


def test_admin_user_add_with_email_only(client, organiser):
    response = client.post(
        "/en/admin/participants/user/add/",
        {
            "email": "staff.member@example.org",
            "name": "Staff Member",
            "preferred_language": "en",
            "usable_password": "true",
            "password1": "a long and unusual passphrase 7",
            "password2": "a long and unusual passphrase 7",
        },
    )

    assert response.status_code == 302
    user = User.objects.get(email="staff.member@example.org")
    assert (user.name, user.preferred_language) == ("Staff Member", "en")


# --- import of invited guests ---------------------------------------------------------------------


def test_import_csv_with_bom_creates_users_and_confirmed_rsvps(client, organiser, edition):
    upload = csv_upload(
        [
            ["email", "name", "party_size", "language"],
            ["Ambassador@Embassy.example", "H.E. Jane Doe", "2", "en"],
            ["press@news.example", "김기자", "1", "ko"],
        ]
    )

    response = import_guests(client, edition, upload)

    assert response.status_code == 302
    rows = Rsvp.objects.filter(edition=edition).order_by("user__email")
    assert [(r.user.email, r.user.name, r.party_size, r.status) for r in rows] == [
        ("ambassador@embassy.example", "H.E. Jane Doe", 2, "confirmed"),
        ("press@news.example", "김기자", 1, "confirmed"),
    ]
    assert User.objects.get(email="ambassador@embassy.example").preferred_language == "en"
    entry = AuditEntry.objects.get(action="import")
    assert (entry.user, entry.row_count, entry.target) == (organiser, 2, "participants.Rsvp")


def test_import_cp949_csv_with_korean_headers(client, organiser, edition):
    upload = csv_upload(
        [["이메일", "이름", "인원"], ["guest@example.org", "홍길동", "3"]], encoding="cp949"
    )

    response = import_guests(client, edition, upload)

    assert response.status_code == 302
    rsvp = Rsvp.objects.get()
    assert (rsvp.user.name, rsvp.party_size) == ("홍길동", 3)


def test_import_xlsx_for_an_item(client, organiser, edition):
    item = ProgramItemFactory(edition=edition, capacity=5)
    workbook = openpyxl.Workbook()
    workbook.active.append(["email", "name", "party_size"])
    workbook.active.append(["guest@example.org", "Guest", 2])
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("guests.xlsx", data.getvalue())

    response = import_guests(client, edition, upload, item=item)

    assert response.status_code == 302
    assert Rsvp.objects.get().item == item


def test_import_bad_emails_and_duplicates_imports_nothing(client, organiser, edition):
    upload = csv_upload(
        [
            ["email", "name"],
            ["good@example.org", "Good"],
            ["not-an-email", "Bad"],
            ["GOOD@example.org", "Twice"],
            ["=cmd|' /C calc'!A0", "Formula"],
        ]
    )

    response = import_guests(client, edition, upload)

    content = response.content.decode()
    assert response.status_code == 400
    assert "Row 3: “not-an-email” is not a valid email address." in content
    assert "Row 4: good@example.org is already on row 2." in content
    assert "Row 5:" in content
    assert (Rsvp.objects.count(), User.objects.count()) == (0, 1)


def test_import_guest_already_booked_or_too_many_seats_imports_nothing(client, organiser, edition):
    RsvpFactory(edition=edition, user=UserFactory(email="booked@example.org"), party_size=4)
    RsvpFactory(edition=edition, party_size=4)
    upload = csv_upload(
        [["email", "party_size"], ["booked@example.org", "1"], ["new@example.org", "3"]]
    )

    response = import_guests(client, edition, upload)

    content = response.content.decode()
    assert "Row 2: booked@example.org already has a booking for this." in content
    assert "The guests need 4 seats but only 2 are free." in content
    assert Rsvp.objects.count() == 2
    assert not User.objects.filter(email="new@example.org").exists()


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"", "The submitted file is empty."),
        (
            b"\xff\xfe\x00garbage\xa0\xa1\xff",
            "The file is neither UTF-8 nor CP949 (Korean Excel) text. Save it as CSV UTF-8.",
        ),
        (b"name,phone\nA,1\n", "The first row must name the columns, with at least “email”."),
        (b"email\n", "The file has no guests."),
        (b"email,party_size\na@example.org,0\n", "Row 2: the number of people must be between 1"),
        (b"email,language\na@example.org,fr\n", "Row 2: the language must be “ko” or “en”."),
    ],
)
def test_import_bad_files_get_a_clear_message(client, organiser, edition, payload, message):
    response = import_guests(client, edition, SimpleUploadedFile("g.csv", payload))

    assert response.status_code == 400
    assert message in response.content.decode()
    assert Rsvp.objects.count() == 0


def test_import_broken_xlsx_gets_a_clear_message(client, organiser, edition):
    upload = SimpleUploadedFile("g.xlsx", b"PK\x03\x04 this is not a workbook")

    response = import_guests(client, edition, upload)

    assert "The file is not a readable XLSX workbook." in response.content.decode()


# --- export ---------------------------------------------------------------------------------------


def test_export_needs_the_dedicated_permission(client, edition):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_rsvp", "change_rsvp"])
    )
    client.force_login(staff)
    RsvpFactory(edition=edition)

    page = client.get(CHANGELIST)
    response = client.post(CHANGELIST + "export/", {"format": "0", "resource": "0"})

    assert "export/" not in page.content.decode().split('id="changelist"')[0]
    assert response.status_code == 403
    assert AuditEntry.objects.filter(action="export").count() == 0


def test_export_escapes_formulas_lists_fields_and_is_audited(client, edition):
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_rsvp", "export_rsvp", "view_rsvp_private"])
    )
    client.force_login(staff)
    RsvpFactory(
        edition=edition,
        user=UserFactory(name='=HYPERLINK("x")', email="guest@example.org"),
        other_needs="+1 chair",
        party_size=2,
    )

    response = client.post(
        CHANGELIST + "export/",
        {
            "format": "0",
            "resource": "0",
            **{
                f"rsvpresource_{f}": "on"
                for f in (
                    "id",
                    "edition",
                    "item",
                    "name",
                    "email",
                    "party_size",
                    "status",
                    "needs_wheelchair",
                    "needs_sign_language",
                    "other_needs",
                    "checked_in_at",
                    "created_at",
                )
            },
        },
    )

    body = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == [
        "ID",
        "Edition",
        "Programme item",
        "Name",
        "Email",
        "Party size",
        "Status",
        "Wheelchair access",
        "Sign language interpretation",
        "Other access needs",
        "Checked in at",
        "Created at",
    ]
    assert rows[1][1:8] == [
        str(edition.year),
        "",
        '\'=HYPERLINK("x")',
        "guest@example.org",
        "2",
        "confirmed",
        "0",
    ]
    assert rows[1][9] == "'+1 chair"
    assert "ticket_code" not in body
    entry = AuditEntry.objects.get(action="export")
    assert (entry.action, entry.user, entry.row_count) == ("export", staff, 1)


def test_retention_keeps_counts_in_the_admin_totals(client, organiser):
    past = EditionFactory(year=2025, capacity=10)
    RsvpFactory(
        edition=past,
        party_size=3,
        status="checked_in",
        checked_in_at=dt.datetime(2025, 7, 14, tzinfo=dt.UTC),
    )

    attendees_anonymise(older_than_days=30, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    assert (
        "confirmed 3 · waiting 0 · checked in 3 (1 RSVP)" in client.get(CHANGELIST).content.decode()
    )
