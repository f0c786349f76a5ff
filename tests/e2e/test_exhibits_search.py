"""A visitor on a phone searches the catalogue in Korean and opens an object."""

import pytest

from tests.e2e.browser import CHROMIUM_ARGS
from tests.factories import ExhibitFactory, ExhibitImageFactory, LenderFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _allow_sync_db_under_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the database is touched only
    # before the browser starts and by the live server's own thread.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.usefixtures("_allow_sync_db_under_playwright")
def test_catalogue_search_in_korean_on_a_phone_opens_the_object(live_server):
    from playwright.sync_api import expect, sync_playwright

    lender = LenderFactory(display_name="두만강 건너온 사람", visibility="pseudonym")
    shoes = ExhibitFactory(
        object_number="DD-2024-005",
        title_ko="두만강을 건넌 신발",
        title_en="Shoes worn across the Tumen river",
        story_ko="두만강을 건넌 뒤에도 이 신발로 석 달을 걸었습니다.",
        lender=lender,
    )
    ExhibitImageFactory(exhibit=shoes, alt_text_ko="밑창이 갈라진 천 운동화 한 켤레")
    ExhibitFactory(title_ko="식량 배급표", title_en="Food ration card")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, locale="ko-KR"
        ).new_page()
        page.goto(f"{live_server.url}/exhibits/")
        expect(page.get_by_role("heading", level=1)).to_have_text("북한에서 가지고 온 물품")

        page.get_by_label("전시물 검색 (한국어 또는 영어)").fill("신발")
        page.keyboard.press("Enter")
        expect(page.locator("#results-heading")).to_have_text("물품 1점")
        grid_width = page.locator(".exhibit-grid").bounding_box()["width"]
        page.get_by_role("link", name="두만강을 건넌 신발").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("두만강을 건넌 신발")
        expect(page.get_by_role("img", name="밑창이 갈라진 천 운동화 한 켤레")).to_be_visible()
        expect(page.locator(".credit-line")).to_have_text("두만강 건너온 사람 소장")
        assert page.url == f"{live_server.url}/exhibits/DD-2024-005/"
        assert grid_width <= 390
        browser.close()
