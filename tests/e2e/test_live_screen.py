"""The stage manager presses "start" on a phone; the venue screen in another browser follows
within 10 seconds, without a reload."""

import datetime as dt
import os
import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from tests.e2e.test_programme import CHROMIUM_ARGS
from tests.events.live.helpers import stage_day
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _tomorrows_day():
    """A published edition held tomorrow (Seoul): nothing is on by the clock until started."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    edition, stage, items = stage_day(year=tomorrow.year)
    edition.date = tomorrow
    edition.save()
    for item in items:
        item.starts_at = item.starts_at.replace(
            year=tomorrow.year, month=tomorrow.month, day=tomorrow.day
        )
        item.ends_at = item.ends_at.replace(
            year=tomorrow.year, month=tomorrow.month, day=tomorrow.day
        )
        item.save()
    return stage


def test_live_start_in_one_browser_changes_the_venue_screen_in_another(live_server):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    stage = _tomorrows_day()
    manager = UserFactory(email="stage@example.org", is_staff=True)
    manager.user_permissions.add(Permission.objects.get(codename="run_stage"))
    client = Client()
    client.force_login(manager)
    session = client.cookies["sessionid"].value

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        screen = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ko-KR")
        phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
        phone.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        screen_page = screen.new_page()
        screen_page.goto(f"{live_server.url}/now/screen/?stage={stage.pk}")
        now_title = screen_page.locator('[data-role="now-title"]')
        expect(now_title).to_have_text("지금 진행 중인 프로그램이 없습니다")
        expect(screen_page.locator('[data-role="next-title"]')).to_have_text("추모식")
        # The screen never scrolls.
        assert screen_page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")

        phone_page = phone.new_page()
        phone_page.goto(f"{live_server.url}/live/{stage.pk}/")
        phone_page.get_by_role("button", name="프로그램 시작: 추모식").click()
        expect(phone_page.get_by_role("status").first).to_contain_text("완료: 프로그램 시작.")

        expect(now_title).to_have_text("추모식", timeout=10_000)
        expect(screen_page.locator('[data-role="next-title"]')).to_have_text("대담")
        # Times as Koreans write them (issue 17), drawn by the script from the server's labels.
        # Started early, the ceremony runs from now: its times are the live ones.
        time = r"오[전후] \d{1,2}:\d\d"
        expect(screen_page.locator('[data-role="now-time"]')).to_have_text(
            re.compile(rf"^{time}~{time}$")
        )
        expect(screen_page.locator('[data-role="next-time"]')).to_have_text(re.compile(rf"^{time}"))
        expect(screen_page.locator('[data-role="clock"]')).to_have_text(
            re.compile(r"^오[전후] \d{1,2}:\d\d$")
        )
        assert screen_page.url == f"{live_server.url}/now/screen/?stage={stage.pk}"
        browser.close()


def test_english_venue_screen_writes_times_with_am_and_pm(live_server):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    stage = _tomorrows_day()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        # A Korean browser on the English screen: the page's language decides, not the browser's.
        screen = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ko-KR")
        page = screen.new_page()
        page.goto(f"{live_server.url}/en/now/screen/?stage={stage.pk}")
        expect(page.locator("[data-updated]")).to_have_count(1)
        # The clock is redrawn by the script every second; its text then is the script's.
        page.wait_for_timeout(1_200)

        expect(page.locator('[data-role="next-time"]')).to_have_text("10:00 AM")
        expect(page.locator('[data-role="clock"]')).to_have_text(
            re.compile(r"^\d{1,2}:\d\d [AP]M$")
        )
        browser.close()


def test_admin_running_order_reorders_by_keyboard_and_buttons(live_server):
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    from events.live.models import Segment
    from tests.events.live.helpers import SegmentFactory

    _edition, _stage, (ceremony, *_rest) = stage_day()
    for order, title in ((10, "개식 선언"), (20, "국민의례"), (30, "묵념")):
        SegmentFactory(item=ceremony, order=order, title_ko=title, duration_minutes=2)
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(organiser)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/admin/events/programitem/{ceremony.pk}/change/")
        # The first segment goes down one with its button, then the last goes up with Alt+Up.
        page.locator(".running-order .inline-related").first.get_by_role(
            "button", name="아래로"
        ).click()
        last = page.locator(".running-order .inline-related:not(.empty-form)").nth(2)
        last.locator('input[name$="-title_ko"]').focus()
        page.keyboard.press("Alt+ArrowUp")
        page.locator('input[name="_save"]').click()
        page.wait_for_url(f"{live_server.url}/admin/events/programitem/")
        browser.close()

    assert list(
        Segment.objects.filter(item=ceremony).order_by("order").values_list("title_ko", flat=True)
    ) == ["국민의례", "묵념", "개식 선언"]


def test_silence_on_the_venue_screen_shows_tributes_and_a_withdrawn_one_leaves(live_server):
    """The moment of silence starts: the screen shows the tributes written for the screens, in
    turn, instead of the board; a writer withdraws consent and their words leave at the next
    poll; the silence ends and the board is back."""
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import expect, sync_playwright

    from events.live.models import Segment
    from events.live.services import segment_end, segment_start
    from participants.tributes.services import (
        tribute_approve,
        tribute_consents_set,
        tribute_write,
    )
    from tests.events.live.helpers import SegmentFactory
    from tests.participants.tributes.conftest import make_moderator, tribute_fields

    stage = _tomorrows_day()
    ceremony = stage.items.order_by("starts_at").first()
    silence = SegmentFactory(
        item=ceremony, title_ko="묵념", kind=Segment.Kind.SILENCE, duration_minutes=1
    )
    moderator = make_moderator("moderator@example.org")

    def published(text: str, **consents):
        writer = UserFactory()
        tribute = tribute_write(
            author=writer, edition=ceremony.edition, fields=tribute_fields(text=text, **consents)
        )
        return tribute_approve(tribute=tribute, by=moderator)

    withdrawn = published("어머니, 보고 싶습니다")
    staying = published("형님, 끝까지 기억하겠습니다")
    published("화면에는 싣지 않는 글", consent_screen=False)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        screen = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="ko-KR")
        page = screen.new_page()
        page.goto(f"{live_server.url}/now/screen/?stage={stage.pk}")
        board = page.locator("[data-stage]")
        interlude = page.locator('[data-role="interlude"]')
        text = page.locator('[data-role="interlude-text"]')
        expect(board).to_be_visible()
        expect(interlude).to_be_hidden()

        segment_start(stage=stage, segment=silence, now=timezone.now())

        expect(text).to_have_text(
            re.compile("어머니, 보고 싶습니다|형님, 끝까지 기억하겠습니다"), timeout=10_000
        )
        expect(page.locator('[data-role="interlude-segment"]')).to_have_text("묵념")
        expect(page.locator('[data-role="interlude-by"]')).to_have_text("봄비 · 함경북도")
        expect(board).to_be_hidden()
        assert page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")

        tribute_consents_set(tribute=withdrawn, consents={"consent_screen": False})

        # Within a poll the withdrawn words are gone; the other tribute stays on.
        expect(text).to_have_text("형님, 끝까지 기억하겠습니다", timeout=10_000)
        page.wait_for_timeout(16_000)  # past a turn of the rotation (15 s)
        expect(text).to_have_text("형님, 끝까지 기억하겠습니다")
        assert "화면에는 싣지 않는 글" not in page.content()
        assert staying.consent_screen

        segment_end(stage=stage, segment=silence, now=timezone.now())

        expect(interlude).to_be_hidden(timeout=10_000)
        expect(board).to_be_visible()
        expect(page.locator('[data-role="now-title"]')).to_have_text("추모식")
        browser.close()
