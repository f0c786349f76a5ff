"""Public pages as a visitor sees them (issue 17, items 3 and 5): the English header on one line
at 1280 px, the programme as a time grid on a desktop and a list on a phone, checkboxes of at
least 24 px with their labels beside them."""

import pytest
from allauth.account.models import EmailAddress

from participants.models import User
from tests.e2e.browser import sign_in
from tests.factories import (
    EditionFactory,
    ExhibitFactory,
    ProgramItemFactory,
    StageFactory,
    VendorFactory,
    approved_application,
    open_market_edition,
    seoul,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _page(browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.set_default_timeout(5000)
    return page


def _box(page, selector):
    box = page.locator(selector).first.bounding_box()
    return {key: round(value) for key, value in box.items()}


def test_english_header_fits_one_line_at_1280(browser, live_server):
    EditionFactory(year=2027)
    page = _page(browser, 1280)
    page.goto(f"{live_server.url}/en/")

    tops = [_box(page, s)["y"] for s in (".site-title", ".site-nav", ".language-switcher")]
    heights = [_box(page, s)["height"] for s in (".site-nav", ".language-switcher")]

    assert max(tops) - min(tops) <= 6
    assert max(heights) <= 40
    assert page.evaluate("() => document.documentElement.scrollWidth") == 1280


@pytest.fixture
def two_stages():
    edition = EditionFactory(year=2025)
    hall = StageFactory(edition=edition, name_en="Main hall", order=1)
    lawn = StageFactory(edition=edition, name_en="Lawn", order=2)
    for stage, hour in ((hall, 10), (lawn, 10), (hall, 11), (lawn, 12)):
        ProgramItemFactory(
            edition=edition,
            stage=stage,
            title_en=f"{stage.name_en} {hour}",
            starts_at=seoul(edition, hour),
            ends_at=seoul(edition, hour, 45),
        )
    return edition


def _item_box(page, title):
    return page.locator("article.item", has_text=title).bounding_box()


def test_programme_on_a_desktop_is_a_time_grid(browser, live_server, two_stages):
    page = _page(browser, 1280)
    page.goto(f"{live_server.url}/en/2025/programme/")

    hall_10, lawn_10 = _item_box(page, "Main hall 10"), _item_box(page, "Lawn 10")
    hall_11, lawn_12 = _item_box(page, "Main hall 11"), _item_box(page, "Lawn 12")

    # Stages side by side, items at the same time on one line, later items lower down.
    assert lawn_10["x"] > hall_10["x"] + hall_10["width"] - 1
    assert abs(lawn_10["y"] - hall_10["y"]) <= 2
    assert hall_10["y"] < hall_11["y"] < lawn_12["y"]
    assert page.locator(".timegrid-hour", has_text="11:00 AM").is_visible()


@pytest.mark.parametrize(
    ("prefix", "hours"),
    [
        ("", ["오전 10:00", "오전 11:00", "오후 12:00"]),
        ("/en", ["10:00 AM", "11:00 AM", "12:00 PM"]),
    ],
)
@pytest.mark.parametrize("width", [960, 1280])
def test_programme_grid_hours_read_the_house_way_on_one_line(
    browser, live_server, two_stages, prefix, hours, width
):
    page = _page(browser, width)
    page.goto(f"{live_server.url}{prefix}/2025/programme/")

    labels = page.locator(".timegrid-hour")
    overflowing = labels.evaluate_all(
        "els => els.filter(e => e.scrollWidth > e.clientWidth).length"
    )
    first_item = page.locator("article.item").first.bounding_box()
    label = labels.first.bounding_box()

    assert labels.all_inner_texts() == hours
    assert overflowing == 0
    assert label["x"] + label["width"] <= first_item["x"]
    assert page.evaluate("() => document.documentElement.scrollWidth") == width


def test_programme_on_a_phone_is_a_list(browser, live_server, two_stages):
    page = _page(browser, 390)
    page.goto(f"{live_server.url}/en/2025/programme/")

    hall_10, hall_11 = _item_box(page, "Main hall 10"), _item_box(page, "Main hall 11")
    lawn_10 = _item_box(page, "Lawn 10")

    # One column: the lawn's items come after all of the hall's.
    assert abs(lawn_10["x"] - hall_10["x"]) <= 1
    assert hall_10["y"] < hall_11["y"] < lawn_10["y"]
    assert page.locator(".timegrid-hour").first.is_hidden()


def test_stall_application_checkboxes_are_24_px_with_labels_beside(browser, live_server):
    open_market_edition()
    owner = User.objects.create_user("stall@example.org", "a long vendor passphrase 9")
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    VendorFactory(owner=owner)
    page = _page(browser, 390)
    sign_in(
        page,
        live_server.url,
        "stall@example.org",
        "a long vendor passphrase 9",
        path="/en/accounts/login/",
    )
    page.goto(f"{live_server.url}/en/vendor/application/")

    sizes = page.eval_on_selector_all(
        "main input[type=checkbox]",
        "boxes => boxes.map(b => b.getBoundingClientRect()).map(r => [r.width, r.height])",
    )
    power = _box(page, "#id_needs_power")
    label = _box(page, "label[for=id_needs_power]")
    submit = page.locator("button[value=submit]")
    draft = page.locator("button[value=draft]")

    assert len(sizes) == 7  # five categories, electricity, water
    assert all(width >= 24 and height >= 24 for width, height in sizes)
    assert label["x"] > power["x"]
    assert abs(label["y"] + label["height"] / 2 - power["y"] - 12) <= 6
    assert submit.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(31, 78, 121)"
    assert draft.evaluate("b => getComputedStyle(b).backgroundColor") == "rgba(0, 0, 0, 0)"


# Where a card's first block starts, below the top of the card's content box (its border and
# padding excluded): a heading's or paragraph's default margin showed as an empty band.
FIRST_BLOCK_GAPS = """(selector) => [...document.querySelectorAll(selector)].map((card) => {
    const style = getComputedStyle(card);
    const top = card.getBoundingClientRect().top + parseFloat(style.borderTopWidth)
        + parseFloat(style.paddingTop);
    let first = card.firstElementChild, gap = 0;
    while (first && getComputedStyle(first).display !== 'inline') {
        gap = Math.max(gap, first.getBoundingClientRect().top - top);
        first = first.firstElementChild;
    }
    return Math.round(gap);
})"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(
    ("path", "selector"),
    [("/programme/", "article.item"), ("/exhibits/", "li.exhibit-card"), ("/market/", ".card")],
)
def test_cards_have_no_empty_band_at_the_top(browser, live_server, width, path, selector):
    edition = open_market_edition()
    ProgramItemFactory(edition=edition, starts_at=seoul(edition, 10), ends_at=seoul(edition, 11))
    ExhibitFactory()
    approved_application(edition=edition)
    page = _page(browser, width)
    page.goto(f"{live_server.url}{path}")

    gaps = page.evaluate(FIRST_BLOCK_GAPS, selector)

    assert gaps
    assert max(gaps) <= 3
