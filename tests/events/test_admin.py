import datetime as dt

import pytest
from django.urls import reverse

from events.models import AuditEntry, Edition, ProgramItem, Stage
from events.privacy import Visibility
from events.signals import program_item_withdrawn
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    StageFactory,
    UserFactory,
    seoul,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

CSV, XLSX = 0, 1


def _item_form(edition, stage, start, end, **extra):
    data = {
        "edition": edition.pk,
        "stage": stage.pk,
        "kind": "talk",
        "title_ko": "대담",
        "title_en": "Talk",
        "description_ko": "",
        "description_en": "",
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": start.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%Y-%m-%d"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "capacity": "",
        "is_published": "on",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "appearances-MIN_NUM_FORMS": "0",
        "appearances-MAX_NUM_FORMS": "1000",
        # The running order's inline (events/live/admin.py), left empty.
        "segments-TOTAL_FORMS": "0",
        "segments-INITIAL_FORMS": "0",
        "segments-MIN_NUM_FORMS": "0",
        "segments-MAX_NUM_FORMS": "1000",
    }
    data.update(extra)
    return data


def test_admin_add_item_with_performer_saves_through_service(client, organiser, edition):
    hall = edition.stages.get(name_ko="대강당")
    singer = PerformerFactory(display_name="가수")

    response = client.post(
        reverse("admin:events_programitem_add"),
        _item_form(
            edition,
            hall,
            seoul(edition, 10),
            seoul(edition, 11),
            **{
                "appearances-TOTAL_FORMS": "1",
                "appearances-0-performer": singer.pk,
                "appearances-0-role_ko": "노래",
                "appearances-0-role_en": "Vocals",
                "appearances-0-order": "1",
            },
        ),
    )

    assert response.status_code == 302
    item = ProgramItem.objects.get()
    assert list(item.appearances.values_list("performer__display_name", "role_ko")) == [
        ("가수", "노래")
    ]


def test_admin_add_overlapping_item_shows_error_and_saves_nothing(client, organiser, edition):
    hall = edition.stages.get(name_ko="대강당")
    ProgramItemFactory(
        edition=edition,
        stage=hall,
        title_ko="추모식",
        title_en="Memorial",
        starts_at=seoul(edition, 10),
    )

    response = client.post(
        reverse("admin:events_programitem_add"),
        _item_form(edition, hall, seoul(edition, 10, 30), seoul(edition, 11, 30)),
    )

    assert response.status_code == 200
    assert (
        "The stage is already booked for “Memorial” from 10:00 AM to 11:00 AM."
        in response.content.decode()
    )
    assert ProgramItem.objects.count() == 1


def test_admin_add_item_with_double_booked_performer_shows_error(client, organiser, edition):
    hall, outdoor = edition.stages.order_by("order")
    choir = PerformerFactory(display_name="합창단")
    AppearanceFactory(
        performer=choir,
        item=ProgramItemFactory(
            edition=edition,
            stage=hall,
            title_ko="합창",
            title_en="Choir",
            starts_at=seoul(edition, 10),
        ),
    )

    response = client.post(
        reverse("admin:events_programitem_add"),
        _item_form(
            edition,
            outdoor,
            seoul(edition, 10, 30),
            seoul(edition, 11, 30),
            **{
                "appearances-TOTAL_FORMS": "1",
                "appearances-0-performer": choir.pk,
                "appearances-0-order": "0",
            },
        ),
    )

    assert response.status_code == 200
    message = "합창단 is already booked for “Choir” from 10:00 AM to 11:00 AM."
    assert message in response.content.decode()
    assert ProgramItem.objects.count() == 1


def test_admin_add_item_stage_from_other_edition_shows_error(client, organiser, edition):
    other = StageFactory(edition=EditionFactory(year=2024))

    response = client.post(
        reverse("admin:events_programitem_add"),
        _item_form(edition, other, seoul(edition, 10), seoul(edition, 11)),
    )

    assert response.status_code == 200
    assert "This stage belongs to another edition." in response.content.decode()
    assert ProgramItem.objects.count() == 0


def test_admin_unpublish_action_goes_through_service(
    client, organiser, edition, django_capture_on_commit_callbacks
):
    item = ProgramItemFactory(edition=edition, is_published=True)
    withdrawn = []

    def receiver(sender, *, item, **kwargs):
        withdrawn.append(item.pk)

    program_item_withdrawn.connect(receiver)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(
            reverse("admin:events_programitem_changelist"),
            {
                "action": "unpublish",
                "_selected_action": [item.pk],
            },
        )

    item.refresh_from_db()
    assert item.is_published is False
    program_item_withdrawn.disconnect(receiver)
    assert len(callbacks) == 1  # the cache bump; the withdrawal is announced inside the transaction
    assert withdrawn == [item.pk]


