import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone, translation

from events.live.cuesheet import cuesheet_document
from events.live.models import ItemLive, LiveAction, Segment, StageLive
from events.live.selectors import live_stage, stage_items_with_running_order
from events.live.services import programme_version_publish, segment_start
from tests.events.live.helpers import SegmentFactory, stage_day
from tests.factories import StageFactory, UserFactory, seoul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _today_edition():
    """The demo-like day happening today (Seoul), so the views' clock falls inside it."""
    today = timezone.localdate()
    edition, stage, items = stage_day(year=today.year)
    edition.date = today
    edition.save()
    for _index, item in enumerate(items):
        item.starts_at = item.starts_at.replace(year=today.year, month=today.month, day=today.day)
        item.ends_at = item.ends_at.replace(year=today.year, month=today.month, day=today.day)
        item.save()
    return edition, stage, items


@pytest.fixture
def stage_manager(client):
    user = UserFactory(email="stage@example.org", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="run_stage"))
    client.force_login(user)
    return user


def test_live_stage_without_the_permission_is_forbidden(client):
    _edition, stage, _items = stage_day()
    client.force_login(UserFactory(is_staff=True))

    response = client.get(f"/en/live/{stage.pk}/")

    assert response.status_code == 403


def test_live_stage_anonymous_is_sent_to_sign_in(client):
    _edition, stage, _items = stage_day()

    response = client.get(f"/en/live/{stage.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/")


def test_live_stage_start_button_starts_the_item(client, stage_manager):
    _edition, stage, (ceremony, *_rest) = stage_day()

    response = client.post(
        f"/en/live/{stage.pk}/",
        {"action": "item_start", "item": ceremony.pk, "version": "0"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Done: Item started."]
    assert ItemLive.objects.get(item=ceremony).status == "running"
    assert LiveAction.objects.get().user == stage_manager


def test_live_stage_second_manager_with_an_old_page_is_told_and_nothing_applies(
    client, stage_manager
):
    _edition, stage, (ceremony, talk, _concert) = stage_day()
    client.post(
        f"/en/live/{stage.pk}/", {"action": "item_start", "item": ceremony.pk, "version": "0"}
    )

    response = client.post(
        f"/en/live/{stage.pk}/",
        {"action": "item_start", "item": talk.pk, "version": "0"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Done: Item started.",
        "Another stage manager changed this stage a moment ago, so your action was not applied. "
        "Check the stage as it is now and press again if it is still needed.",
    ]
    assert ItemLive.objects.get(item=ceremony).status == "running"
    assert StageLive.objects.get(stage=stage).version == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"action": "delay", "minutes": "-3", "version": "0"},
            "A delay is between 0 and 240 minutes.",
        ),
        (
            {"action": "delay", "minutes": "x", "version": "0"},
            "Give the delay as a whole number of minutes.",
        ),
        (
            {"action": "item_start", "item": "999999", "version": "0"},
            "There is no such item on this stage.",
        ),
        (
            {"action": "item_start", "item": "abc", "version": "0"},
            "There is no such item on this stage.",
        ),
        (
            {"action": "segment_start", "segment": "1", "version": "0"},
            "There is no such segment on this stage.",
        ),
        ({"action": "move", "item": "", "version": "0"}, "There is no such item on this stage."),
        ({"action": "undo", "action_id": "77", "version": "0"}, "There is nothing to undo."),
        (
            {"action": "explode", "item": "999999", "version": "0"},
            "There is no such item on this stage.",
        ),
        ({"action": "delay", "minutes": "5"}, "The page was incomplete: reload it and try again."),
    ],
)
def test_live_stage_bad_input_is_a_clear_message(client, stage_manager, data, message):
    _edition, stage, _items = stage_day()

    response = client.post(f"/en/live/{stage.pk}/", data, follow=True)

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [message]
    assert LiveAction.objects.count() == 0


