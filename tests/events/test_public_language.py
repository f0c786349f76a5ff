"""No English on the Korean pages a visitor or a signed-in attendee can reach."""

import re
from html import unescape

import pytest

from tests.factories import (
    ExhibitFactory,
    ProgramItemFactory,
    RsvpFactory,
    UserFactory,
    approved_application,
    open_edition,
)

pytestmark = pytest.mark.django_db

# The same in Korean writing: formats and letters people type or scan.
ALLOWED = {"QR", "ics", "PDF", "JPEG", "PNG", "WebP", "HEIC", "MB", "CSV"}


def _visible_words(content: str) -> set[str]:
    content = re.sub(r"<(script|style|svg)[^>]*>.*?</\1>", " ", content, flags=re.S)
    text = unescape(re.sub(r"<[^>]+>", " ", content))
    # The language switcher names English in English, as it should.
    return set(re.findall(r"\b[A-Za-z]{3,}\b", text)) - ALLOWED - {"English"}


def test_korean_pages_show_no_english_words(client):
    edition = open_edition(capacity=100)
    item = ProgramItemFactory(edition=edition, capacity=20)
    exhibit = ExhibitFactory(is_published=True, lender__display_name="소장자 갑")
    approved_application(edition=edition)
    user = UserFactory(name="김하나")
    rsvp = RsvpFactory(user=user, edition=edition)
    pages = [
        "/",
        "/about/",
        "/programme/",
        f"/programme/{item.pk}/",
        "/exhibits/",
        f"/exhibits/{exhibit.object_number}/",
        "/market/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
    ]
    signed_in_pages = ["/rsvp/", "/me/", f"/me/tickets/{rsvp.pk}/", "/vendor/", "/accounts/logout/"]

    english = {}
    for page in pages:
        words = _visible_words(client.get(page).content.decode())
        if words:
            english[page] = sorted(words)
    client.force_login(user)
    for page in signed_in_pages:
        # A ticket code is letters and digits, not English: it is taken out before the scan.
        content = (
            client.get(page, follow=True)
            .content.decode()
            .replace(rsvp.ticket_code, " ")
            .replace(rsvp.code_display, " ")
        )
        words = _visible_words(content)
        if words:
            english[page] = sorted(words)

    assert english == {}
