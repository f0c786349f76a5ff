import datetime as dt

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation

from events.live.models import ProgrammeVersion
from events.live.services import programme_version_publish
from events.services import program_item_reschedule, program_item_set_published, program_item_update
from participants.models import Reminder
from participants.outbox.services import reminder_message
from tests.events.live.helpers import stage_day
from tests.factories import (
    AppearanceFactory,
    PerformerFactory,
    RsvpFactory,
    StageFactory,
    UserFactory,
    seoul,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
NOW = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)


def test_programme_version_publish_first_version_lists_every_item_as_added():
    edition, _stage, _items = stage_day()

    version = programme_version_publish(edition=edition, now=NOW)

    assert version.number == 1
    assert [(entry["change"], entry["title_ko"]) for entry in version.changelog] == [
        ("added", "추모식"),
        ("added", "대담"),
        ("added", "공연"),
    ]


def test_programme_version_publish_records_moved_cancelled_and_changed_with_old_and_new():
    edition, _stage, (ceremony, talk, concert) = stage_day()
    programme_version_publish(edition=edition, now=NOW)
    lawn = StageFactory(edition=edition, name_ko="야외무대", name_en="Lawn", order=2)
    program_item_reschedule(
        item=concert, starts_at=seoul(edition, 16), ends_at=seoul(edition, 17), stage=lawn
    )
    program_item_set_published(item=talk, is_published=False)
    program_item_update(item=ceremony, title_en="Memorial ceremony for the fallen")

    version = programme_version_publish(edition=edition, now=NOW)

    assert version.number == 2
    by_title = {entry["title_ko"]: entry for entry in version.changelog}
    assert by_title["공연"]["change"] == "moved"
    assert (by_title["공연"]["old"]["stage_ko"], by_title["공연"]["new"]["stage_ko"]) == (
        "대강당",
        "야외무대",
    )
    assert by_title["공연"]["old"]["starts_at"] == seoul(edition, 14).isoformat()
    assert by_title["공연"]["new"]["starts_at"] == seoul(edition, 16).isoformat()
    assert by_title["대담"]["change"] == "cancelled"
    assert by_title["추모식"]["change"] == "changed"
    assert by_title["추모식"]["fields"] == ["title_en"]


def test_programme_version_publish_without_changes_is_refused():
    edition, _stage, _items = stage_day()
    programme_version_publish(edition=edition, now=NOW)

    with pytest.raises(ValidationError) as error:
        programme_version_publish(edition=edition, now=NOW)

    assert error.value.messages == [
        "Nothing in the published programme has changed since version 1."
    ]
    assert ProgrammeVersion.objects.count() == 1


def test_programme_version_publish_unpublished_edition_is_refused():
    edition, _stage, _items = stage_day()
    edition.is_published = False
    edition.save()

    with pytest.raises(ValidationError) as error:
        programme_version_publish(edition=edition, now=NOW)

    assert error.value.messages == [
        "Publish the edition first: versions record changes to a published programme."
    ]


def test_programme_version_notices_one_email_per_person_for_several_changes():
    edition, _stage, (ceremony, talk, concert) = stage_day()
    programme_version_publish(edition=edition, now=NOW)
    booked_both = UserFactory(email="both@example.org", preferred_language="en")
    booked_one = UserFactory(email="one@example.org", preferred_language="ko")
    RsvpFactory(user=booked_both, edition=edition, item=ceremony)
    RsvpFactory(user=booked_both, edition=edition, item=concert)
    RsvpFactory(user=booked_one, edition=edition, item=concert)
    RsvpFactory(user=UserFactory(), edition=edition, item=talk)  # its item does not change
    RsvpFactory(user=UserFactory(), edition=edition, item=concert, status="cancelled")
    performer = PerformerFactory(contact_email="Choir@Example.org", preferred_language="ko")
    AppearanceFactory(item=ceremony, performer=performer)
    AppearanceFactory(item=concert, performer=performer)
    program_item_reschedule(item=ceremony, starts_at=seoul(edition, 9), ends_at=seoul(edition, 10))
    program_item_reschedule(item=concert, starts_at=seoul(edition, 15), ends_at=seoul(edition, 16))

    version = programme_version_publish(edition=edition, now=NOW)

    notices = Reminder.objects.filter(kind=Reminder.Kind.PROGRAMME_CHANGED).order_by("key")
    assert sorted((r.email, r.language, r.context["item_ids"]) for r in notices) == [
        ("both@example.org", "en", sorted([ceremony.pk, concert.pk])),
        ("choir@example.org", "ko", sorted([ceremony.pk, concert.pk])),
        ("one@example.org", "ko", [concert.pk]),
    ]
    assert {r.due_at for r in notices} == {NOW + dt.timedelta(seconds=60)}
    assert {r.subject for r in notices} == {version}


def test_programme_changed_email_says_what_changed_in_the_recipients_language():
    edition, _stage, (_ceremony, _talk, concert) = stage_day()
    programme_version_publish(edition=edition, now=NOW)
    user = UserFactory(email="reader@example.org", preferred_language="en")
    RsvpFactory(user=user, edition=edition, item=concert)
    program_item_reschedule(item=concert, starts_at=seoul(edition, 15), ends_at=seoul(edition, 16))
    programme_version_publish(edition=edition, now=NOW)
    reminder = Reminder.objects.get(kind=Reminder.Kind.PROGRAMME_CHANGED)

    with translation.override("ko"):
        message = reminder_message(reminder=reminder, now=NOW)

    assert message.subject == "The 2025 programme has changed for you"
    assert "- Moved: Concert\n  Before: 2:00 PM–3:00 PM · Main hall\n" in message.body  # noqa: RUF001
    assert "  Now: 3:00 PM–4:00 PM · Main hall\n" in message.body  # noqa: RUF001
    assert f"{settings.SITE_URL}/en/programme/changes/" in message.body
    assert "Memorial ceremony" not in message.body


def test_programme_changes_page_lists_versions_in_each_language(client):
    edition, _stage, (_ceremony, talk, _concert) = stage_day()
    programme_version_publish(edition=edition, now=NOW)
    program_item_set_published(item=talk, is_published=False)
    programme_version_publish(edition=edition, now=NOW)

    with translation.override("ko"):
        korean = client.get("/programme/changes/").content.decode()
    english = client.get("/en/programme/changes/").content.decode()

    assert "버전 2" in korean
    assert "<strong>취소됨</strong>: 대담 — <s>오전 11:00~오후 12:00 · 대강당</s>" in korean
    assert "Version 2" in english
    assert "<strong>Cancelled</strong>: Talk — <s>11:00 AM–12:00 PM · Main hall</s>" in english  # noqa: RUF001
