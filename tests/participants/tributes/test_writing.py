import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from participants.models import Reminder
from participants.tributes.models import Tribute
from participants.tributes.services import (
    tribute_consents_set,
    tribute_delete,
    tribute_delete_token,
    tribute_edit,
    tribute_from_delete_token,
    tribute_write,
)

from .conftest import tribute_fields

pytestmark = pytest.mark.django_db


def test_tribute_write_waits_for_moderation_and_emails_a_delete_link(writer, edition):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())

    assert tribute.status == Tribute.Status.PENDING
    assert tribute.signature == "봄비"
    assert tribute.flags == []
    reminder = Reminder.objects.get(kind=Reminder.Kind.TRIBUTE_RECEIVED)
    assert reminder.recipient == writer
    assert (
        tribute_from_delete_token(reminder.context["delete_url"].rstrip("/").split("/")[-1])
        == tribute
    )


def test_tribute_write_anonymous_has_no_signature(writer, edition):
    tribute = tribute_write(
        author=writer, edition=edition, fields=tribute_fields(signature_kind="anonymous")
    )
    assert (tribute.signature, tribute.pseudonym) == ("", "")


@pytest.mark.parametrize(
    ("fields", "field", "code_part"),
    [
        ({"text": ""}, "text", "몇 마디라도 글을 써 주세요."),
        ({"text": "   \n\t "}, "text", "몇 마디라도 글을 써 주세요."),
        ({"text": "🕯️🕯️🕯️"}, "text", "몇 마디라도 글을 써 주세요."),
        ({"text": "가" * 10_000}, "text", "1000자까지"),
        ({"text": "abc\u202edef"}, "text", "보이지 않는 방향 문자"),
        ({"signature_kind": "pseudonym", "pseudonym": ""}, "pseudonym", "서명할 필명"),
        ({"signature_kind": "display_name"}, "signature_kind", "표시 이름이 없습니다"),
        ({"province": "hoeryong"}, "province", "목록에서 도를"),
        ({"language": "fr"}, "language", "한국어나 영어"),
    ],
)
def test_tribute_write_refuses_bad_input_and_stores_nothing(
    writer, edition, fields, field, code_part
):
    with pytest.raises(ValidationError) as error:
        tribute_write(author=writer, edition=edition, fields=tribute_fields(**fields))
    assert field in error.value.message_dict
    assert code_part in " ".join(error.value.message_dict[field]).replace(",", "")
    assert Tribute.objects.count() == 0
    assert Reminder.objects.count() == 0


def test_tribute_write_removes_zero_width_characters_and_keeps_html_as_text(writer, edition):
    tribute = tribute_write(
        author=writer,
        edition=edition,
        fields=tribute_fields(text="<script>alert(1)</script>\u200b 기억합니다"),
    )
    assert tribute.text == "<script>alert(1)</script> 기억합니다"


def test_tribute_write_flags_a_name_for_two_moderators(writer, edition):
    tribute = tribute_write(
        author=writer, edition=edition, fields=tribute_fields(text="회령의 김영철 동무에게")
    )
    assert tribute.flags == [Tribute.Flag.PERSON_NAME, Tribute.Flag.PLACE]
    assert tribute.needs_second_moderator is True


def test_tribute_edit_goes_back_to_moderation(writer, edition, moderator):
    from participants.tributes.services import tribute_approve

    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    tribute_approve(tribute=tribute, by=moderator)

    tribute = tribute_edit(tribute=tribute, fields=tribute_fields(text="다시 씁니다"))

    assert (tribute.status, tribute.published_at, tribute.text) == ("pending", None, "다시 씁니다")


def test_tribute_delete_erases_the_words_and_the_link_stops_working(writer, edition):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    token = tribute_delete_token(tribute)

    tribute_delete(tribute=tribute)
    tribute.refresh_from_db()

    assert (tribute.status, tribute.text, tribute.addressee, tribute.signature) == (
        "deleted",
        "",
        "",
        "",
    )
    assert tribute_from_delete_token(token) is None
    assert tribute_delete(tribute=tribute).status == "deleted"  # twice: nothing changes


def test_tribute_from_delete_token_refuses_a_tampered_token(writer, edition):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    token = tribute_delete_token(tribute)
    assert tribute_from_delete_token(token[:-2] + "xx") is None
    assert tribute_from_delete_token("not-a-token") is None


def test_tribute_consents_set_refuses_unknown_uses(writer, edition):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    with pytest.raises(TypeError):
        tribute_consents_set(tribute=tribute, consents={"consent_press": True})
    tribute_consents_set(tribute=tribute, consents={"consent_screen": False})
    tribute.refresh_from_db()
    assert (tribute.consent_web, tribute.consent_screen) == (True, False)


def test_tributes_purge_removes_rejected_and_deleted_after_thirty_days(writer, edition):
    from django.utils import timezone

    from events.common.retention import retention_apply
    from events.models import AuditEntry

    now = timezone.now()
    kept = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    deleted = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    tribute_delete(tribute=deleted)
    boundary = now - dt.timedelta(days=30)
    Tribute.objects.filter(pk=deleted.pk).update(updated_at=boundary + dt.timedelta(seconds=1))

    def run(**kwargs):
        (result,) = retention_apply(now=now, kinds=["tributes"], days={"tributes": 30}, **kwargs)
        return result.counts["tributes"]

    assert run() == 0  # one second short of 30 days: kept

    Tribute.objects.filter(pk=deleted.pk).update(updated_at=boundary - dt.timedelta(seconds=1))
    assert run(dry_run=True) == 1
    assert Tribute.objects.filter(pk=deleted.pk).exists()
    assert run() == 1
    assert list(Tribute.objects.values_list("pk", flat=True)) == [kept.pk]
    entry = AuditEntry.objects.get(action=AuditEntry.Action.RETENTION, target="tributes")
    assert (entry.row_count, entry.detail) == (1, {"days": 30, "tributes": 1})
