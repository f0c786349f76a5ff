"""The schedule and the feeds with issue 13's programme: the version's number, the ceremony's
order of proceedings as its description, items cancelled on the day left out, and the Atom
feed of programme versions."""

import datetime as dt

import pytest
from lxml import etree

from events.live.models import ItemLive, ProgrammeVersion
from events.live.services.versions import programme_version_publish
from events.models import SEOUL
from events.opendata.selectors import program_item_guid
from tests.events.live.helpers import SegmentFactory, stage_day
from tests.factories import PerformerFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _events(client, path: str = "/2025/schedule.json") -> dict[int, dict]:
    days = client.get(path).json()["schedule"]["conference"]["days"]
    return {e["id"]: e for events in days[0]["rooms"].values() for e in events}


def test_schedule_version_is_the_programme_versions_number(client):
    edition, _stage, items = stage_day()
    programme_version_publish(edition=edition)
    items[1].title_ko = "대담 (제목 변경)"
    items[1].save()
    programme_version_publish(edition=edition)

    document = client.get("/2025/schedule.json").json()
    root = etree.fromstring(client.get("/2025/schedule.xml").content)

    assert document["schedule"]["version"] == "2"
    assert root.findtext("version") == "2"


def test_schedule_describes_the_ceremony_by_its_order_of_proceedings(client):
    _edition, _stage, items = stage_day()
    ceremony = items[0]
    host = PerformerFactory(display_name="박진우", legal_name="PRIVATE")
    SegmentFactory(item=ceremony, order=1, title_ko="개식", title_en="Opening", duration_minutes=5,
                   performer=host)  # fmt: skip
    SegmentFactory(item=ceremony, order=2, title_ko="묵념", title_en="Silence", duration_minutes=10,
                   responsible="전원", mc_script="PRIVATE SCRIPT")  # fmt: skip

    korean = _events(client)[ceremony.pk]
    english = _events(client, "/en/2025/schedule.json")[ceremony.pk]

    assert korean["description"] == "오전 10:00 개식 (박진우)\n오전 10:05 묵념 (전원)"
    assert english["description"] == "10:00 AM Opening (박진우)\n10:05 AM Silence (전원)"
    assert "PRIVATE" not in client.get("/2025/schedule.xml").content.decode()


def test_schedule_leaves_out_items_cancelled_on_the_day(client):
    _edition, _stage, items = stage_day()
    ItemLive.objects.create(item=items[2], status=ItemLive.Status.CANCELLED)

    events = _events(client)

    assert sorted(events) == sorted([items[0].pk, items[1].pk])
    assert program_item_guid(items[2].pk) not in client.get("/2025/schedule.xml").content.decode()


def test_changes_feed_lists_the_programme_versions(client):
    edition, _stage, items = stage_day()
    programme_version_publish(
        edition=edition, comment_ko="첫 공개", now=dt.datetime(2025, 6, 1, 9, tzinfo=SEOUL)
    )
    items[2].starts_at += dt.timedelta(hours=1)
    items[2].ends_at += dt.timedelta(hours=1)
    items[2].save()
    programme_version_publish(edition=edition, now=dt.datetime(2025, 6, 2, 9, tzinfo=SEOUL))

    response = client.get("/2025/programme/changes/feed.xml")
    root = etree.fromstring(response.content)

    assert response["Content-Type"].startswith("application/atom+xml")
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["버전 2", "버전 1"]
    assert "공연" in entries[0].findtext(f"{ATOM}summary")
    assert "오후 2:00~오후 3:00 · 대강당" in entries[0].findtext(f"{ATOM}summary")
    assert entries[1].findtext(f"{ATOM}summary").startswith("첫 공개")
    assert client.get("/programme/changes/feed.xml").content == response.content
    assert ProgrammeVersion.objects.count() == 2


def test_changes_feed_of_an_unknown_year_is_a_404(client):
    stage_day()

    assert client.get("/2019/programme/changes/feed.xml").status_code == 404