def test_admin_copy_edition_view_copies_to_new_year(client, organiser, edition):
    hall = edition.stages.get(name_ko="대강당")
    item = ProgramItemFactory(
        edition=edition, stage=hall, title_ko="추모식", starts_at=seoul(edition, 10)
    )
    AppearanceFactory(item=item, performer=PerformerFactory(display_name="낭독자"))

    response = client.post(
        reverse("admin:events_edition_copy", args=[edition.pk]),
        {"year": 2026, "ordinal": 3, "title_ko": "제3회 북한이탈주민의 날", "title_en": "Day 3"},
    )

    copy = Edition.objects.get(year=2026)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_edition_change", args=[copy.pk])
    assert copy.date == dt.date(2026, 7, 14)
    assert copy.is_published is False
    assert list(copy.stages.values_list("name_ko", flat=True)) == ["대강당", "야외무대"]
    copied = copy.items.get()
    assert (copied.title_ko, copied.starts_at, copied.stage.edition_id) == (
        "추모식",
        seoul(dt.date(2026, 7, 14), 10),
        copy.pk,
    )
    assert list(copied.appearances.values_list("performer__display_name", flat=True)) == ["낭독자"]


def test_admin_copy_edition_to_existing_year_shows_error(client, organiser, edition):
    EditionFactory(year=2026)

    response = client.post(
        reverse("admin:events_edition_copy", args=[edition.pk]),
        {"year": 2026, "ordinal": 9, "title_ko": "제9회 북한이탈주민의 날"},
    )

    assert response.status_code == 200
    assert "There is already an edition for 2026." in response.content.decode()
    assert Stage.objects.filter(edition__year=2026).count() == 0


def test_admin_copy_action_redirects_to_the_copy_form(client, organiser, edition):
    response = client.post(
        reverse("admin:events_edition_changelist"),
        {
            "action": "copy_to_year",
            "_selected_action": [edition.pk],
        },
    )

    assert response["Location"] == reverse("admin:events_edition_copy", args=[edition.pk])


def test_admin_timeline_shows_stages_side_by_side(client, organiser, edition):
    hall, outdoor = edition.stages.order_by("order")
    ProgramItemFactory(edition=edition, stage=hall, title_ko="추모식", starts_at=seoul(edition, 10))
    ProgramItemFactory(
        edition=edition,
        stage=outdoor,
        title_ko="공연",
        starts_at=seoul(edition, 11),
        is_published=False,
    )

    response = client.get(reverse("admin:events_edition_timeline", args=[edition.pk]))

    slots = [
        (s["item"].title_ko, s["column"], s["row_start"], s["row_end"])
        for s in response.context["placed"]
    ]
    assert slots == [("추모식", 2, 2, 6), ("공연", 3, 6, 10)]
    body = response.content.decode()
    assert "Main hall" in body
    assert "Outdoor stage" in body
    assert "10:00 AM–11:00 AM Item" in body  # noqa: RUF001
    assert '">10:00 AM</div>' in body


def test_admin_performer_page_keeps_private_fields_collapsed(client, organiser):
    performer = PerformerFactory(legal_name="김비밀", visibility=Visibility.ANONYMOUS)

    body = client.get(
        reverse("admin:events_performer_change", args=[performer.pk])
    ).content.decode()

    assert 'class="module aligned collapse' in body or "<details" in body
    assert "김비밀" in body


@pytest.mark.parametrize("model", ["edition", "stage", "programitem", "performer", "auditentry"])
def test_admin_changelists_render_with_filters_and_search(client, organiser, edition, model):
    ProgramItemFactory(edition=edition)

    response = client.get(reverse(f"admin:events_{model}_changelist") + "?q=x")

    assert response.status_code == 200
    assert response.context["cl"].search_fields or model == "auditentry"


def test_staff_sign_in_is_audited_without_names(client):
    staff = UserFactory(email="staff@example.org", is_staff=True)
    attendee = UserFactory(email="guest@example.org")
    staff.emailaddress_set.create(email=staff.email, verified=True, primary=True)

    # Staff sign in through allauth (the admin's login page sends them there).
    client.post(
        "/en/accounts/login/",
        {"login": "staff@example.org", "password": "correct horse battery"},
    )
    client.logout()
    client.force_login(attendee)

    entries = list(AuditEntry.objects.values_list("action", "user_id", "object_id", "target"))
    assert entries == [("admin_login", staff.pk, str(staff.pk), "participants.User")]
