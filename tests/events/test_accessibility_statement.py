"""The accessibility statement and the meta descriptions (issue 17, items 5 and 6)."""

import re

import pytest
from django.utils import translation

from tests.factories import EditionFactory

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def _description(html: str) -> str:
    [content] = re.findall(r'<meta name="description" content="([^"]*)">', html)
    return content


@pytest.mark.parametrize(
    ("prefix", "heading", "ask"),
    [
        ("", "<h1>접근성 정책</h1>", "도움 요청과 다른 형식의 자료"),
        ("/en", "<h1>Accessibility statement</h1>", "Ask for help or another format"),
    ],
)
def test_accessibility_statement_says_how_to_ask_for_help(client, settings, prefix, heading, ask):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@example.org"
    settings.ACCESSIBILITY_CONTACT_PHONE = "02-1234-5678"

    html = client.get(f"{prefix}/accessibility/").content.decode()

    assert heading in html
    assert f'<h2 id="help">{ask}</h2>' in html
    assert '<a href="mailto:access@example.org">access@example.org</a>' in html
    assert '<a href="tel:02-1234-5678">02-1234-5678</a>' in html
    assert "KWCAG 2.2" in html


def test_every_page_links_the_accessibility_statement_from_its_footer(client):
    EditionFactory(year=2027)

    for path, label in (("/", "접근성 정책"), ("/en/programme/", "Accessibility statement")):
        html = client.get(path).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        href = "/accessibility/" if path == "/" else "/en/accessibility/"
        assert f'<li><a href="{href}">{label}</a></li>' in footer


@pytest.mark.parametrize(
    "path", ["/", "/about/", "/accessibility/", "/programme/", "/exhibits/", "/market/"]
)
def test_every_page_has_a_meta_description_in_its_language(client, path):
    EditionFactory(year=2027, summary_ko="", summary_en="")

    korean = _description(client.get(path).content.decode())
    english = _description(client.get(f"/en{path}").content.decode())
    translation.activate("ko")

    assert len(korean) >= 20
    assert len(english) >= 20
    assert HANGUL.search(korean) is not None
    assert HANGUL.search(english) is None
    assert "<" not in korean + english
