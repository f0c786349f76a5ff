"""The organisers' admin on a 1280 px laptop: no sideways scroll, short values on one line
(issue 17, item 4)."""

import datetime as dt

import pytest
from allauth.account.models import EmailAddress

from participants.models import User
from tests.e2e.browser import sign_in
from tests.factories import (
    AppearanceFactory,
    EditionFactory,
    PerformerFactory,
    ProgramItemFactory,
    StallApplicationFactory,
    seoul,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "organiser-password-2025"


def _admin_page(browser, live_server, path):
    organiser = User.objects.create_superuser("organiser@example.org", PASSWORD)
    # Staff sign in through allauth, which wants a verified address.
    EmailAddress.objects.create(user=organiser, email=organiser.email, verified=True, primary=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ko-KR")
    page.set_default_timeout(5000)
    sign_in(page, live_server.url, "organiser@example.org", PASSWORD, path="/admin/login/")
    page.goto(f"{live_server.url}{path}")
    return page


def _scrolls_sideways(page) -> bool:
    return page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


def test_admin_programme_item_form_with_performers_fits_1280(browser, live_server):
    edition = EditionFactory(year=2025)
    item = ProgramItemFactory(edition=edition, title_ko="추모식", starts_at=seoul(edition, 10))
    for order in range(3):
        AppearanceFactory(
            item=item,
            performer=PerformerFactory(display_name=f"출연자 {order}"),
            role_ko="낭독",
            role_en="Reading",
            order=order,
            call_time=seoul(edition, 9) + dt.timedelta(minutes=10 * order),
        )

    page = _admin_page(browser, live_server, f"/admin/events/programitem/{item.pk}/change/")

    assert _scrolls_sideways(page) is False
    right = page.eval_on_selector(
        ".inline-group table", "t => Math.round(t.getBoundingClientRect().right)"
    )
    assert right <= 1280


def test_admin_stall_applications_list_fits_1280_with_status_on_one_line(browser, live_server):
    edition = EditionFactory(year=2025)
    for status in ("info_requested", "submitted", "waitlisted", "approved"):
        StallApplicationFactory(
            edition=edition, status=status, sells_food=True, needs_power=True, needs_water=True
        )

    page = _admin_page(browser, live_server, "/admin/participants/stallapplication/")

    assert _scrolls_sideways(page) is False
    lines = page.eval_on_selector_all(
        "#result_list td.field-status_label",
        """cells => cells.map(c => {
            const range = document.createRange();
            range.selectNodeContents(c);
            return range.getClientRects().length;
        })""",
    )
    assert lines == [1, 1, 1, 1]
    for column in ("th.column-stall_link", "th.column-submitted_at"):
        box = page.locator(column).bounding_box()
        assert box is not None
        assert box["x"] + box["width"] <= 1280