def test_live_stage_move_with_a_bad_time_is_a_clear_message(client, stage_manager):
    _edition, stage, (_ceremony, talk, _concert) = stage_day()

    response = client.post(
        f"/en/live/{stage.pk}/",
        {"action": "move", "item": talk.pk, "starts_at": "25:99", "version": "0"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Give the new start time."]


def test_live_stage_page_shows_the_current_item_and_undo(client, stage_manager):
    _edition, stage, (ceremony, *_rest) = _today_edition()
    SegmentFactory(item=ceremony, title_en="Opening", title_ko="개식 선언", duration_minutes=1)
    client.post(
        f"/en/live/{stage.pk}/", {"action": "item_start", "item": ceremony.pk, "version": "0"}
    )

    page = client.get(f"/en/live/{stage.pk}/").content.decode()

    assert '<p class="live-title">Memorial ceremony</p>' in page
    assert "Start: Opening" in page
    assert "Undo: Item started" in page
    assert '<input type="hidden" name="version" value="1">' in page


def test_now_json_gives_live_and_planned_times_per_stage(client):
    _edition, stage, (ceremony, talk, _concert) = stage_day()
    SegmentFactory(item=ceremony, title_en="Opening", duration_minutes=1, mc_script_en="SECRET")
    ItemLive.objects.create(
        item=talk,
        status="planned",
        starts_at=talk.starts_at.replace(minute=20),
        ends_at=talk.ends_at.replace(minute=20),
    )
    StageLive.objects.create(stage=stage, delay_minutes=20)

    data = json.loads(client.get("/en/now/data.json").content)

    assert data["stages"][0]["name"] == "Main hall"
    assert data["stages"][0]["delay"] == 20
    talk_row = data["stages"][0]["items"][1]
    assert (talk_row["title"], talk_row["planned_start"], talk_row["start"], talk_row["delay"]) == (
        "Talk",
        "2025-07-14T11:00:00+09:00",
        "2025-07-14T11:20:00+09:00",
        20,
    )
    assert data["stages"][0]["items"][0]["segments"] == [
        {
            "title": "Opening",
            "kind": "rite",
            "start": "2025-07-14T10:00:00+09:00",
            "started": None,
            "ended": None,
        }
    ]
    assert "SECRET" not in json.dumps(data)


@pytest.mark.parametrize(
    ("prefix", "labels"),
    [
        ("", ("오전 11:00", "오전 11:20", "오후 12:20", "오전 11:20~오후 12:20")),
        ("/en", ("11:00 AM", "11:20 AM", "12:20 PM", "11:20 AM–12:20 PM")),  # noqa: RUF001
    ],
)
def test_now_json_labels_are_written_as_people_read_them(client, prefix, labels):
    _edition, _stage, (_ceremony, talk, _concert) = stage_day()
    ItemLive.objects.create(
        item=talk,
        status="planned",
        starts_at=talk.starts_at.replace(minute=20),
        ends_at=talk.ends_at.replace(minute=20),
    )

    data = json.loads(client.get(f"{prefix}/now/data.json").content)

    talk_row = data["stages"][0]["items"][1]
    assert (
        talk_row["planned_label"],
        talk_row["start_label"],
        talk_row["end_label"],
        talk_row["time_label"],
    ) == labels
    # The machine-readable times stay ISO 8601.
    assert talk_row["start"] == "2025-07-14T11:20:00+09:00"


@pytest.mark.parametrize(
    ("prefix", "now_time", "next_time", "clock"),
    [
        ("", "오전 10:00~오전 11:00", "오전 11:00", r"오[전후] \d{1,2}:\d\d"),
        ("/en", "10:00 AM–11:00 AM", "11:00 AM", r"\d{1,2}:\d\d [AP]M"),  # noqa: RUF001
    ],
)
def test_now_screen_and_page_write_times_as_people_read_them(
    client, prefix, now_time, next_time, clock
):
    _edition, stage, (ceremony, *_rest) = _today_edition()
    ItemLive.objects.create(
        item=ceremony, status="running", starts_at=ceremony.starts_at, ends_at=ceremony.ends_at
    )

    screen = client.get(f"{prefix}/now/screen/?stage={stage.pk}").content.decode()
    page = client.get(f"{prefix}/now/").content.decode()

    for html in (screen, page):
        assert f'<p class="board-time" data-role="now-time">{now_time}</p>' in html
        assert f'<p class="board-time" data-role="next-time">{next_time}</p>' in html
    assert re.search(rf'<time data-role="clock">{clock}</time>', screen)


@pytest.mark.parametrize(
    ("prefix", "planned", "row"),
    [
        ("", "예정 오전 10:00~오전 11:00", "오전 10:00 개식 선언"),
        ("/en", "Planned 10:00 AM–11:00 AM", "10:00 AM Opening"),  # noqa: RUF001
    ],
)
def test_live_stage_page_writes_times_as_people_read_them(
    client, stage_manager, prefix, planned, row
):
    _edition, stage, (ceremony, *_rest) = _today_edition()
    SegmentFactory(item=ceremony, title_ko="개식 선언", title_en="Opening", duration_minutes=1)
    client.post(
        f"/en/live/{stage.pk}/", {"action": "item_start", "item": ceremony.pk, "version": "0"}
    )

    page = client.get(f"{prefix}/live/{stage.pk}/").content.decode()

    assert f'<p class="live-times">{planned} · ' in page
    assert f">{row} <span" in page


def test_now_json_unknown_stage_is_a_clear_404(client):
    stage_day()

    response = client.get("/en/now/data.json?stage=424242")

    assert response.status_code == 404
    assert json.loads(response.content) == {"error": "There is no such stage."}


@pytest.mark.parametrize("query", ["?stage=424242", "?stage=abc", "", "?stage=" + "9" * 40])
def test_now_screen_unknown_stage_lists_the_stages(client, query):
    stage_day()

    response = client.get("/en/now/screen/" + query)

    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>There is no such stage</h1>" in page
    assert "Main hall</a>" in page


def test_now_screen_shows_the_running_item_in_korean(client):
    _edition, stage, (ceremony, *_rest) = _today_edition()
    ItemLive.objects.create(
        item=ceremony, status="running", starts_at=ceremony.starts_at, ends_at=ceremony.ends_at
    )

    with translation.override("ko"):
        page = client.get(f"/now/screen/?stage={stage.pk}").content.decode()

    assert '<p class="board-title" data-role="now-title">추모식</p>' in page
    assert '<p class="board-title" data-role="next-title">대담</p>' in page
    assert 'data-source="/now/data.json?stage=' in page


def test_now_page_lists_every_stage(client):
    _today_edition()

    page = client.get("/en/now/").content.decode()

    assert '<h2 id="stage-' in page
    assert "Main hall</h2>" in page
    assert "/static/js/now.js" in page


def test_cuesheet_staff_version_has_internal_notes_and_public_version_not(client):
    _edition, _stage, (ceremony, *_rest) = stage_day()
    SegmentFactory(
        item=ceremony,
        title_ko="국민의례",
        mc_script_ko="모두 일어나 주십시오",
        cue_music="애국가.mp3",
    )
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_segment"))
    client.force_login(staff)

    internal = client.get(f"/en/cue-sheet/item/{ceremony.pk}/").content.decode()
    public = client.get(f"/en/cue-sheet/item/{ceremony.pk}/?public=1").content.decode()

    assert "모두 일어나 주십시오" in internal
    assert "애국가.mp3" in internal
    assert "국민의례" in public
    assert "모두 일어나 주십시오" not in public
    assert "애국가.mp3" not in public


def test_cuesheet_pdf_is_a_landscape_pdf(client):
    _edition, stage, (ceremony, *_rest) = stage_day()
    SegmentFactory(item=ceremony, title_ko="묵념")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(f"/en/cue-sheet/stage/{stage.pk}/?format=pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")


def test_cuesheet_document_is_a4_landscape_with_page_numbers_version_and_print_time(rf):
    edition, stage, (ceremony, *_rest) = stage_day()
    SegmentFactory(item=ceremony, title_ko="묵념")
    version = programme_version_publish(edition=edition)
    request = rf.get("/")
    context = {
        "title": stage.name,
        "edition": edition,
        "stage": stage,
        "internal": True,
        "orders": stage_items_with_running_order(stage=stage, published_only=False),
        "version": version,
        "printed_at": seoul(edition, 8, 30),
    }

    document = cuesheet_document(request=request, context=context)

    # A4 landscape in CSS pixels (297 x 210 mm at 96 dpi).
    assert (round(document.pages[0].width), round(document.pages[0].height)) == (1123, 794)
    html = render_to_string("events/live/cuesheet.html", {**context, "pdf": True}, request)
    assert "프로그램 버전 · Programme version 1" in html
    # Korean times whatever the page's language (issue 17: 오전 8:30, not 08:30 or 8:30 오전).
    assert "인쇄 · Printed 2025년 7월 14일 (월) 오전 8:30" in html
    assert "<h2>오전 10:00~오전 11:00 추모식" in html
    assert '<td class="num">오전 10:00</td>' in html
    css = Path(finders.find("css/cuesheet.css")).read_text(encoding="utf-8")
    assert 'content: counter(page) " / " counter(pages)' in css


def test_cuesheet_without_permission_is_forbidden(client):
    _edition, _stage, (ceremony, *_rest) = stage_day()
    client.force_login(UserFactory(is_staff=True))

    assert client.get(f"/en/cue-sheet/item/{ceremony.pk}/").status_code == 403


def test_admin_segment_inline_overflow_is_a_clear_message(client):
    edition, stage, (ceremony, *_rest) = stage_day()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/en/admin/events/programitem/{ceremony.pk}/change/"
    data = {
        "edition": edition.pk,
        "stage": stage.pk,
        "kind": "ceremony",
        "title_ko": "추모식",
        "title_en": "Memorial ceremony",
        "description_ko": "",
        "description_en": "",
        "starts_at_0": "2025-07-14",
        "starts_at_1": "10:00",
        "ends_at_0": "2025-07-14",
        "ends_at_1": "10:30",
        "capacity": "",
        "is_published": "on",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "segments-TOTAL_FORMS": "2",
        "segments-INITIAL_FORMS": "0",
        "segments-0-order": "20",
        "segments-0-title_ko": "묵념",
        "segments-0-kind": "silence",
        "segments-0-duration_minutes": "20",
        "segments-1-order": "10",
        "segments-1-title_ko": "개식",
        "segments-1-kind": "rite",
        "segments-1-duration_minutes": "15",
    }

    response = client.post(url, data)

    assert response.status_code == 200
    assert (
        "The segments last 35 minutes but the item&#x27;s slot is only 30 minutes (5 too many)."
        in response.content.decode()
    )
    assert Segment.objects.count() == 0

    data["segments-0-duration_minutes"] = "10"
    response = client.post(url, data)

    assert response.status_code == 302
    assert list(Segment.objects.order_by("order").values_list("title_ko", "order")) == [
        ("개식", 10),
        ("묵념", 20),
    ]
    ceremony.refresh_from_db()
    assert f"{timezone.localtime(ceremony.ends_at):%H:%M}" == "10:30"


def test_admin_programme_item_page_loads_the_vendored_reorder_script(client):
    _edition, _stage, (ceremony, *_rest) = stage_day()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/en/admin/events/programitem/{ceremony.pk}/change/").content.decode()

    assert "/static/js/running_order.js" in page
    assert "<script>" not in page.split("running_order.js")[0][-2000:]


def test_live_stage_lists_an_item_moved_to_it_on_the_day_and_the_source_says_where(
    client, stage_manager
):
    edition, stage, (_ceremony, talk, _concert) = _today_edition()
    lawn = StageFactory(edition=edition, name_ko="야외무대", name_en="Lawn")
    client.post(
        f"/en/live/{stage.pk}/",
        {
            "action": "move",
            "item": talk.pk,
            "starts_at": "23:00",
            "to_stage": lawn.pk,
            "version": "0",
        },
    )
    assert ItemLive.objects.get(item=talk).stage == lawn

    target = client.get(f"/en/live/{lawn.pk}/").content.decode()
    source = client.get(f"/en/live/{stage.pk}/").content.decode()

    assert [entry.item for entry in live_stage(stage=lawn).items] == [talk]
    assert '<p class="live-title">Talk</p>' in target
    assert "Start the item: Talk" in target
    assert '<p class="live-title">Talk</p>' not in source
    assert "<li>Talk: 11:00 PM on Lawn</li>" in source


def test_live_stage_start_of_an_item_moved_to_it_starts_it(client, stage_manager):
    edition, _stage, (_ceremony, talk, _concert) = stage_day()
    lawn = StageFactory(edition=edition, name_ko="야외무대", name_en="Lawn")
    ItemLive.objects.create(
        item=talk, status="moved", stage=lawn, starts_at=talk.starts_at, ends_at=talk.ends_at
    )

    response = client.post(
        f"/en/live/{lawn.pk}/",
        {"action": "item_start", "item": talk.pk, "version": "0"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["Done: Item started."]
    assert ItemLive.objects.get(item=talk).status == "running"


def test_now_json_lists_a_moved_item_under_the_stage_it_moved_to(client):
    edition, _stage, (_ceremony, talk, _concert) = stage_day()
    lawn = StageFactory(edition=edition, name_ko="야외무대", name_en="Lawn", order=2)
    ItemLive.objects.create(
        item=talk, status="moved", stage=lawn, starts_at=talk.starts_at, ends_at=talk.ends_at
    )

    everything = json.loads(client.get("/en/now/data.json").content)
    lawn_only = json.loads(client.get(f"/en/now/data.json?stage={lawn.pk}").content)

    assert [
        (entry["name"], [item["title"] for item in entry["items"]])
        for entry in everything["stages"]
    ] == [("Main hall", ["Memorial ceremony", "Concert"]), ("Lawn", ["Talk"])]
    assert [item["title"] for item in lawn_only["stages"][0]["items"]] == ["Talk"]


def test_now_screen_names_the_feed_each_segment_kind_brings_to_the_screen(client):
    _edition, stage, _items = _today_edition()

    korean = client.get(f"/now/screen/?stage={stage.pk}").content.decode()
    english = client.get(f"/en/now/screen/?stage={stage.pk}").content.decode()

    assert (
        'data-interludes="{&quot;silence&quot;: &quot;/remember/screen/data.json&quot;}"' in korean
    )
    assert "&quot;/en/remember/screen/data.json&quot;" in english
    assert (
        '<section class="screen-interlude" data-role="interlude" aria-live="polite" hidden>'
        in korean
    )


def test_now_json_names_the_kind_of_the_segment_on(client):
    edition, stage, (ceremony, *_rest) = stage_day()
    silence = SegmentFactory(
        item=ceremony, title_en="Moment of silence", kind=Segment.Kind.SILENCE, duration_minutes=1
    )
    segment_start(stage=stage, segment=silence, version=0, now=seoul(edition, 10))

    row = json.loads(client.get("/en/now/data.json").content)["stages"][0]["items"][0]

    assert row["status"] == "running"
    assert [(s["title"], s["kind"], s["started"]) for s in row["segments"]] == [
        ("Moment of silence", "silence", "2025-07-14T10:00:00+09:00")
    ]
