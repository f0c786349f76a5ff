import re

import pytest
from django.core import mail
from django.urls import reverse

from participants.models import Reminder
from participants.outbox.services import reminders_dispatch
from participants.tributes.models import Tribute
from participants.tributes.services import (
    tribute_approve,
    tribute_delete_url,
    tribute_write,
)
from tests.factories import UserFactory

from .conftest import tribute_fields

pytestmark = pytest.mark.django_db


def _published(writer, edition, moderator, **fields):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields(**fields))
    return tribute_approve(tribute=tribute, by=moderator)


def test_wall_shows_approved_tributes_with_web_consent_and_no_author_data(
    client, writer, edition, moderator
):
    shown = _published(writer, edition, moderator, text="봄이 오면 기억하겠습니다")
    _published(writer, edition, moderator, text="웹에는 싣지 않음", consent_web=False)
    tribute_write(author=writer, edition=edition, fields=tribute_fields(text="아직 검토 중"))

    response = client.get(reverse("participants:tribute_wall"))
    page = response.content.decode()

    assert response.status_code == 200
    assert "봄이 오면 기억하겠습니다" in page
    assert "웹에는 싣지 않음" not in page
    assert "아직 검토 중" not in page
    assert "봄비" in page  # the chosen signature
    for private in (writer.email, writer.name, "writer@example.org"):
        assert private not in page
    detail = client.get(reverse("participants:tribute_detail", args=[shown.pk])).content.decode()
    assert "봄이 오면 기억하겠습니다" in detail
    assert writer.email not in detail


def test_wall_query_count_does_not_grow(
    client, writer, edition, moderator, django_assert_num_queries
):
    _published(writer, edition, moderator)
    client.get(reverse("participants:tribute_wall"))
    with django_assert_num_queries(2) as few:
        client.get(reverse("participants:tribute_wall"))
    for _ in range(20):
        _published(writer, edition, moderator)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(reverse("participants:tribute_wall"))


def test_wall_random_order_is_stable_for_a_seed(client, writer, edition, moderator):
    for number in range(5):
        _published(writer, edition, moderator, text=f"추모 {number}번")
    url = reverse("participants:tribute_wall") + "?order=random&seed=42"
    first, second = client.get(url).content.decode(), client.get(url).content.decode()
    order = lambda page: re.findall(r"추모 (\d)번", page)  # noqa: E731
    assert order(first) == order(second)
    assert sorted(order(first)) == ["0", "1", "2", "3", "4"]


