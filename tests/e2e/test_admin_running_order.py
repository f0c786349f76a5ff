"""The running order in the admin reordered with the mouse (issue 13, item 1): a segment's title
bar dragged onto another segment, saved, kept in the database and shown after a reload; the
durations-fit check still refuses a running order that overflows the item's slot. (Keys and
buttons: tests/e2e/test_live_screen.py.)"""

import pytest
from django.test import Client
from playwright.sync_api import expect

from events.live.models import Segment
from tests.events.live.helpers import SegmentFactory, stage_day
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLES = ("개식 선언", "국민의례", "묵념")
ROWS = ".running-order .inline-related:not(.empty-form)"


def _saved_titles(item) -> list[str]:
    return list(
        Segment.objects.filter(item=item).order_by("order", "id").values_list("title_ko", flat=True)
    )


def _change_page(browser, live_server, item):
    organiser = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(organiser)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto(f"{live_server.url}/admin/events/programitem/{item.pk}/change/")
    return page


def _shown_titles(page) -> list[str]:
    return page.locator(f'{ROWS} input[name$="-title_ko"]').evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )


def _shown_orders(page) -> list[str]:
    return page.locator(f'{ROWS} input[name$="-order"]').evaluate_all(
        "inputs => inputs.map(input => input.value)"
    )


def _drag(page, source: int, target: int) -> None:
    """Drag the title bar of row ``source`` onto row ``target`` with the mouse, as a person does:
    press, move in small steps, release (locator.drag_to, which jumps and scrolls mid-drag,
    started no drag here). The rows are tall, so the page is first scrolled to show the title
    bar and the target's near edge together."""
    rows = page.locator(ROWS)
    handle, onto = rows.nth(source).locator("h3"), rows.nth(target)
    grip, drop = handle.bounding_box(), onto.bounding_box()
    # Moving up, drop near the bottom of the target; moving down, near its top.
    drop_y = drop["y"] + drop["height"] - 30 if target < source else drop["y"] + 30
    grip_y = grip["y"] + grip["height"] / 2
    middle = (grip_y + drop_y) / 2 - page.viewport_size["height"] / 2
    page.evaluate("dy => window.scrollBy(0, dy)", middle)
    shift = handle.bounding_box()["y"] - grip["y"]
    x, grip_y, drop_y = grip["x"] + 20, grip_y + shift, drop_y + shift
    assert 0 < grip_y < page.viewport_size["height"]
    assert 0 < drop_y < page.viewport_size["height"]
    page.mouse.move(x, grip_y)
    page.mouse.down()
    page.mouse.move(x + 10, grip_y + 5, steps=5)
    page.mouse.move(x + 40, drop_y, steps=10)
    page.mouse.up()


def test_admin_running_order_reorders_by_dragging_and_keeps_it(browser, live_server):
    _edition, _stage, (ceremony, *_rest) = stage_day()  # the ceremony's slot: 60 minutes
    for order, title in zip((10, 20, 30), TITLES, strict=True):
        SegmentFactory(item=ceremony, order=order, title_ko=title, duration_minutes=2)

    page = _change_page(browser, live_server, ceremony)
    assert _shown_titles(page) == list(TITLES)

    # The last segment dropped on the first goes before it; the orders are renumbered.
    _drag(page, 2, 0)
    assert _shown_titles(page) == ["묵념", "개식 선언", "국민의례"]
    assert _shown_orders(page) == ["10", "20", "30"]
    expect(page.locator(".running-order-status")).to_have_text("순서 변경: 1")
    # A segment dropped on a later one goes after it.
    _drag(page, 1, 2)
    assert _shown_titles(page) == ["묵념", "국민의례", "개식 선언"]
    assert _shown_orders(page) == ["10", "20", "30"]
    expect(page.locator(".running-order-status")).to_have_text("순서 변경: 3")

    # The durations must still fit the slot: 2 + 2 + 57 minutes do not fit 60.
    page.locator(ROWS).nth(0).locator('input[name$="-duration_minutes"]').fill("57")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".running-order .errorlist")).to_contain_text(
        "식순 항목의 진행 시간 합계는 61분인데 프로그램에 배정된 시간은 60분입니다(1분 초과)."
    )
    assert _saved_titles(ceremony) == list(TITLES)
    # The refused form comes back in the dragged order, so the next move starts from it.
    assert _shown_titles(page) == ["묵념", "국민의례", "개식 선언"]

    page.locator(ROWS).nth(0).locator('input[name$="-duration_minutes"]').fill("56")
    page.locator('input[name="_save"]').click()
    page.wait_for_url(f"{live_server.url}/admin/events/programitem/")
    assert _saved_titles(ceremony) == ["묵념", "국민의례", "개식 선언"]
    assert list(
        Segment.objects.filter(item=ceremony)
        .order_by("order")
        .values_list("duration_minutes", flat=True)
    ) == [56, 2, 2]
    page.goto(f"{live_server.url}/admin/events/programitem/{ceremony.pk}/change/")
    assert _shown_titles(page) == ["묵념", "국민의례", "개식 선언"]
    assert _shown_orders(page) == ["10", "20", "30"]


def test_admin_running_order_added_segment_dragged_first_survives_removing_another(
    browser, live_server
):
    """Django's inlines.js renames the rows' fields by their place in the page when an added row
    is removed; a new segment dragged above the saved ones must still save as new."""
    _edition, _stage, (ceremony, *_rest) = stage_day()
    for order, title in zip((10, 20), TITLES[:2], strict=True):
        SegmentFactory(item=ceremony, order=order, title_ko=title, duration_minutes=2)

    page = _change_page(browser, live_server, ceremony)
    add = page.locator(".running-order").locator("xpath=..").locator(".add-row a")
    add.click()
    add.click()
    added = page.locator(ROWS).nth(2)
    added.locator('input[name$="-title_ko"]').fill("묵념")
    added.locator('input[name$="-title_en"]').fill("Moment of silence")
    added.locator('input[name$="-duration_minutes"]').fill("1")
    _drag(page, 2, 0)
    assert _shown_titles(page) == ["묵념", "개식 선언", "국민의례", ""]
    page.locator(ROWS).nth(3).locator(".inline-deletelink").click()
    assert _shown_titles(page) == ["묵념", "개식 선언", "국민의례"]
    assert _shown_orders(page) == ["10", "20", "30"]

    page.locator('input[name="_save"]').click()
    page.wait_for_url(f"{live_server.url}/admin/events/programitem/")
    assert _saved_titles(ceremony) == ["묵념", "개식 선언", "국민의례"]
