"""Plain Korean (docs/glossary.md): a sentence is about 40 characters, one line and a half on a
phone, one fact each. Checked on the pages people read in a hard moment or in a hurry: about,
the edition's home (the memorial), the remembrance wall and writing on it, the memorial book,
the accessibility statement and the error pages. A sentence naming a law in full (「…」) may run
longer."""

import html
import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import timezone, translation

from tests.factories import EditionFactory, UserFactory

# "About 40": two characters of slack for a closing bracket or a number's width.
LONGEST_SENTENCE = 42

pytestmark = pytest.mark.urls("tests.events.error_urls")


def korean_sentences(page: str) -> list[str]:
    """The Korean sentences of the page's <main> (or of the whole page, when it has none)."""
    found = re.search(r"<main[^>]*>(.*)</main>", page, re.S)
    body = found.group(1) if found else page
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", body, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", body))
    return [
        sentence.strip()
        for line in text.splitlines()
        for sentence in re.split(r"(?<=[.?!])\s+", line)
        if re.search(r"[가-힣]", sentence) and "「" not in sentence
    ]


def _too_long(page: str) -> list[str]:
    return [sentence for sentence in korean_sentences(page) if len(sentence) > LONGEST_SENTENCE]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status", "fewest_sentences"),
    [
        ("/about/", 200, 15),
        ("/", 200, 5),
        ("/remember/", 200, 2),
        ("/accessibility/", 200, 10),
        ("/no-such-page/", 404, 2),
        ("/test-errors/forbidden/", 403, 2),
        ("/test-errors/suspicious/", 400, 2),
    ],
)
def test_page_korean_sentences_are_short_enough_for_a_phone(client, path, status, fewest_sentences):
    EditionFactory(year=2025)

    response = client.get(path)

    page = response.content.decode()
    assert response.status_code == status
    assert len(korean_sentences(page)) >= fewest_sentences
    assert _too_long(page) == []


@pytest.mark.django_db
def test_about_page_calls_the_dead_bundeul_never_ideul(client):
    # docs/glossary.md: the dead are 분들, never 이들.
    page = client.get("/about/").content.decode()

    assert "이들" not in " ".join(korean_sentences(page))


@pytest.mark.django_db
def test_writing_on_the_remembrance_wall_is_in_short_sentences(client):
    EditionFactory(year=2025)
    client.force_login(UserFactory())

    page = client.get("/remember/write/").content.decode()

    assert len(korean_sentences(page)) >= 5
    assert _too_long(page) == []


def test_server_error_page_is_in_short_sentences():
    # No database: the 500 page renders without one.
    page = Client(raise_request_exception=False).get("/test-errors/broken/").content.decode()

    assert len(korean_sentences(page)) >= 2
    assert _too_long(page) == []


@pytest.mark.django_db
def test_expired_form_page_is_in_short_sentences():
    client = Client(enforce_csrf_checks=True)

    page = client.post("/accounts/login/", {"login": "a@example.org", "password": "x"})

    assert page.status_code == 403
    assert len(korean_sentences(page.content.decode())) >= 2
    assert _too_long(page.content.decode()) == []


@pytest.mark.django_db
def test_memorial_book_is_in_short_sentences():
    edition = EditionFactory(year=2025)

    with translation.override("ko"):
        page = render_to_string(
            "participants/tributes/memorial_book.html",
            {"edition": edition, "tributes": [], "printed_at": timezone.now()},
        )

    assert len(korean_sentences(page)) >= 2
    assert _too_long(page) == []
