"""One path for a capacity change (events.services), whoever changes it: code, the admin form, the
CSV import. Raising it promotes the waiting list in the same transaction; lowering it below the
seats taken is refused with a message on the capacity field. These run on SQLite and on
PostgreSQL (CI runs the suite on both)."""

import datetime as dt
import io

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse

from events import services
from events.models import Edition, ProgramItem
from participants.models import Reminder, Rsvp, WaitlistOffer
from tests.factories import EditionFactory, ProgramItemFactory, RsvpFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BELOW = "The capacity cannot be lower than the 3 seats already taken. Cancel or move RSVPs first."


@pytest.fixture
def edition():
    # A day still to come, so the waiting list may be promoted (nobody is promoted after it).
    return EditionFactory(year=dt.datetime.now(tz=dt.UTC).year + 2, capacity=3)


def _waiting(edition, item=None, party_size=1):
    return RsvpFactory(
        edition=edition,
        item=item,
        party_size=party_size,
        status=Rsvp.Status.WAITLISTED,
        waitlisted_at=dt.datetime.now(tz=dt.UTC),
    )


def _status(rsvp) -> str:
    return Rsvp.objects.values_list("status", flat=True).get(pk=rsvp.pk)


def test_program_item_update_raising_capacity_offers_seats_to_the_waiting_list(edition):
    item = ProgramItemFactory(edition=edition, capacity=2)
    RsvpFactory(edition=edition, item=item, party_size=2)
    first, second = _waiting(edition, item), _waiting(edition, item)

    services.program_item_update(item=item, capacity=3)

    assert (_status(first), _status(second)) == ("offered", "waitlisted")  # seats held for it
    offer = WaitlistOffer.objects.get(rsvp=first)
    assert Reminder.objects.filter(kind="waitlist_offer", subject_id=offer.pk).count() == 1


def test_program_item_update_to_no_limit_offers_seats_to_everyone_waiting(edition):
    item = ProgramItemFactory(edition=edition, capacity=1)
    RsvpFactory(edition=edition, item=item)
    first, second = _waiting(edition, item), _waiting(edition, item, party_size=3)

    services.program_item_update(item=item, capacity=None)

    assert (_status(first), _status(second)) == ("offered", "offered")


def test_edition_save_raising_capacity_offers_seats_to_the_waiting_list(edition):
    RsvpFactory(edition=edition, party_size=3)
    waiting = _waiting(edition, party_size=2)
    edition.capacity = 5

    services.edition_save(edition=edition)

    assert _status(waiting) == "offered"


def test_program_item_update_below_seats_taken_is_refused_on_the_capacity_field(edition):
    item = ProgramItemFactory(edition=edition, capacity=5)
    RsvpFactory(edition=edition, item=item, party_size=3)

    with pytest.raises(ValidationError) as error:
        services.program_item_update(item=item, capacity=2)

    assert error.value.message_dict == {"capacity": [BELOW]}
    assert ProgramItem.objects.get(pk=item.pk).capacity == 5


def test_program_item_update_from_no_limit_below_seats_taken_is_refused(edition):
    item = ProgramItemFactory(edition=edition, capacity=None)
    Rsvp.objects.bulk_create(
        [Rsvp(edition=edition, item=item, user=UserFactory(), party_size=3, status="confirmed")]
    )

    with pytest.raises(ValidationError) as error:
        services.program_item_update(item=item, capacity=1)

    assert error.value.message_dict == {"capacity": [BELOW]}


def test_edition_save_below_seats_taken_is_refused_and_keeps_the_capacity(edition):
    RsvpFactory(edition=edition, party_size=3)
    edition.capacity = 2

    with pytest.raises(ValidationError) as error:
        services.edition_save(edition=edition)

    assert error.value.message_dict == {"capacity": [BELOW]}
    assert Edition.objects.get(pk=edition.pk).capacity == 3


def test_edition_save_down_to_the_seats_taken_is_accepted(edition):
    edition.capacity = 10
    services.edition_save(edition=edition)
    RsvpFactory(edition=edition, party_size=3)
    edition.capacity = 3

    services.edition_save(edition=edition)

    assert Edition.objects.get(pk=edition.pk).capacity == 3


def _admin_form(model, instance, data):
    model_admin = admin.site._registry[model]
    request = type("Request", (), {"user": UserFactory(is_staff=True, is_superuser=True)})()
    form_class = model_admin.get_form(request, instance, fields=["capacity"])
    return form_class(data, instance=instance)


def test_program_item_admin_form_below_seats_taken_shows_the_error_on_capacity(edition):
    item = ProgramItemFactory(edition=edition, capacity=5)
    RsvpFactory(edition=edition, item=item, party_size=3)

    too_low = _admin_form(ProgramItem, item, {"capacity": 2})
    enough = _admin_form(ProgramItem, item, {"capacity": 3})

    assert too_low.is_valid() is False
    assert too_low.errors == {"capacity": [BELOW]}
    assert enough.is_valid() is True


def test_edition_admin_form_below_seats_taken_shows_the_error_on_capacity(edition):
    RsvpFactory(edition=edition, party_size=3)

    form = _admin_form(Edition, edition, {"capacity": 1})

    assert form.is_valid() is False
    assert form.errors == {"capacity": [BELOW]}


def test_programme_admins_are_not_patched_by_another_app():
    # The capacity rule once lived in a monkey-patch of these admins by participants.
    for model in (Edition, ProgramItem):
        model_admin = admin.site._registry[model]
        assert {"get_form", "save_model", "save_related"} & set(vars(model_admin)) == set()


HEADER = (
    "id,edition,stage,kind,title_ko,title_en,description_ko,description_en,"
    "starts_at,ends_at,capacity,is_published"
)


def _import(client, item, capacity: int):
    start, end = (
        item.starts_at.astimezone(dt.timezone(dt.timedelta(hours=9))).strftime("%Y-%m-%d %H:%M"),
        item.ends_at.astimezone(dt.timezone(dt.timedelta(hours=9))).strftime("%Y-%m-%d %H:%M"),
    )
    row = (
        f"{item.pk},{item.edition.year},{item.stage.name_ko},talk,{item.title_ko},"
        f"{item.title_en},,,{start},{end},{capacity},1"
    )
    upload = io.BytesIO(f"{HEADER}\n{row}\n".encode())
    upload.name = "items.csv"
    preview = client.post(
        reverse("admin:events_programitem_import"), {"format": 0, "import_file": upload}
    )
    confirm_form = preview.context.get("confirm_form") if preview.context else None
    if confirm_form is None:
        return preview
    return client.post(reverse("admin:events_programitem_process_import"), {**confirm_form.initial})


def test_program_item_import_raising_capacity_offers_seats_to_the_waiting_list(client, edition):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    item = ProgramItemFactory(edition=edition, capacity=1)
    RsvpFactory(edition=edition, item=item)
    waiting = _waiting(edition, item)

    response = _import(client, item, capacity=2)

    assert response.status_code == 302
    assert ProgramItem.objects.get(pk=item.pk).capacity == 2
    assert _status(waiting) == "offered"


def test_program_item_import_below_seats_taken_is_refused_with_the_message(client, edition):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    item = ProgramItemFactory(edition=edition, capacity=5)
    RsvpFactory(edition=edition, item=item, party_size=3)

    response = _import(client, item, capacity=2)

    assert BELOW in response.content.decode()
    assert ProgramItem.objects.get(pk=item.pk).capacity == 5
