"""The accessibility statement and the meta descriptions (issue 17, items 5 and 6)."""

import re

import pytest
from django.core import checks
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


def _contact_errors() -> list[str]:
    return [
        message.msg
        for message in checks.run_checks(include_deployment_checks=True)
        if message.id == "events.E110"
    ]


def test_deploy_check_refuses_the_placeholder_contact(settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "access@defectorsday.example.org"
    settings.ACCESSIBILITY_CONTACT_PHONE = "02-2100-0000"

    assert _contact_errors() == [
        "ACCESSIBILITY_CONTACT_EMAIL is a placeholder (access@defectorsday.example.org).",
        "ACCESSIBILITY_CONTACT_PHONE is a placeholder (02-2100-0000).",
    ]


@pytest.mark.parametrize(
    ("email", "phone", "errors"),
    [
        (
            "",
            "",
            [
                "ACCESSIBILITY_CONTACT_EMAIL is not set.",
                "ACCESSIBILITY_CONTACT_PHONE is not set.",
            ],
        ),
        (
            "help@access.test",
            "call us",
            [
                "ACCESSIBILITY_CONTACT_EMAIL is a placeholder (help@access.test).",
                "ACCESSIBILITY_CONTACT_PHONE is not a telephone number (call us).",
            ],
        ),
        (
            "access",
            "02-1234-5678",
            ["ACCESSIBILITY_CONTACT_EMAIL is not an email address (access)."],
        ),
        ("access@unikorea.go.kr", "+82 2-1234-5678", []),
    ],
)
def test_deploy_check_names_each_missing_or_unusable_contact(settings, email, phone, errors):
    settings.ACCESSIBILITY_CONTACT_EMAIL = email
    settings.ACCESSIBILITY_CONTACT_PHONE = phone

    assert _contact_errors() == errors


def test_contact_check_runs_only_with_deploy_checks(settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = ""

    assert [m.id for m in checks.run_checks() if m.id == "events.E110"] == []


def test_accessibility_statement_claims_no_screen_reader_pass_that_was_not_made(client):
    html = client.get("/en/accessibility/").content.decode()

    assert "We also go through the main journeys with a keyboard and a screen reader." not in html
    assert "a person using a screen reader has not yet gone through them." in html
