"""Header injection: "\r\nBcc: …" typed into any one-line field that a person controls and an
email can carry (names, trading names, pseudonyms, a walk-in's name, a guest list's names) is
refused with a form error and nothing is saved; and text that reached the database another way
(an organiser's titles, older rows) still never opens a header: every email kind keeps its one
recipient, a one-line subject and no Bcc."""

import email

import pytest

import tests.participants.outbox.test_special_characters as special
from participants.attendance.services.guests import guest_rows_parse
from participants.outbox.services import reminder_message
from tests.bad_input.conftest import TRIBUTE_FORM, logged_in, snapshot, tribute_writer
from tests.factories import UserFactory, door_staff

pytestmark = pytest.mark.django_db

INJECTION = "Kim\r\nBcc: attacker@evil.example\r\nSubject: pwned"
MESSAGE = "Write this on one line, without line breaks or control characters."


@pytest.mark.parametrize("kind", sorted(special.BUILDERS))
def test_email_never_opens_a_header_from_text_a_person_typed(monkeypatch, kind):
    monkeypatch.setattr(special, "HOSTILE", INJECTION)
    reminder = special.BUILDERS[kind]("en")

    message = reminder_message(reminder=reminder)
    parsed = email.message_from_bytes(message.message().as_bytes())

    assert parsed["Bcc"] is None
    assert parsed.get_all("Subject") == [parsed["Subject"]]
    assert "\n" not in message.subject
    assert "\r" not in message.subject
    assert message.recipients() == [reminder.email]
    assert "attacker@evil.example" not in message.recipients()


def test_signup_name_with_a_line_break_is_a_form_error_and_no_account(client):
    before = snapshot()

    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new.person@example.org",
            "password1": "a long and unusual passphrase 7",
            "password2": "a long and unusual passphrase 7",
            "name": INJECTION,
            "preferred_language": "en",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [MESSAGE]
    assert snapshot() == before


def test_vendor_trading_and_legal_name_with_a_line_break_are_form_errors(db):
    client = logged_in(UserFactory(), csrf_checks=False)
    before = snapshot()

    response = client.post(
        "/en/vendor/profile/",
        {
            "display_name_ko": INJECTION,
            "display_name_en": "Shop",
            "legal_name": "Kim\nHana",
            "visibility": "pseudonym",
        },
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert (errors["display_name_ko"], errors["legal_name"]) == ([MESSAGE], [MESSAGE])
    assert snapshot() == before


@pytest.mark.parametrize("field", ["pseudonym", "addressee"])
def test_tribute_pseudonym_or_addressee_with_a_line_break_is_a_form_error(db, field):
    client = tribute_writer()
    before = snapshot()

    response = client.post(
        "/en/remember/write/",
        {**TRIBUTE_FORM, field: "봄비\u2028Bcc: attacker@evil.example"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [MESSAGE]
    assert snapshot() == before


def test_walk_in_name_with_a_line_break_is_refused_at_the_door(db):

    from tests.factories import door_edition

    door_edition(capacity=10)
    client = logged_in(door_staff(), csrf_checks=False)
    before = snapshot()

    response = client.post(
        "/en/checkin/", {"action": "walk_in", "name": INJECTION, "party_size": 1}
    )

    assert response.status_code == 400
    assert response.context["walk_in_form"].errors["name"] == [MESSAGE]
    assert snapshot() == before


def test_guest_list_name_with_a_line_break_is_a_row_error(db):
    from django.core.exceptions import ValidationError

    from tests.factories import EditionFactory

    edition = EditionFactory(year=2025)
    csv = b'email,name\nguest@example.org,"Kim\r\nBcc: attacker@evil.example"\n'

    with pytest.raises(ValidationError) as error:
        guest_rows_parse(name="guests.csv", data=csv, edition=edition)

    assert error.value.messages == ["2행: 이름은 제어 문자 없이 한 줄로 써 주세요."]
