"""An organiser reads an edition's day timeline in the admin on a laptop and on a phone."""

import pytest
from allauth.account.models import EmailAddress

from participants.models import User
from tests.e2e.browser import sign_in
from tests.factories import EditionFactory, ProgramItemFactory, StageFactory, seoul

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

STAGES = [
    ("대강당", "Main hall"),
    ("야외무대", "Outdoor stage"),
    ("세미나실", "Seminar room"),
    ("전시관", "Exhibition hall"),
    ("장터", "Market area"),
]


@pytest.fixture
def five_stage_day():
    """The demo's five stages, one item on each, an hour apart from 10:00 to 15:00."""
    edition = EditionFactory(year=2025)
    for order, (name_ko, name_en) in enumerate(STAGES):
        stage = StageFactory(edition=edition, name_ko=name_ko, name_en=name_en, order=order)
        ProgramItemFactory(
            edition=edition,
            stage=stage,
            title_ko=f"{name_ko} 순서",
            starts_at=seoul(edition, 10 + order),
            ends_at=seoul(edition, 11 + order),
        )
    organiser = User.objects.create_superuser("organiser@example.org", "organiser-password-2025")
    # Staff sign in through allauth, which wants a verified address.
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    return edition


def _timeline(browser, live_server, edition, viewport):
    page = browser.new_page(viewport=viewport, locale="ko-KR")
    page.set_default_timeout(5000)
    sign_in(
        page,
        live_server.url,
        "organiser@example.org",
        "organiser-password-2025",
        path="/admin/login/",
    )
    page.goto(f"{live_server.url}/admin/events/edition/{edition.pk}/timeline/")
    return page


def _right_edges(page, selector):
    return page.eval_on_selector_all(
        selector, "nodes => nodes.map(n => Math.round(n.getBoundingClientRect().right))"
    )


def _seen_whole(page, selector):
    """Whether each node's right end is what the browser shows at that point (not clipped)."""
    return page.eval_on_selector_all(
        selector,
        """nodes => nodes.map(n => {
            const r = n.getBoundingClientRect();
            const seen = document.elementFromPoint(r.right - 2, r.top + r.height / 2);
            return seen !== null && n.contains(seen);
        })""",
    )


def test_admin_timeline_shows_all_five_stages_at_1280_pixels(live_server, browser, five_stage_day):
    page = _timeline(browser, live_server, five_stage_day, {"width": 1280, "height": 800})

    heads = page.locator(".stage-head").all_inner_texts()

    assert heads == ["대강당", "야외무대", "세미나실", "전시관", "장터"]
    assert _seen_whole(page, ".stage-head") == [True] * 5


def test_admin_timeline_on_a_phone_scrolls_sideways_by_keyboard(
    live_server, browser, five_stage_day
):
    page = _timeline(browser, live_server, five_stage_day, {"width": 390, "height": 844})
    region = page.get_by_role("region", name="하루 일정표")
    page.get_by_role("link", name="프로그램 수정").focus()

    page.keyboard.press("Tab")
    focused = region.evaluate("node => node === document.activeElement")
    for _ in range(20):
        page.keyboard.press("ArrowRight")
    # Keyboard scrolling is animated: wait until the region has come to its right end.
    page.wait_for_function(
        "() => { const n = document.querySelector('.timeline-scroll');"
        " return n.scrollLeft > 0 && n.scrollLeft + n.clientWidth >= n.scrollWidth - 1; }"
    )
    box = region.bounding_box()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    hour = page.locator(".hour").first.bounding_box()

    assert focused is True
    assert page_width == 390  # the page itself never scrolls sideways
    # Scrolled to the end: the last stage is in view, and the times stay at the left edge.
    assert _right_edges(page, ".stage-head")[-1] <= box["x"] + box["width"]
    assert _seen_whole(page, ".stage-head")[-1] is True
    assert round(hour["x"]) == round(box["x"]) + 1
    assert page.locator(".timeline-hint").is_visible()
