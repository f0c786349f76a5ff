import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from events.models import AuditEntry
from participants.models import Reminder
from participants.tributes.services import (
    tribute_approve,
    tribute_reject,
    tribute_report,
    tribute_reports_dismiss,
    tribute_request_changes,
    tribute_write,
)
from tests.factories import UserFactory

from .conftest import tribute_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def tribute(writer, edition):
    return tribute_write(author=writer, edition=edition, fields=tribute_fields())


@pytest.fixture
def flagged(writer, edition):
    return tribute_write(
        author=writer, edition=edition, fields=tribute_fields(text="리순희 동무, 회령에서 만나요")
    )


def test_tribute_approve_publishes_an_unflagged_tribute_and_tells_the_writer(tribute, moderator):
    tribute = tribute_approve(tribute=tribute, by=moderator)

    assert (tribute.status, tribute.decided_by) == ("approved", moderator)
    assert tribute.published_at is not None
    update = Reminder.objects.get(kind=Reminder.Kind.TRIBUTE_UPDATE)
    assert update.context["event"] == "approved"
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.PUBLISH, object_id=str(tribute.pk), user=moderator
        ).count()
        == 1
    )


def test_tribute_approve_needs_a_second_moderator_for_names_and_places(
    flagged, moderator, second_moderator
):
    first = tribute_approve(tribute=flagged, by=moderator)
    assert (first.status, first.first_approved_by) == ("pending", moderator)

    with pytest.raises(ValidationError, match="다른 검토자"):
        tribute_approve(tribute=flagged, by=moderator)

    second = tribute_approve(tribute=flagged, by=second_moderator)
    assert (second.status, second.decided_by) == ("approved", second_moderator)


def test_tribute_approve_refuses_staff_without_the_permission(tribute):
    staff = UserFactory(is_staff=True)
    with pytest.raises(PermissionDenied):
        tribute_approve(tribute=tribute, by=staff)
    tribute.refresh_from_db()
    assert tribute.status == "pending"


def test_tribute_request_changes_emails_the_note_in_the_writers_language(tribute, moderator):
    tribute = tribute_request_changes(
        tribute=tribute, by=moderator, note="지명을 빼 주세요 & <감사>"
    )

    assert tribute.status == "changes_requested"
    update = Reminder.objects.get(kind=Reminder.Kind.TRIBUTE_UPDATE)
    assert (update.language, update.context["note"]) == ("ko", "지명을 빼 주세요 & <감사>")


def test_tribute_request_changes_needs_a_note(tribute, moderator):
    with pytest.raises(ValidationError):
        tribute_request_changes(tribute=tribute, by=moderator, note="  ")


def test_tribute_reject_keeps_the_reason_internal(tribute, moderator):
    tribute = tribute_reject(tribute=tribute, by=moderator, reason="실명 포함")

    assert (tribute.status, tribute.internal_reason) == ("rejected", "실명 포함")
    update = Reminder.objects.get(kind=Reminder.Kind.TRIBUTE_UPDATE)
    assert "실명" not in str(update.context)
    with pytest.raises(ValidationError):
        tribute_approve(tribute=tribute, by=moderator)


def test_tribute_report_hides_after_the_threshold_once_per_address(tribute, moderator, settings):
    settings.TRIBUTE_REPORTS_TO_HIDE = 2
    tribute_approve(tribute=tribute, by=moderator)

    assert tribute_report(tribute=tribute, address="10.0.0.1") is True
    assert tribute_report(tribute=tribute, address="10.0.0.1") is False
    tribute.refresh_from_db()
    assert tribute.hidden_by_reports is False

    tribute_report(tribute=tribute, address="10.0.0.2")
    tribute.refresh_from_db()
    assert (tribute.hidden_by_reports, tribute.is_public_on_web) == (True, False)
    assert "10.0.0" not in str(list(tribute.reports.values_list("reporter_hash", flat=True)))

    tribute = tribute_reports_dismiss(tribute=tribute, by=moderator)
    assert (tribute.hidden_by_reports, tribute.reports.count()) == (False, 0)


def test_tribute_decisions_are_audited_without_the_words(tribute, moderator):
    tribute_request_changes(tribute=tribute, by=moderator, note="고쳐 주세요")
    entries = AuditEntry.objects.filter(target="participants.Tribute")
    assert [e.detail["decision"] for e in entries] == ["request-changes"]
    assert tribute.text not in str(list(entries.values()))
