"""The embeddable programme (/embed/programme/) and the calendar feeds per stage and kind."""

import icalendar
import pytest

from events.models import ProgramItem
from tests.factories import EditionFactory, ProgramItemFactory, StageFactory, seoul

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(edition, concert):
    """The conftest's edition and concert, and 추모식 (Memorial ceremony) in the hall at 10:00."""
    ProgramItemFactory(
        edition=edition,
        stage=edition.stages.get(order=1),
        kind=ProgramItem.Kind.CEREMONY,
        title_ko="추모식",
        title_en="Memorial ceremony",
        starts_at=seoul(edition, 10),
        ends_at=seoul(edition, 11),
    )
    return edition


def test_embed_shows_the_programme_in_the_chosen_language(client, edition):
    korean = client.get("/embed/programme/?lang=ko").content.decode()
    english = client.get("/embed/programme/?lang=en").content.decode()

    assert "추모식" in korean
    assert "공연" in korean
    assert "Memorial ceremony" in english
    assert "Outdoor stage" in english
    assert '<html lang="en"' in english


def test_embed_filters_by_kind(client, edition):
    page = client.get("/embed/programme/?kind=performance").content.decode()

    assert "공연" in page
    assert "추모식" not in page


def test_embed_sets_no_cookie_and_runs_no_inline_script(client, edition):
    response = client.get("/embed/programme/?lang=ko")

    html = response.content.decode()
    assert response.status_code == 200
    assert response.cookies == {}
    assert "<script>" not in html
    assert 'src="/static/embed/programme.js"' in html
    assert " style=" not in html


def _directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";") if " " in part.strip())


@pytest.mark.parametrize("cache_seconds", [0, 60])
def test_embed_alone_may_be_framed(client, edition, settings, cache_seconds):
    """The site's policy (django-csp, config/settings/base.py) forbids framing; the embed page
    alone overrides frame-ancestors, also when it is served from the page cache."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = cache_seconds
    client.get("/embed/programme/")

    embed = client.get("/embed/programme/")
    page = client.get("/programme/")

    assert _directives(embed)["frame-ancestors"] == "*"
    assert _directives(embed)["script-src"] == "'self'"
    assert "X-Frame-Options" not in embed
    assert _directives(page)["frame-ancestors"] == "'none'"
    assert page["X-Frame-Options"] == "DENY"


def test_embed_takes_only_valid_colours(client, edition):
    html = client.get(
        "/embed/programme/?accent=%23b3261e&background=red&text=%23fff%22%3E%3Cscript%3E"
    ).content.decode()

    assert 'data-colour-accent="#b3261e"' in html
    assert "data-colour-background" not in html
    assert "data-colour-text" not in html
    assert "<script>" not in html


def test_widget_script_is_a_static_file(client):
    from django.contrib.staticfiles import finders

    assert finders.find("embed/widget.js") is not None
    assert finders.find("embed/programme.js") is not None


def _events(response) -> list[tuple[str, str]]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return [(str(e["summary"]), str(e["location"])) for e in calendar.walk("VEVENT")]


def test_calendar_feed_of_one_stage(client, edition):
    outdoor = edition.stages.get(name_en="Outdoor stage")

    response = client.get(f"/programme/stages/{outdoor.pk}.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert _events(response) == [("공연", "야외무대, 서울")]


def test_calendar_feed_of_one_kind(client, edition):
    current = client.get("/programme/kinds/ceremony.ics")
    by_year = client.get("/en/2025/programme/kinds/performance.ics")

    assert _events(current) == [("추모식", "대강당, 서울")]
    assert _events(by_year) == [("Concert", "Outdoor stage, Seoul")]


@pytest.mark.parametrize(
    "path",
    [
        "/programme/kinds/party.ics",
        "/2019/programme/kinds/ceremony.ics",
        "/programme/stages/999999.ics",
    ],
)
def test_calendar_feed_of_an_unknown_kind_stage_or_year_is_a_404(client, edition, path):
    assert client.get(path).status_code == 404


def test_calendar_feed_of_an_unpublished_editions_stage_is_a_404(client, edition):
    hidden = StageFactory(edition=EditionFactory(year=2026, is_published=False))

    assert client.get(f"/programme/stages/{hidden.pk}.ics").status_code == 404
