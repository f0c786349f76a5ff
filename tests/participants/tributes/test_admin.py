import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from events.models import AuditEntry
from participants.tributes.models import Tribute
from participants.tributes.services import tribute_approve, tribute_write
from tests.factories import UserFactory

from .conftest import tribute_fields

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:participants_tribute_changelist"


def test_moderation_queue_shows_flags_and_never_the_writer(client, writer, edition, moderator):
    flagged = tribute_write(
        author=writer, edition=edition, fields=tribute_fields(text="회령의 김영철 동무")
    )
    client.force_login(moderator)

    queue = client.get(reverse(CHANGELIST)).content.decode()
    change = client.get(
        reverse("admin:participants_tribute_change", args=[flagged.pk])
    ).content.decode()

    assert "사람 이름으로 보이는 말" in queue
    assert "김영철" in change
    assert "다른 검토자 한 명이 더 승인해야 합니다." in change
    for private in (writer.email, writer.name):
        assert private not in queue
        assert private not in change


def test_admin_action_approves_through_the_service(client, writer, edition, moderator):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    client.force_login(moderator)

    response = client.post(
        reverse(CHANGELIST),
        {"action": "approve", "_selected_action": [tribute.pk], "note": ""},
        follow=True,
    )

    assert response.status_code == 200
    tribute.refresh_from_db()
    assert (tribute.status, tribute.decided_by) == ("approved", moderator)


def test_admin_reject_without_a_reason_says_so_and_changes_nothing(
    client, writer, edition, moderator
):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    client.force_login(moderator)
    response = client.post(
        reverse(CHANGELIST),
        {"action": "reject", "_selected_action": [tribute.pk], "note": ""},
        follow=True,
    )
    assert "사유를 써 주세요" in response.content.decode()
    tribute.refresh_from_db()
    assert tribute.status == "pending"


def test_view_only_staff_cannot_decide(client, writer, edition):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_tribute"))
    client.force_login(viewer)

    response = client.post(
        reverse(CHANGELIST), {"action": "approve", "_selected_action": [tribute.pk]}
    )

    assert response.status_code == 403
    tribute.refresh_from_db()
    assert tribute.status == "pending"


def test_memorial_book_lists_only_book_consent_and_is_audited(client, writer, edition, moderator):
    in_book = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    not_in_book = tribute_write(
        author=writer, edition=edition, fields=tribute_fields(consent_book=False)
    )
    for tribute in (in_book, not_in_book):
        tribute_approve(tribute=tribute, by=moderator)
    exporter = UserFactory(is_staff=True)
    exporter.user_permissions.add(Permission.objects.get(codename="export_tribute_book"))
    client.force_login(exporter)

    response = client.get(reverse("admin:participants_tribute_book", args=[edition.year]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT, target="participants.Tribute")
    assert (entry.user, entry.row_count) == (exporter, 1)


def test_memorial_book_follows_the_order_the_organisers_chose(
    client, writer, edition, moderator, monkeypatch
):
    import weasyprint

    texts = ["첫째로 승인된 글", "둘째로 승인된 글", "셋째로 승인된 글"]
    first, second, third = (
        tribute_write(author=writer, edition=edition, fields=tribute_fields(text=text))
        for text in texts
    )
    for tribute in (first, second, third):
        tribute_approve(tribute=tribute, by=moderator)
    organiser = UserFactory(is_staff=True)
    organiser.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_tribute", "export_tribute_book"])
    )
    client.force_login(organiser)
    # Record the HTML WeasyPrint is given: the PDF's text is glyph ids we cannot read back.
    rendered: list[str] = []

    class RecordingHTML(weasyprint.HTML):
        def __init__(self, *args, **kwargs):
            rendered.append(kwargs["string"])
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(weasyprint, "HTML", RecordingHTML)
    book = reverse("admin:participants_tribute_book", args=[edition.year])

    def order_in_book() -> list[str]:
        response = client.get(book)
        assert response.content.startswith(b"%PDF")
        html = rendered.pop()
        return sorted(texts, key=html.index)

    assert order_in_book() == texts  # by publication until someone orders the book

    for tribute, position in ((third, "1"), (first, "2")):
        saved = client.post(
            reverse("admin:participants_tribute_change", args=[tribute.pk]),
            {"book_position": position, "_save": "save"},
        )
        assert saved.status_code == 302

    assert list(Tribute.objects.order_by("pk").values_list("book_position", flat=True)) == [
        2,
        None,
        1,
    ]
    assert order_in_book() == [texts[2], texts[0], texts[1]]  # unplaced ones come last


def test_memorial_book_needs_its_permission(client, edition, moderator):
    client.force_login(moderator)
    response = client.get(reverse("admin:participants_tribute_book", args=[edition.year]))
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_deleted_tributes_are_not_in_the_admin(client, writer, edition, moderator):
    from participants.tributes.services import tribute_delete

    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    tribute_delete(tribute=tribute)
    client.force_login(moderator)
    response = client.get(reverse("admin:participants_tribute_change", args=[tribute.pk]))
    assert response.status_code == 302  # "doesn't exist", back to the list
    assert Tribute.objects.filter(pk=tribute.pk, status="deleted").exists()