def test_withdrawn_web_consent_hides_at_once_even_when_cached(
    client, writer, edition, moderator, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    tribute = _published(writer, edition, moderator, text="거두어 갈 말")
    assert "거두어 갈 말" in client.get(reverse("participants:tribute_wall")).content.decode()

    client.force_login(writer)
    client.post(
        reverse("participants:tribute_mine", args=[tribute.pk]),
        {"action": "consents", "consent_screen": "on"},
    )
    client.logout()

    assert "거두어 갈 말" not in client.get(reverse("participants:tribute_wall")).content.decode()
    assert client.get(reverse("participants:tribute_detail", args=[tribute.pk])).status_code == 404
    screen = client.get(reverse("participants:tribute_screen")).content.decode()
    assert "거두어 갈 말" in screen  # screen consent kept


def test_screen_shows_only_tributes_with_screen_consent(client, writer, edition, moderator):
    _published(writer, edition, moderator, text="화면에는 아님", consent_screen=False)
    page = client.get(reverse("participants:tribute_screen")).content.decode()
    assert "화면에는 아님" not in page
    # It moves on by script, which a key or a touch can pause, not by a <meta refresh>.
    assert 'http-equiv="refresh"' not in page
    assert 'data-refresh-seconds="' in page
    assert "js/tribute_screen.js" in page


def test_write_previews_without_storing_then_submits(client, writer, edition):
    client.force_login(writer)
    url = reverse("participants:tribute_write")
    data = {**tribute_fields(), "consent_web": "on", "consent_screen": "", "consent_book": ""}

    preview = client.post(url, {**data, "action": "preview"})
    assert preview.status_code == 200
    assert "다른 분들께 이렇게 보입니다" in preview.content.decode()
    assert Tribute.objects.count() == 0

    done = client.post(url, {**data, "action": "submit"})
    assert done.status_code == 302
    tribute = Tribute.objects.get()
    assert (tribute.author, tribute.status, tribute.consent_screen) == (writer, "pending", False)


def test_write_shows_each_error_and_loses_nothing(client, writer, edition):
    client.force_login(writer)
    response = client.post(
        reverse("participants:tribute_write"),
        {**tribute_fields(pseudonym=""), "action": "submit", "text": "남길 말 " * 10},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "남길 말 남길 말" in page  # the writer's words are kept in the form
    assert Tribute.objects.count() == 0


def test_write_needs_sign_in(client, edition):
    response = client.get(reverse("participants:tribute_write"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_write_is_rate_limited_per_account(client, writer, edition, settings):
    settings.TRIBUTE_WRITES_PER_HOUR = 2
    client.force_login(writer)
    data = {**tribute_fields(), "action": "submit"}
    for _ in range(2):
        client.post(reverse("participants:tribute_write"), data)
    response = client.post(reverse("participants:tribute_write"), data)
    assert response.status_code == 200
    assert Tribute.objects.count() == 2


def test_write_is_rate_limited_per_address_across_accounts(client, edition, settings):
    # One address may write four times the per-account limit, whoever is signed in.
    settings.TRIBUTE_WRITES_PER_HOUR = 1
    address_limit = settings.TRIBUTE_WRITES_PER_HOUR * 4
    url = reverse("participants:tribute_write")
    data = {**tribute_fields(), "action": "submit"}
    shared = {"REMOTE_ADDR": "203.0.113.7"}
    for number in range(address_limit):
        client.force_login(UserFactory(email=f"writer{number}@example.org"))
        assert client.post(url, data, **shared).status_code == 302

    client.force_login(UserFactory(email="one-too-many@example.org"))
    refused = client.post(url, data, **shared)

    assert refused.status_code == 200
    assert "방금 여러 편의 추모글을 쓰셨습니다. 잠시 후 다시 시도해 주세요." in (
        refused.content.decode()
    )
    assert Tribute.objects.count() == address_limit

    client.force_login(UserFactory(email="elsewhere@example.org"))
    elsewhere = client.post(url, data, REMOTE_ADDR="198.51.100.9")

    assert elsewhere.status_code == 302
    assert Tribute.objects.count() == address_limit + 1


def test_mine_is_only_the_writers_own(client, writer, edition):
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    client.force_login(UserFactory())
    assert client.get(reverse("participants:tribute_mine", args=[tribute.pk])).status_code == 404
    client.force_login(writer)
    assert client.get(reverse("participants:tribute_mine", args=[tribute.pk])).status_code == 200
    me = client.get(reverse("participants:me")).content.decode()
    assert reverse("participants:tribute_mine", args=[tribute.pk]) in me


def test_signed_delete_link_asks_then_deletes_and_then_is_spent(client, writer, edition, moderator):
    tribute = _published(writer, edition, moderator, text="지울 말")
    url = tribute_delete_url(tribute)

    ask = client.get(url)
    assert ask.status_code == 200
    assert "지울 말" in ask.content.decode()
    done = client.post(url)
    assert done.status_code == 200
    assert "지울 말" not in client.get(reverse("participants:tribute_wall")).content.decode()
    again = client.post(url)
    assert again.status_code == 404
    tampered = client.get(url[:-3] + "abc/")
    assert tampered.status_code == 404


def test_report_page_then_post_counts_a_report(client, writer, edition, moderator):
    tribute = _published(writer, edition, moderator)
    url = reverse("participants:tribute_report", args=[tribute.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "실명이 있어요"})
    assert response.status_code == 302
    assert tribute.reports.count() == 1
    assert client.get(reverse("participants:tribute_report", args=[999999])).status_code == 404


@pytest.mark.parametrize("language", ["ko", "en"])
def test_tribute_emails_carry_the_delete_link_and_no_entities(writer, edition, moderator, language):
    from participants.tributes.services import tribute_request_changes

    writer.preferred_language = language
    writer.save()
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields())
    tribute_request_changes(tribute=tribute, by=moderator, note="Kim's <순대> & 🕯️")
    mail.outbox.clear()
    for reminder in Reminder.objects.filter(recipient=writer):
        from participants.outbox.services import reminder_send

        reminder_send(reminder_id=reminder.pk)
    assert len(mail.outbox) == 2
    note_mail = next(m for m in mail.outbox if "Kim's" in m.body)
    assert "Kim's <순대> & 🕯️" in note_mail.body
    assert "&#x27;" not in note_mail.body
    assert "&lt;" not in note_mail.body
    html = note_mail.alternatives[0][0]
    assert "Kim&#x27;s &lt;순대&gt; &amp; 🕯️" in html
    for message in mail.outbox:
        assert tribute_delete_url(tribute) in message.body
    assert reminders_dispatch is not None


def test_wall_random_order_redirects_other_seeds_to_one_address(client):
    response = client.get(reverse("participants:tribute_wall") + "?order=random&seed=1000")
    assert response.status_code == 302
    assert response["Location"].endswith("?order=random&seed=30")
    garbage = client.get(reverse("participants:tribute_wall") + "?order=random&seed=x")
    assert garbage.status_code == 302
    assert garbage["Location"].endswith("?order=random&seed=0")
    # A NUL byte is refused before any view (events.common.bad_input).
    nul = client.get(reverse("participants:tribute_wall") + "?order=random&seed=%00x")
    assert nul.status_code == 400


def test_write_preview_points_at_possible_names_and_places(client, writer, edition):
    client.force_login(writer)
    response = client.post(
        reverse("participants:tribute_write"),
        {**tribute_fields(text="회령의 김영철 동무에게"), "action": "preview"},
    )
    page = response.content.decode()
    assert "사람이나 장소의 이름일 수 있습니다" in page
    assert "<li>김영철</li>" in page
    assert "<li>회령</li>" in page
    assert Tribute.objects.count() == 0
