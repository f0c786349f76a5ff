"""allauth's other emails, like the sign-up confirmation (tests/participants/outbox/
test_special_characters.py), come in the house layout with a text part, in the person's
language, with the footer that says why they got it (issue 17, item 2): the password reset and
the sign-in code."""

import re

import pytest
from django.core import mail

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z]+);")
REASONS = {
    "ko": "북한이탈주민의 날 누리집에서 이 주소를 입력하셨기 때문에 이 메일을 보내 드립니다.",
    "en": (
        "You are receiving this email because this address was given on the North Korean "
        "Defectors&#x27; Day website."
    ),
}
NAME = 'Kim\'s <순대> & "두부"'


def _only_message():
    [message] = mail.outbox
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return message, html


def _in_the_house_layout(message, html, language):
    assert ENTITY.findall(message.body) == []
    assert "max-width:600px" in html  # email/_layout.html
    assert REASONS[language] in html
    assert f'<html lang="{language}"' in html


@pytest.mark.parametrize("language", ["ko", "en"])
def test_password_reset_email_in_the_house_layout_with_a_text_part(client, language):
    UserFactory(email="reset.me@example.org", name=NAME, preferred_language=language)

    client.post("/accounts/password/reset/", {"email": "reset.me@example.org"})

    message, html = _only_message()
    _in_the_house_layout(message, html, language)
    # The reset link is in the text on a line of its own, and a link in the HTML part.
    [link] = re.findall(r"^(http\S+/accounts/password/reset/key/\S+)$", message.body, re.M)
    assert f'<a href="{link}"' in html


@pytest.mark.parametrize("language", ["ko", "en"])
def test_sign_in_code_email_in_the_house_layout_with_a_text_part(client, language):
    UserFactory(email="code.me@example.org", name=NAME, preferred_language=language)

    client.post("/en/accounts/login/code/", {"email": "code.me@example.org"})

    message, html = _only_message()
    _in_the_house_layout(message, html, language)
    code = re.search(r"\n(\d{6})\n", message.body).group(1)
    assert code in html
