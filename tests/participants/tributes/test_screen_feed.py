"""The venue screens' feed of tributes for the moment of silence (/remember/screen/data.json):
approved tributes with screen consent only, the words and the chosen signature only, and gone
at the next read once consent is withdrawn, the tribute deleted or hidden by reports."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants.tributes.models import Tribute
from participants.tributes.services import (
    tribute_approve,
    tribute_consents_set,
    tribute_delete,
    tribute_write,
)

from .conftest import tribute_fields

pytestmark = pytest.mark.django_db

FEED = "/remember/screen/data.json"


def _published(writer, edition, moderator, **fields) -> Tribute:
    tribute = tribute_write(author=writer, edition=edition, fields=tribute_fields(**fields))
    return tribute_approve(tribute=tribute, by=moderator)


def _feed(client, path: str = FEED) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def test_screen_feed_has_only_approved_tributes_with_screen_consent(
    client, writer, edition, moderator
):
    shown = _published(writer, edition, moderator, text="두만강을 건너던 밤을 잊지 않겠습니다")
    _published(writer, edition, moderator, text="화면에는 싣지 않음", consent_screen=False)
    tribute_write(author=writer, edition=edition, fields=tribute_fields(text="아직 검토 중"))

    data = _feed(client)

    assert reverse("participants:tribute_screen_data") == FEED
    assert data == {
        "seconds": 15,
        "entries": [
            {
                "id": shown.pk,
                "text": "두만강을 건너던 밤을 잊지 않겠습니다",
                "to": "어머니께",
                "by": "봄비 · 함경북도",
                "lang": "ko",
            }
        ],
    }


def test_screen_feed_never_carries_the_writer(client, writer, edition, moderator):
    _published(writer, edition, moderator, signature_kind=Tribute.Signature.ANONYMOUS, pseudonym="")

    body = client.get("/en" + FEED).content.decode()

    assert writer.email not in body
    assert writer.name not in body
    assert json.loads(body)["entries"][0]["by"] == "Anonymous · North Hamgyong"


def test_screen_feed_drops_a_tribute_at_once_when_screen_consent_is_withdrawn(
    client, writer, edition, moderator, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    tribute = _published(writer, edition, moderator)
    before = _feed(client)
    with CaptureQueriesContext(connection) as cached:
        _feed(client)

    tribute_consents_set(tribute=tribute, consents={"consent_screen": False})

    assert [entry["id"] for entry in before["entries"]] == [tribute.pk]
    assert len(cached) == 0  # the feed is served from the page cache until a tribute changes
    assert _feed(client)["entries"] == []


def test_screen_feed_drops_a_deleted_tribute_at_once(client, writer, edition, moderator, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    tribute = _published(writer, edition, moderator)
    _feed(client)

    tribute_delete(tribute=tribute)

    assert _feed(client)["entries"] == []


def test_screen_feed_drops_a_tribute_hidden_by_reports(client, writer, edition, moderator):
    tribute = _published(writer, edition, moderator)
    Tribute.objects.filter(pk=tribute.pk).update(hidden_by_reports=True)

    assert _feed(client)["entries"] == []
